"""GELU: y = x·Φ(x), Φ the standard normal CDF (exact, with erf) or its tanh approximation."""

from __future__ import annotations

import math

import numpy as np

from quizprep.engine.backend import Array, is_torch, namespace
from quizprep.engine.base import Layer

_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_CUBIC = 0.044715
_np_erf = np.frompyfunc(math.erf, 1, 1)


def erf(x: Array) -> Array:
    """The error function elementwise, same library, device and dtype as x.

    The array API has no erf: torch has torch.special.erf; for NumPy this maps the C library's erf
    (math.erf) over the elements (exact to the last bit, slower than a ufunc).
    """
    if is_torch(x):
        return x.special_erf() if hasattr(x, "special_erf") else x.erf()
    return _np_erf(x).astype(x.dtype)


class GELU(Layer):
    """y = x·Φ(x) = ½x·(1 + erf(x/√2))  (approximate="none", torch's default);
    y = ½x·(1 + tanh(u)), u = √(2/π)·(x + 0.044715x³)  (approximate="tanh").

    dy/dx = Φ(x) + x·φ(x), φ(x) = e^(-x²/2)/√(2π)  (exact);
    dy/dx = ½(1 + t) + ½x·(1 - t²)·√(2/π)·(1 + 3·0.044715x²), t = tanh(u)  (tanh).
    x, y, grad, dx: any shape, all the same.
    """

    def __init__(self, approximate: str = "none") -> None:
        if approximate not in ("none", "tanh"):
            raise ValueError(f"approximate argument must be either none or tanh, got {approximate!r}")
        self.approximate = approximate

    def forward(self, x: Array) -> Array:
        xp = namespace(x)
        self.x = x
        if self.approximate == "tanh":
            self.t = xp.tanh(_SQRT_2_OVER_PI * (x + _CUBIC * x * x * x))
            return 0.5 * x * (1.0 + self.t)
        self.cdf = 0.5 * (1.0 + erf(x * (1.0 / math.sqrt(2.0))))
        return x * self.cdf

    def backward(self, grad: Array) -> Array:
        xp = namespace(grad)
        x = self.x
        if self.approximate == "tanh":
            t = self.t
            du = _SQRT_2_OVER_PI * (1.0 + 3.0 * _CUBIC * x * x)
            return grad * (0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * du)
        pdf = _INV_SQRT_2PI * xp.exp(-0.5 * x * x)
        return grad * (self.cdf + x * pdf)

    def extra_repr(self) -> str:
        return f"approximate={self.approximate!r}"
