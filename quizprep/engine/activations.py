"""Activation layers. Element-wise ones keep x (or y) in forward and return grad · f'(x) in backward.

x, y, grad, dx all have the same shape (any shape) unless a docstring says otherwise.
Formulas and defaults follow torch.nn (values and gradients, including at x = 0).
"""

from __future__ import annotations

import numpy as np

from quizprep.engine.backend import Array, clip, namespace
from quizprep.engine.base import Layer, Param


class ReLU(Layer):
    """y = max(0, x);  dy/dx = 1 for x > 0, else 0."""

    def forward(self, x: Array) -> Array:
        self.positive = x > 0
        return clip(x, lo=0.0)

    def backward(self, grad: Array) -> Array:
        return grad * self.positive  # a bool mask: several times faster than where(mask, grad, 0)


class LeakyReLU(Layer):
    """y = x for x > 0, else negative_slope·x;  dy/dx = 1 or negative_slope."""

    def __init__(self, negative_slope: float = 0.01) -> None:
        self.negative_slope = negative_slope

    def forward(self, x: Array) -> Array:
        self.positive = x > 0
        return namespace(x).where(self.positive, x, self.negative_slope * x)

    def backward(self, grad: Array) -> Array:
        return namespace(grad).where(self.positive, grad, self.negative_slope * grad)

    def extra_repr(self) -> str:
        return f"negative_slope={self.negative_slope}"


class PReLU(Layer):
    """LeakyReLU with a learnable slope: y = x for x > 0, else alpha·x.

    alpha: Param of shape (num_parameters,), initialised to `init` (torch: 1 and 0.25). With
    num_parameters = C > 1, x is (N, C, ...) and channel c uses alpha[c].
    dy/dx = 1 or alpha;  dy/dalpha = 0 or x (summed over everything but the channel).
    """

    def __init__(self, num_parameters: int = 1, init: float = 0.25) -> None:
        self.num_parameters = num_parameters
        self.alpha = Param(np.full((num_parameters,), init, dtype=np.float64))

    def _alpha(self, x: Array) -> Array:
        """alpha shaped to broadcast against x: (1,) or (1, C, 1, ...)."""
        if self.num_parameters == 1:
            return self.alpha.data
        shape = (1, self.num_parameters) + (1,) * (x.ndim - 2)
        return namespace(x).reshape(self.alpha.data, shape)

    def forward(self, x: Array) -> Array:
        self.x = x
        self.positive = x > 0
        return namespace(x).where(self.positive, x, self._alpha(x) * x)

    def backward(self, grad: Array) -> Array:
        xp = namespace(grad)
        x = self.x
        dalpha = xp.where(self.positive, 0.0, x * grad)  # dL/dalpha = Σ grad·x over x <= 0
        if self.num_parameters == 1:
            self.alpha.grad += xp.reshape(xp.sum(dalpha), (1,))
        else:
            axes = (0,) + tuple(range(2, x.ndim))
            self.alpha.grad += xp.sum(dalpha, axis=axes)
        return xp.where(self.positive, grad, self._alpha(x) * grad)

    def extra_repr(self) -> str:
        return f"num_parameters={self.num_parameters}"


class ELU(Layer):
    """y = x for x > 0, else alpha·(eˣ - 1);  dy/dx = 1, else alpha·eˣ."""

    def __init__(self, alpha: float = 1.0) -> None:
        self.alpha = alpha

    def forward(self, x: Array) -> Array:
        xp = namespace(x)
        self.positive = x > 0
        self.exp_neg = xp.exp(clip(x, hi=0.0))  # e^min(x, 0): no overflow for large x
        return xp.where(self.positive, x, self.alpha * (self.exp_neg - 1.0))

    def backward(self, grad: Array) -> Array:
        return namespace(grad).where(self.positive, grad, grad * (self.alpha * self.exp_neg))

    def extra_repr(self) -> str:
        return f"alpha={self.alpha}"


class Sigmoid(Layer):
    """y = 1 / (1 + e⁻ˣ);  dy/dx = y·(1 - y)."""

    def forward(self, x: Array) -> Array:
        xp = namespace(x)
        # stable: with e = e^-|x|, σ(x) = 1/(1+e) for x >= 0 and e/(1+e) for x < 0 (no overflow)
        e = xp.exp(-xp.abs(x))
        self.y = xp.where(x >= 0, 1.0, e) / (1.0 + e)
        return self.y

    def backward(self, grad: Array) -> Array:
        y = self.y
        return grad * y * (1.0 - y)


class Tanh(Layer):
    """y = tanh(x);  dy/dx = 1 - y²."""

    def forward(self, x: Array) -> Array:
        self.y = namespace(x).tanh(x)
        return self.y

    def backward(self, grad: Array) -> Array:
        return grad * (1.0 - self.y * self.y)


class ArcTan(Layer):
    """y = arctan(x);  dy/dx = 1 / (1 + x²)."""

    def forward(self, x: Array) -> Array:
        self.x = x
        return namespace(x).atan(x)

    def backward(self, grad: Array) -> Array:
        return grad / (1.0 + self.x * self.x)


class Softplus(Layer):
    """y = log(1 + e^(beta·x)) / beta, and y = x where beta·x > threshold (torch's semantics).

    dy/dx = σ(beta·x) = z / (1 + z) with z = e^(beta·x), and 1 above the threshold.
    """

    def __init__(self, beta: float = 1.0, threshold: float = 20.0) -> None:
        self.beta, self.threshold = beta, threshold

    def forward(self, x: Array) -> Array:
        xp = namespace(x)
        bx = self.beta * x
        self.linear = bx > self.threshold
        self.z = xp.exp(clip(bx, hi=self.threshold))  # clipped: the linear branch is taken there anyway
        return xp.where(self.linear, x, xp.log1p(self.z) / self.beta)

    def backward(self, grad: Array) -> Array:
        z = self.z
        return namespace(grad).where(self.linear, grad, grad * z / (z + 1.0))

    def extra_repr(self) -> str:
        return f"beta={self.beta}, threshold={self.threshold}"


class Softmax(Layer):
    """y_i = e^(x_i) / Σ_j e^(x_j) over the last axis (computed as e^(x_i - max x): huge logits are fine).

    x: (N, C) (any leading shape), y: same. Backward is the full Jacobian-vector product:
    dx_i = Σ_j grad_j · y_j (δ_ij - y_i) = y_i · (grad_i - Σ_j grad_j · y_j).
    """

    def __init__(self, dim: int = -1) -> None:
        self.dim = dim

    def forward(self, x: Array) -> Array:
        xp = namespace(x)
        e = xp.exp(x - xp.max(x, axis=self.dim, keepdims=True))
        e /= xp.sum(e, axis=self.dim, keepdims=True)
        self.y = e
        return e

    def backward(self, grad: Array) -> Array:
        xp = namespace(grad)
        y = self.y
        return y * (grad - xp.sum(grad * y, axis=self.dim, keepdims=True))

    def extra_repr(self) -> str:
        return f"dim={self.dim}"

