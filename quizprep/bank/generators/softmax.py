"""Generators for the softmax questions."""

from __future__ import annotations

from quizprep.bank.generators import Params, as_ints, generator


@generator("softmax", draw=lambda rng, p: {"logits": as_ints(rng.integers(-4, 7, size=len(p["logits"])))})
def softmax_values(params: Params) -> list[float]:
    """softmax(z)_i = exp(z_i - max z) / sum_j exp(z_j - max z), computed by the engine's Softmax."""
    import numpy as np

    from quizprep.engine import Softmax

    return [float(v) for v in Softmax().forward(np.asarray(params["logits"], dtype=np.float64))]
