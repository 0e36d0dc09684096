"""Generators for the regularisation questions: penalty values and an SGD step with weight decay."""

from __future__ import annotations

from typing import Any

from quizprep.bank.generators import Params, generator


def _weights(rng: Any, size: int) -> list[float]:
    return [float(v) for v in rng.choice([-2.0, -1.5, -1.0, -0.5, -0.25, 0.25, 0.5, 1.0, 1.5, 2.0], size=size)]


@generator("weight-penalties", draw=lambda rng, p: {"w": _weights(rng, len(p["w"])),
                                                     "lam": float(rng.choice([0.01, 0.1, 0.5, 1.0, 2.0]))})
def weight_penalties(params: Params) -> list[float]:
    """[λ·Σ|w|, λ·Σw²]: the L1 penalty of the notes' code (lam·sum(abs(W))) and the L2 one."""
    import numpy as np

    w = np.asarray(params["w"], dtype=np.float64)
    return [float(params["lam"] * np.abs(w).sum()), float(params["lam"] * (w * w).sum())]


def _draw_decay_step(rng: Any, params: Params) -> Params:
    size = len(params["w"])
    return {"w": _weights(rng, size), "grad": _weights(rng, size), "lr": float(rng.choice([0.01, 0.05, 0.1])),
            "weight_decay": float(rng.choice([0.01, 0.05, 0.1, 0.5]))}


@generator("sgd-weight-decay-step", draw=_draw_decay_step)
def sgd_weight_decay_step(params: Params) -> list[float]:
    """The change of w in one step of SGD(lr, weight_decay): Δw = −lr·(g + weight_decay·w)."""
    import numpy as np

    from quizprep.bank.generators.optimizers import run_steps
    from quizprep.engine import SGD

    after = run_steps(lambda ps: SGD(ps, lr=params["lr"], weight_decay=params["weight_decay"]), params["w"],
                      [params["grad"]])
    return [float(v) for v in np.asarray(after) - np.asarray(params["w"], dtype=np.float64)]
