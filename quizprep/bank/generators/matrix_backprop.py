"""Generators for backprop with matrices: ½‖XW‖² from the lecture and the Linear layer's backward."""

from __future__ import annotations

import itertools

from quizprep.bank.generators import Params, generator


def _nonzero_ints(rng, shape) -> list:
    """Small nonzero integers, as nested lists (TOML- and JSON-friendly)."""
    values = rng.integers(1, 4, size=shape) * rng.choice([-1, 1], size=shape)
    return values.astype(int).tolist()


def _column_and_row(rng, p: Params) -> Params:
    return {"X": _nonzero_ints(rng, (len(p["X"]), 1)), "W": _nonzero_ints(rng, (1, len(p["W"][0])))}


def _half_sq_norm_grads(params: Params) -> tuple:
    """∇_X and ∇_W of f = ½‖XW‖², by backprop through the engine's Linear (no bias): ∇_A f = A = XW."""
    import numpy as np

    from quizprep.engine import Linear

    x = np.asarray(params["X"], dtype=np.float64)
    w = np.asarray(params["W"], dtype=np.float64)
    layer = Linear(w.shape[0], w.shape[1], bias=False)
    layer.W.data[:] = w
    a = layer.forward(x)
    dx = layer.backward(a)  # ∇_a ½‖a‖² = a
    return dx, layer.W.grad


@generator("half-sq-norm-grad-w", draw=_column_and_row)
def half_sq_norm_grad_w(params: Params) -> list[float]:
    """∇_W ½‖XW‖² = Xᵀ·XW, flattened row by row."""
    return [float(v) for v in _half_sq_norm_grads(params)[1].ravel()]


def _batch(rng, p: Params) -> Params:
    n, d = len(p["X"]), len(p["X"][0])
    return {"X": _nonzero_ints(rng, (n, d)), "dY": _nonzero_ints(rng, (n, len(p["dY"][0])))}


def _linear_backward(params: Params):
    """Run the engine's Linear backward with upstream dY; the weights do not matter for dW and db."""
    import numpy as np

    from quizprep.engine import Linear

    x = np.asarray(params["X"], dtype=np.float64)
    dy = np.asarray(params["dY"], dtype=np.float64)
    layer = Linear(x.shape[1], dy.shape[1], rng=0)
    layer.forward(x)
    layer.backward(dy)
    return layer


def _non_square_batch(rng, p: Params) -> Params:
    """A batch whose layer has in ≠ out, so that the transposed (torch-layout) gradient cannot pass."""
    inputs, outputs = (int(v) for v in rng.permutation([2, 3])[:2])
    n = int(rng.integers(2, 4))
    return {"X": _nonzero_ints(rng, (n, inputs)), "dY": _nonzero_ints(rng, (n, outputs)),
            "inputs": inputs, "outputs": outputs}


@generator("linear-backward-dw", draw=_non_square_batch)
def linear_backward_dw(params: Params) -> list[float]:
    """dW = Xᵀ·dY (in × out), flattened row by row."""
    return [float(v) for v in _linear_backward(params).W.grad.ravel()]


@generator("linear-backward-db", draw=_batch)
def linear_backward_db(params: Params) -> list[float]:
    """db = Σ over the batch of dY (one number per output)."""
    return [float(v) for v in _linear_backward(params).b.grad]


@generator("mlp-parameter-count", draw=lambda rng, p: {
    "sizes": [int(v) for v in rng.integers(2, 33, size=int(rng.integers(3, 6)))]})
def mlp_parameter_count(params: Params) -> float:
    """Trainable numbers of Linear(sizes[0], sizes[1]), …, Linear(sizes[-2], sizes[-1]): weights plus biases."""
    from quizprep.engine import Linear, ReLU, Sequential

    sizes = [int(s) for s in params["sizes"]]
    layers = []
    for fan_in, fan_out in itertools.pairwise(sizes):
        layers += [Linear(fan_in, fan_out, rng=0), ReLU()]
    model = Sequential(*layers[:-1])
    return float(sum(param.data.size for param in model.parameters()))


@generator("autograd-lstsq-grad", draw=lambda rng, p: {
    "X": _nonzero_ints(rng, (1, 2)), "W": (_nonzero_ints(rng, (2, 1))), "Y": _nonzero_ints(rng, (1, 1)),
    "lam": p["lam"]})
def autograd_lstsq_grad(params: Params) -> list[float]:
    """W.grad for the lecture's loss Σ(XW − Y)² + λΣ|W|: 2Xᵀ(XW − Y) + λ·sign(W), flattened."""
    import numpy as np

    x, w, y = (np.asarray(params[k], dtype=np.float64) for k in ("X", "W", "Y"))
    return [float(v) for v in (2 * x.T @ (x @ w - y) + params["lam"] * np.sign(w)).ravel()]
