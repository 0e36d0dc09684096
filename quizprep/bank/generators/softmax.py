"""Generators for the softmax questions."""

from __future__ import annotations

from quizprep.bank.generators import Params, as_ints, generator


@generator("softmax", draw=lambda rng, p: {"logits": as_ints(rng.integers(-4, 7, size=len(p["logits"])))})
def softmax_values(params: Params) -> list[float]:
    """softmax(z)_i = exp(z_i - max z) / sum_j exp(z_j - max z), computed by the engine's Softmax."""
    import numpy as np

    from quizprep.engine import Softmax

    return [float(v) for v in Softmax().forward(np.asarray(params["logits"], dtype=np.float64))]


def _logits_and_pair(rng, p: Params) -> Params:
    size = len(p["logits"])
    i, j = (int(v) for v in rng.integers(1, size + 1, size=2))  # i == j (the diagonal) is allowed
    return {"logits": as_ints(rng.integers(-4, 7, size=size)), "i": i, "j": j}


@generator("softmax-jacobian-entry", draw=_logits_and_pair)
def softmax_jacobian_entry(params: Params) -> float:
    """∂s_i/∂z_j = s_i(δ_ij − s_j) (1-based i, j): the engine's Softmax backward of the unit vector e_i, entry j."""
    import numpy as np

    from quizprep.engine import Softmax

    layer = Softmax()
    layer.forward(np.asarray(params["logits"], dtype=np.float64))
    unit = np.zeros(len(params["logits"]))
    unit[params["i"] - 1] = 1.0
    return float(layer.backward(unit)[params["j"] - 1])


def _logits_and_class(rng, p: Params) -> Params:
    size = len(p["logits"])
    return {"logits": as_ints(rng.integers(-4, 7, size=size)), "target": int(rng.integers(0, size))}


@generator("softmax-ce-gradient", draw=_logits_and_class)
def softmax_ce_gradient(params: Params) -> list[float]:
    """d(−ln softmax(z)_target)/dz = softmax(z) − onehot(target): the engine's CrossEntropyLoss backward."""
    import numpy as np

    from quizprep.engine import CrossEntropyLoss

    loss = CrossEntropyLoss()
    loss.forward(np.asarray([params["logits"]], dtype=np.float64), np.asarray([params["target"]]))
    return [float(v) for v in loss.backward()[0]]


@generator("softmax-large-logits", draw=lambda rng, p: {
    "logits": as_ints(int(rng.integers(5, 20)) * 100 + rng.integers(0, 4, size=len(p["logits"])))})
def softmax_large_logits(params: Params) -> list[float]:
    """Softmax of logits near 1000, computed stably (the engine subtracts the max first)."""
    import numpy as np

    from quizprep.engine import Softmax

    return [float(v) for v in Softmax().forward(np.asarray(params["logits"], dtype=np.float64))]
