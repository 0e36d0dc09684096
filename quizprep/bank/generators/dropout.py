"""Generators for the dropout questions."""

from __future__ import annotations

from typing import Any

from quizprep.bank.generators import Params, as_ints, generator


def _draw_masked(rng: Any, params: Params) -> Params:
    size = len(params["x"])
    mask = as_ints(rng.integers(0, 2, size=size))
    mask[int(rng.integers(size))] = 1  # at least one unit survives
    return {"x": [float(v) for v in rng.integers(-30, 31, size=size) / 10], "mask": mask,
            "p": float(rng.choice([0.1, 0.2, 0.25, 0.5, 0.75]))}


@generator("inverted-dropout-forward", draw=_draw_masked)
def inverted_dropout_forward(params: Params) -> list[float]:
    """Training output of inverted dropout for a given keep mask: y = x·mask/(1 − p), p = drop probability."""
    import numpy as np

    x, mask = np.asarray(params["x"], dtype=np.float64), np.asarray(params["mask"], dtype=np.float64)
    return [float(v) for v in x * mask / (1.0 - params["p"])]
