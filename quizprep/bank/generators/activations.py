"""Generators for the activation-function questions: values and backward passes of the notes' table."""

from __future__ import annotations

from quizprep.bank.generators import Params, as_ints, generator


def _vector(rng, size: int) -> list[int]:
    """Small nonzero integers, so that no input sits on the kink at 0."""
    values = rng.integers(1, 5, size=size) * rng.choice([-1, 1], size=size)
    return as_ints(values)


@generator("leaky-relu-backward", draw=lambda rng, p: {"x": _vector(rng, len(p["x"])),
                                                       "grad": as_ints(rng.integers(-3, 4, size=len(p["x"]))),
                                                       "slope": p["slope"]})
def leaky_relu_backward(params: Params) -> list[float]:
    """Leaky ReLU's backward: grad where x > 0, slope·grad where x < 0 (the engine's LeakyReLU)."""
    import numpy as np

    from quizprep.engine import LeakyReLU

    layer = LeakyReLU(negative_slope=float(params["slope"]))
    layer.forward(np.asarray(params["x"], dtype=np.float64))
    return [float(v) for v in layer.backward(np.asarray(params["grad"], dtype=np.float64))]


@generator("elu-derivative", draw=lambda rng, p: {"x": -int(rng.integers(1, 4)),
                                                  "alpha": float(rng.choice([0.5, 1.0, 1.5, 2.0]))})
def elu_derivative(params: Params) -> float:
    """ELU'(x) for x < 0 is alpha·eˣ = f(x) + alpha: the engine's ELU backward of a unit gradient."""
    import numpy as np

    from quizprep.engine import ELU

    layer = ELU(alpha=float(params["alpha"]))
    layer.forward(np.asarray([float(params["x"])]))
    return float(layer.backward(np.ones(1))[0])


@generator("prelu-alpha-grad", draw=lambda rng, p: {"x": _vector(rng, len(p["x"])),
                                                    "grad": as_ints(rng.integers(-3, 4, size=len(p["x"]))),
                                                    "alpha": p["alpha"]})
def prelu_alpha_grad(params: Params) -> float:
    """dL/dalpha of a PReLU with one shared alpha: Σ grad_i·x_i over the inputs x_i < 0 (the engine's PReLU)."""
    import numpy as np

    from quizprep.engine import PReLU

    layer = PReLU(num_parameters=1, init=float(params["alpha"]))
    layer.forward(np.asarray(params["x"], dtype=np.float64))
    layer.backward(np.asarray(params["grad"], dtype=np.float64))
    return float(layer.alpha.grad[0])


@generator("sigmoid-chain-gradient", draw=lambda rng, p: {"n": int(rng.integers(2, 11))})
def sigmoid_chain_gradient(params: Params) -> float:
    """The best case of n stacked sigmoids: every local derivative at its maximum σ'(0) = 1/4, so (1/4)^n."""
    import sympy

    x = sympy.symbols("x")
    peak = sympy.diff(1 / (1 + sympy.exp(-x)), x).subs(x, 0)
    return float(peak ** int(params["n"]))


def _threshold_outputs(params: Params) -> list[float]:
    inputs = [(0, 0), (0, 1), (1, 0), (1, 1)]
    return [float(params["w1"] * x1 + params["w2"] * x2 + params["b"] > 0) for x1, x2 in inputs]


def _draw_threshold_neuron(rng, p: Params) -> Params:
    """Weights and bias whose truth table is not constant (a constant one teaches nothing)."""
    while True:
        drawn = {"w1": int(rng.choice([-1, 1, 2])), "w2": int(rng.choice([-1, 1, 2])),
                 "b": float(rng.choice([-2.5, -1.5, -0.5, 0.5]))}
        if len(set(_threshold_outputs(drawn))) > 1:
            return drawn


@generator("threshold-neuron", draw=_draw_threshold_neuron)
def threshold_neuron(params: Params) -> list[float]:
    """Outputs of the binary-step neuron [w1·x1 + w2·x2 + b > 0] on (0,0), (0,1), (1,0), (1,1)."""
    return _threshold_outputs(params)
