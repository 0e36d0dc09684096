"""Generators of the figure questions: draw what the plot shows, compute the answer from the same data.

The data behind each plot comes from quizprep.bank.figures (real training runs with the engine,
forward passes through deep stacks, activation curves); the answer is read off that data by a rule
(which run diverged, which std stayed near 1), never typed.
"""

from __future__ import annotations

import math
from typing import Any

from quizprep.bank.figures import activations, depth, fitting, learning_curves
from quizprep.bank.generators import Params, as_ints, generator


def _data_seed(rng: Any) -> int:
    return int(rng.integers(0, 10_000))


def _draw_learning_rates(rng: Any, params: Params) -> Params:
    return {"data": _data_seed(rng), "low": float(rng.choice([0.01, 0.02, 0.03])),
            "good": float(rng.choice([0.6, 0.8, 0.9])), "high": float(rng.choice([1.1, 1.2, 1.3])),
            "order": as_ints(rng.permutation(3))}


@generator("figure-lr-too-high", draw=_draw_learning_rates)
def lr_too_high(params: Params) -> int:
    return learning_curves.diverging_run(params)


@generator("figure-lr-too-low", draw=_draw_learning_rates)
def lr_too_low(params: Params) -> int:
    return learning_curves.slowest_run(params)


@generator("figure-momentum", draw=lambda rng, p: {
    "data": _data_seed(rng), "lr": float(rng.choice([0.05, 0.1, 0.15])),
    "labels": [str(v) for v in rng.permutation(["plain", "momentum"])]})
def momentum_curve(params: Params) -> int:
    return learning_curves.momentum_run(params)


@generator("figure-activation-name", draw=lambda rng, p: {"activation": str(rng.choice(activations.ACTIVATIONS))})
def activation_name(params: Params) -> int:
    return activations.activation_choice(params)


@generator("figure-sigmoid-steepness", draw=lambda rng, p: {"activation": "sigmoid",
                                                             "scale": float(rng.choice([0.5, 1.0, 2.0, 3.0, 4.0]))})
def sigmoid_steepness(params: Params) -> float:
    """k from the plotted curve: f'(x) = k·σ'(k·x) peaks at k·σ'(0) = k/4."""
    return 4.0 * activations.steepest_slope(params)


def _two_scales(rng: Any, fixed: float, other: float, activation: str) -> Params:
    scales = [fixed, other] if rng.random() < 0.5 else [other, fixed]
    return {"data": _data_seed(rng), "width": int(rng.choice([32, 64])), "layers": int(rng.integers(6, 11)),
            "scales": scales, "activation": activation}


@generator("figure-init-tanh", draw=lambda rng, p: _two_scales(
    rng, 1.0, float(rng.choice([0.2, 0.3, 0.5])), "tanh"))
def init_tanh(params: Params) -> int:
    return depth.steadiest(params)


@generator("figure-init-relu", draw=lambda rng, p: _two_scales(rng, math.sqrt(2.0), 1.0, "relu"))
def init_relu(params: Params) -> int:
    return depth.steadiest(params)


@generator("figure-tanh-saturation", draw=lambda rng, p: _two_scales(
    rng, 1.0, float(rng.choice([3.0, 4.0, 6.0])), "tanh"))
def tanh_saturation(params: Params) -> int:
    return depth.most_saturated(params)


@generator("figure-fit-diagnosis", draw=lambda rng, p: {
    "data": _data_seed(rng), **({"model": "linear", "n_train": 30} if rng.random() < 0.5
                               else {"model": "wide", "n_train": 10})})
def fit_diagnosis(params: Params) -> int:
    return fitting.diagnosis(params)


@generator("figure-early-stopping", draw=lambda rng, p: {"data": _data_seed(rng), "model": "wide", "n_train": 10})
def early_stopping(params: Params) -> int:
    return fitting.stopping_choice(params)
