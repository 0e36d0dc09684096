"""Generators for the backpropagation questions."""

from __future__ import annotations

from quizprep.bank.generators import Params, generator


@generator("comp-graph-de-db", draw=lambda rng, p: {"a": int(rng.integers(-5, 6)), "b": int(rng.integers(-5, 6))})
def comp_graph_de_db(params: Params) -> float:
    """e = (a+b)(b+1): by the chain rule de/db = de/dc*dc/db + de/dd*dd/db = d + c, differentiated by SymPy."""
    import sympy

    a, b = sympy.symbols("a b")
    e = (a + b) * (b + 1)
    return float(sympy.diff(e, b).subs({a: params["a"], b: params["b"]}))


def _small_ab(rng, p: Params) -> Params:
    return {"a": int(rng.integers(-5, 6)), "b": int(rng.integers(-5, 6))}


@generator("comp-graph-forward", draw=_small_ab)
def comp_graph_forward(params: Params) -> list[float]:
    """The forward pass of the notes' graph: c = a + b, d = b + 1, e = c·d."""
    a, b = params["a"], params["b"]
    c, d = a + b, b + 1
    return [float(c), float(d), float(c * d)]


@generator("lecture-exp-gradient", draw=lambda rng, p: {"x": int(rng.integers(-2, 3)),
                                                        "w0": int(rng.integers(-2, 3)),
                                                        "w1": float(rng.choice([-1.0, -0.5, 0.5, 1.0]))})
def lecture_exp_gradient(params: Params) -> list[float]:
    """f(x, w) = 1 + e^(w1·x + w0): [df/dw0, df/dw1, df/dx], differentiated by SymPy."""
    import sympy

    x, w0, w1 = sympy.symbols("x w0 w1")
    f = 1 + sympy.exp(w1 * x + w0)
    point = {x: params["x"], w0: params["w0"], w1: sympy.nsimplify(params["w1"])}
    return [float(sympy.diff(f, v).subs(point)) for v in (w0, w1, x)]


@generator("logreg-gradient", draw=lambda rng, p: {"x": [int(v) for v in rng.choice([-2, -1, 1, 2], size=len(p["x"]))],
                                                   "w": [float(v) for v in rng.choice([-0.5, -0.25, 0.25, 0.5],
                                                                                      size=len(p["w"]))],
                                                   "b": float(rng.choice([-0.5, 0.0, 0.5])),
                                                   "y": int(rng.integers(0, 2))})
def logreg_gradient(params: Params) -> list[float]:
    """Logistic regression p = σ(x·w + b), BCE loss: [dL/dw..., dL/db] by the engine's Linear, Sigmoid, BCELoss."""
    import numpy as np

    from quizprep.engine import BCELoss, Linear, Sigmoid

    x = np.asarray([params["x"]], dtype=np.float64)  # (1, D)
    linear = Linear(x.shape[1], 1)
    linear.W.data[:] = np.asarray(params["w"], dtype=np.float64).reshape(-1, 1)
    linear.b.data[:] = float(params["b"])
    sigmoid, loss = Sigmoid(), BCELoss()
    loss.forward(sigmoid.forward(linear.forward(x)), np.asarray([[float(params["y"])]]))
    linear.backward(sigmoid.backward(loss.backward()))
    return [float(v) for v in linear.W.grad[:, 0]] + [float(linear.b.grad[0])]
