"""Weight initialisation: torch's xavier_normal_ / kaiming_normal_ and the notes' `a * randn(in, out)`.

Axis convention: our Linear keeps W as (in, out) (the notes' X·W), so for a 2-D array
**fan_in = shape[0] and fan_out = shape[1]** (for more dimensions both are multiplied by the product
of shape[2:]). torch stores its Linear weight as (out, in) and reads fan_in from dim 1; for the same
layer both give fan_in = in_features, so the numbers (and the std of the samples) agree.

The notes' recipes are `W = a * randn(in_num, out_num)` with
    "Xavier": a = 1 / sqrt(in_num)         -> `notes_xavier_scale`
    "He":     a = 1 / sqrt(in_num / 2)     -> `notes_he_scale`
Note the notes' "Xavier" is not torch's: torch.nn.init.xavier_normal_ uses
std = gain · sqrt(2 / (fan_in + fan_out)), which averages both fans (they coincide when in = out).
The notes' "He" equals torch's kaiming_normal_ with the default mode='fan_in' and ReLU gain sqrt(2).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from quizprep.engine.backend import Array, as_rng
from quizprep.engine.base import Param


def fans(shape: tuple[int, ...]) -> tuple[int, int]:
    """Return (fan_in, fan_out) of a weight of `shape` laid out as (in, out, *receptive)."""
    if len(shape) < 2:
        raise ValueError("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions")
    receptive = math.prod(shape[2:])
    return shape[0] * receptive, shape[1] * receptive


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    """Return torch.nn.init.calculate_gain's recommended gain for a nonlinearity."""
    if nonlinearity in ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
                        "conv_transpose3d", "sigmoid"):
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3.0
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        slope = 0.01 if param is None else float(param)
        return math.sqrt(2.0 / (1.0 + slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4.0
    raise ValueError(f"Unsupported nonlinearity {nonlinearity}")


def _fill_normal_(target: Array | Param, std: float, rng: Any) -> Array:
    array = target.data if isinstance(target, Param) else target
    array[...] = as_rng(rng).normal(tuple(array.shape), like=array, std=std)
    return array


def xavier_normal_(target: Array | Param, gain: float = 1.0, *, rng: Any = None) -> Array:
    """Fill an (in, out) array (or a Param's data) in place with N(0, std²), std = gain·sqrt(2/(fan_in+fan_out)).

    Same distribution as torch.nn.init.xavier_normal_. Returns the array. `rng`: seed or generator.
    """
    fan_in, fan_out = fans(tuple((target.data if isinstance(target, Param) else target).shape))
    return _fill_normal_(target, gain * math.sqrt(2.0 / (fan_in + fan_out)), rng)


def kaiming_normal_(target: Array | Param, a: float = 0.0, mode: str = "fan_in",
                    nonlinearity: str = "leaky_relu", *, rng: Any = None) -> Array:
    """Fill an (in, out) array (or a Param's data) in place with N(0, std²), std = gain / sqrt(fan).

    gain = calculate_gain(nonlinearity, a) (sqrt(2/(1+a²)) for leaky_relu, so sqrt(2) with a = 0);
    fan = fan_in = shape[0] (mode='fan_in') or fan_out = shape[1] (mode='fan_out'), as in
    torch.nn.init.kaiming_normal_. Returns the array.
    """
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"Mode {mode} not supported, please use one of fan_in, fan_out")
    fan_in, fan_out = fans(tuple((target.data if isinstance(target, Param) else target).shape))
    fan = fan_in if mode == "fan_in" else fan_out
    return _fill_normal_(target, calculate_gain(nonlinearity, a) / math.sqrt(fan), rng)


def simple_normal(in_num: int, out_num: int, a: float, *, rng: Any = None) -> np.ndarray:
    """The notes' simplest initialisation: W = a · randn(in_num, out_num) (float64 numpy).

    Too large an `a` makes activations explode; too small makes them (and the gradients) vanish.
    Use a = notes_xavier_scale(in_num) or notes_he_scale(in_num) (for ReLU).
    """
    return as_rng(rng).normal((in_num, out_num), like=np.empty(0), std=a)


def notes_xavier_scale(in_num: int) -> float:
    """The notes' "Xavier" scale a = 1/sqrt(in_num) (variance 1/n; torch's xavier_normal_ differs)."""
    return 1.0 / math.sqrt(in_num)


def notes_he_scale(in_num: int) -> float:
    """The notes' "He" scale a = 1/sqrt(in_num / 2) = sqrt(2/in_num) (torch's kaiming_normal_ for ReLU)."""
    return 1.0 / math.sqrt(in_num / 2)
