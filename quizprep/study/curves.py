"""The notes' table of activations (003: "activation functions"; 002 for leaky ReLU), as functions to plot.

Each entry gives f and f' on a numpy array, the formulas as the notes write them, and a default range.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from quizprep.bank.model import Source
from quizprep.errors import QuizprepError

Array = Any  # a numpy array; numpy is imported only when a curve is evaluated


class UnknownCurveError(QuizprepError):
    """No activation with this name."""


@dataclass(frozen=True)
class Curve:
    """An activation: its values, its derivative, the formulas and where the notes give them."""

    name: str
    f: Callable[[Array], Array]
    df: Callable[[Array], Array]
    formula: str
    derivative: str
    source: Source
    x_range: tuple[float, float] = (-5.0, 5.0)


def _np() -> Any:
    import numpy as np

    return np


def _sigmoid(x: Array) -> Array:
    np = _np()
    return 0.5 * (1.0 + np.tanh(0.5 * x))  # = 1 / (1 + e^-x), without overflow for large |x|


TABLE = Source("003_027fb4933e73d805.txt", "activation functions")  # shown in words: Source.label
CURVES: dict[str, Curve] = {curve.name: curve for curve in (
    Curve("sigmoid", _sigmoid, lambda x: _sigmoid(x) * (1 - _sigmoid(x)),
          "f(x) = 1 / (1 + e^(-x))", "f'(x) = f(x)(1 - f(x))", TABLE),
    Curve("tanh", lambda x: _np().tanh(x), lambda x: 1 - _np().tanh(x) ** 2,
          "f(x) = tanh(x) = 2 / (1 + e^(-2x)) - 1", "f'(x) = 1 - f(x)^2", TABLE),
    Curve("relu", lambda x: _np().maximum(x, 0.0), lambda x: (x >= 0).astype(float),
          "f(x) = 0 for x < 0, x for x >= 0", "f'(x) = 0 for x < 0, 1 for x >= 0", TABLE),
    Curve("leaky-relu", lambda x: _np().maximum(0.01 * x, x), lambda x: _np().where(x >= 0, 1.0, 0.01),
          "f(a) = max(0.01a, a)", "f'(a) = 0.01 for a < 0, 1 for a >= 0", Source("002_71db0ab0185f0373.txt", "Активационные функции")),
    Curve("elu", lambda x: _np().where(x >= 0, x, _np().expm1(_np().minimum(x, 0.0))),
          lambda x: _np().where(x >= 0, 1.0, _np().exp(_np().minimum(x, 0.0))),
          "f(x) = α(e^x - 1) for x < 0, x for x >= 0 (α = 1)", "f'(x) = f(x) + α for x < 0, 1 for x >= 0", TABLE),
    Curve("softplus", lambda x: _np().logaddexp(0.0, x), _sigmoid,
          "f(x) = ln(1 + e^x)", "f'(x) = 1 / (1 + e^(-x))", TABLE),
    Curve("arctan", lambda x: _np().arctan(x), lambda x: 1 / (x ** 2 + 1),
          "f(x) = tan^-1(x)", "f'(x) = 1 / (x^2 + 1)", TABLE),
    Curve("step", lambda x: (x >= 0).astype(float), lambda x: _np().zeros_like(x, dtype=float),
          "f(x) = 0 for x < 0, 1 for x >= 0", "f'(x) = 0 for x != 0, undefined at x = 0", TABLE, (-3.0, 3.0)),
)}


def curve(name: str) -> Curve:
    """The activation called `name` (case-insensitive; 'leaky_relu' works too)."""
    key = name.strip().lower().replace("_", "-")
    if key not in CURVES:
        from quizprep.suggest import did_you_mean

        raise UnknownCurveError(f"unknown activation '{name}' (known: {', '.join(CURVES)}){did_you_mean(key, CURVES)}")
    return CURVES[key]


def sample(entry: Curve, points: int = 401, derivative: bool = False) -> tuple[list[float], list[float]]:
    """x values over the curve's range and f(x) (or f'(x)) there, as plain lists."""
    np = _np()
    x = np.linspace(*entry.x_range, points)
    y = (entry.df if derivative else entry.f)(x)
    return x.tolist(), np.asarray(y, dtype=float).tolist()
