"""Generators for the weight-initialisation questions: variances of sums, torch's Xavier and Kaiming std."""

from __future__ import annotations

import math
from typing import Any

from quizprep.bank.generators import Params, generator

LAYER_SIZES = [64, 100, 128, 200, 256, 300, 400, 512, 784, 1000, 1024]


def _two_sizes(rng: Any) -> Params:
    fan_in, fan_out = (int(v) for v in rng.choice(LAYER_SIZES, size=2, replace=False))
    return {"fan_in": fan_in, "fan_out": fan_out}


@generator("neuron-output-std", draw=lambda rng, p: {"n": int(rng.choice([50, 100, 400, 1000, 2500])),
                                                      "a": float(rng.choice([0.01, 0.05, 0.1, 0.2, 1.0]))})
def neuron_output_std(params: Params) -> float:
    """std(Σ w_i x_i) = a·√n for n independent zero-mean terms, w_i ~ a·N(0, 1), Var(x_i) = 1."""
    return params["a"] * math.sqrt(params["n"])


@generator("init-depth-variance", draw=lambda rng, p: {"n": int(rng.choice([64, 100, 256, 400, 1024])),
                                                        "a": float(rng.choice([0.02, 0.05, 0.08, 0.1])),
                                                        "layers": int(rng.integers(2, 7))})
def init_depth_variance(params: Params) -> float:
    """Each linear layer multiplies the variance by n·a², so after L layers it is (n·a²)^L."""
    return (params["n"] * params["a"] ** 2) ** params["layers"]


@generator("xavier-normal-std", draw=lambda rng, p: _two_sizes(rng))
def xavier_normal_std(params: Params) -> float:
    """torch.nn.init.xavier_normal_: std = gain·√(2/(fan_in + fan_out)), gain 1 (calculate_gain('linear'))."""
    from quizprep.engine import calculate_gain

    return calculate_gain("linear") * math.sqrt(2.0 / (params["fan_in"] + params["fan_out"]))


@generator("kaiming-normal-std", draw=lambda rng, p: _two_sizes(rng))
def kaiming_normal_std(params: Params) -> float:
    """torch.nn.init.kaiming_normal_(mode='fan_in', nonlinearity='relu'): std = √2/√fan_in."""
    from quizprep.engine import calculate_gain

    return calculate_gain("relu") / math.sqrt(params["fan_in"])
