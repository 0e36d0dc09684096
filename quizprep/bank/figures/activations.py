"""An activation and its derivative, both computed with the engine's layers (forward, then backward of ones)."""

from __future__ import annotations

from typing import Any

from quizprep.bank.figures import Figure, Series, cached, fmt
from quizprep.bank.model import Text

# name -> engine layer factory; the order is the order of the choices of `figure-which-activation`
ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky-relu", "elu", "softplus")


def _layer(name: str) -> Any:
    from quizprep.engine import ELU, LeakyReLU, ReLU, Sigmoid, Softplus, Tanh

    return {"sigmoid": Sigmoid, "tanh": Tanh, "relu": ReLU, "leaky-relu": lambda: LeakyReLU(0.1),
            "elu": ELU, "softplus": Softplus}[name]()


@cached
def activation_values(params: dict[str, Any]) -> dict[str, list[float]]:
    """x on [−4, 4], f(k·x) and its derivative k·f'(k·x) by the engine's backward (k = `scale`, default 1)."""
    import numpy as np

    scale = float(params.get("scale", 1.0))
    x = np.linspace(-4.0, 4.0, 161).reshape(-1, 1)
    layer = _layer(params["activation"])
    y = layer.forward(scale * x)
    dy = scale * layer.backward(np.ones_like(x))
    return {"x": x.ravel().tolist(), "f": np.asarray(y).ravel().tolist(), "df": np.asarray(dy).ravel().tolist()}


def activation_choice(params: dict[str, Any]) -> int:
    """1-based position of the drawn activation among ACTIVATIONS."""
    return 1 + ACTIVATIONS.index(params["activation"])


def steepest_slope(params: dict[str, Any]) -> float:
    """The largest value of the plotted derivative."""
    return max(activation_values(params)["df"])


def activation_figure(params: dict[str, Any]) -> Figure:
    values = activation_values(params)
    x, f, df = values["x"], values["f"], values["df"]
    at = {v: i for i, v in enumerate(x)}
    samples = [at[min(x, key=lambda t, v=v: abs(t - v))] for v in (-4.0, -1.0, 0.0, 1.0, 4.0)]
    listing = ", ".join(f"x = {fmt(x[i])}: f = {fmt(f[i])}, f' = {fmt(df[i])}" for i in samples)
    return Figure(
        title=Text("An activation f and its derivative f'", "Функция активации f и её производная f'"),
        x_label=Text("x", "x"), y_label=Text("value", "значение"),
        series=(Series(Text("f", "f"), tuple(x), tuple(f)), Series(Text("f'", "f'"), tuple(x), tuple(df))),
        description=Text(f"The curve at a few points — {listing}.", f"Кривая в нескольких точках — {listing}."))
