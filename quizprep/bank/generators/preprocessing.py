"""Generators for the data-preprocessing questions: centring and scaling with the notes' σ (divisor N − 1)."""

from __future__ import annotations

from typing import Any

from quizprep.bank.generators import Params, as_ints, generator


def _feature(rng: Any, size: int) -> list[int]:
    """Integer feature values that are not all equal (σ must not be 0)."""
    while True:
        values = as_ints(rng.integers(0, 21, size=size))
        if len(set(values)) > 1:
            return values


def _mean_and_std(values: list[float]) -> tuple[float, float]:
    """Mean and σ = √(Σ(x − x̄)²/(N − 1)), the notes' unbiased estimate (numpy's ddof=1)."""
    import numpy as np

    x = np.asarray(values, dtype=np.float64)
    return float(x.mean()), float(x.std(ddof=1))


def _draw_test_point(rng: Any, params: Params) -> Params:
    return {"train": _feature(rng, len(params["train"])), "x_new": int(rng.integers(-5, 26))}


@generator("standardize-test-point", draw=_draw_test_point)
def standardize_test_point(params: Params) -> float:
    """A new value is scaled with the training set's x̄ and σ, never with statistics that include it."""
    mean, std = _mean_and_std(params["train"])
    return (params["x_new"] - mean) / std
