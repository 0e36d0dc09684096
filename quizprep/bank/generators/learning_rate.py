"""Generators for the learning-rate questions: annealing schedules and gradient descent on a parabola."""

from __future__ import annotations

import math
from typing import Any

from quizprep.bank.generators import Params, generator


def _draw_step_decay(rng: Any, params: Params) -> Params:
    every = int(rng.choice([5, 10, 20, 30]))
    decays = int(rng.integers(1, 4))  # one to three drops: the answer stays a readable number
    return {"lr0": float(rng.choice([0.1, 0.05, 0.01])), "factor": float(rng.choice([0.1, 0.2, 0.5])),
            "every": every, "epoch": decays * every + int(rng.integers(0, every))}


@generator("step-decay-lr", draw=_draw_step_decay)
def step_decay_lr(params: Params) -> float:
    """Multiply by λ every n epochs (torch's StepLR): lr_t = lr0·λ^⌊t/n⌋, epochs counted from 0."""
    return params["lr0"] * params["factor"] ** (params["epoch"] // params["every"])


def _draw_exp_decay(rng: Any, params: Params) -> Params:
    return {"lr0": float(rng.choice([0.1, 0.05, 0.01])), "alpha": float(rng.choice([0.01, 0.02, 0.05, 0.1])),
            "epoch": int(rng.integers(5, 61))}


@generator("exp-decay-lr", draw=_draw_exp_decay)
def exp_decay_lr(params: Params) -> float:
    """The notes' exponential annealing lr = lr0·e^(−α·t)."""
    return params["lr0"] * math.exp(-params["alpha"] * params["epoch"])


def _draw_parabola(rng: Any, params: Params) -> Params:
    while True:
        k, lr = int(rng.choice([1, 2, 4, 5])), float(rng.choice([0.1, 0.2, 0.25, 0.3, 0.45, 0.6]))
        if 0.2 <= abs(1 - lr * k) <= 1.6:  # neither a one-step landing at 0 nor a huge blow-up
            break
    return {"k": k, "lr": lr, "w0": float(rng.choice([-2.0, -1.0, 1.0, 2.0])), "steps": int(rng.integers(3, 7))}


@generator("gd-parabola", draw=_draw_parabola)
def gd_parabola(params: Params) -> float:
    """Plain gradient descent (the engine's SGD) on f(w) = k/2·w², g = k·w: w_n = (1 − lr·k)^n·w0."""
    from quizprep.bank.generators.optimizers import run_steps
    from quizprep.engine import SGD

    k = params["k"]
    return run_steps(lambda ps: SGD(ps, lr=params["lr"]), params["w0"], lambda w: k * w, params["steps"])[0]
