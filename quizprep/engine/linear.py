"""The fully-connected layer: y = x·W + b (the notes' X·W, so W is (in, out), not torch's (out, in))."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from quizprep.engine.backend import Array, as_rng, namespace
from quizprep.engine.base import Layer, Param


class Linear(Layer):
    """y = x·W + b.

    x: (N, in_features) (or (*, in_features)), W: (in_features, out_features), b: (out_features,),
    y: (N, out_features). Initialised like torch.nn.Linear: W and b ~ U(-1/sqrt(in), 1/sqrt(in)),
    as float64 numpy arrays (use `.to(...)` for torch / CUDA / float32). `rng`: a seed or generator.
    """

    def __init__(self, in_features: int, out_features: int, bias: bool = True, *, rng: Any = None) -> None:
        self.in_features, self.out_features = in_features, out_features
        rng = as_rng(rng)
        bound = 1.0 / math.sqrt(in_features) if in_features > 0 else 0.0
        like = np.empty(0)
        self.W = Param(rng.uniform((in_features, out_features), like, -bound, bound))
        self.b = Param(rng.uniform((out_features,), like, -bound, bound)) if bias else None

    def forward(self, x: Array) -> Array:
        self.x = x
        y = x @ self.W.data  # (N, in) · (in, out) -> (N, out)
        if self.b is not None:
            y += self.b.data  # broadcast over the batch; in place, no second (N, out) array
        return y

    def backward(self, grad: Array) -> Array | None:
        """grad: (N, out) -> dx: (N, in); accumulates dW = xᵀ·grad and db = Σ_n grad."""
        xp = namespace(grad)
        x2 = xp.reshape(self.x, (-1, self.in_features))
        g2 = xp.reshape(grad, (-1, self.out_features))
        self.W.grad += x2.T @ g2  # dL/dW = xᵀ · dL/dy   (in, N)·(N, out) -> (in, out)
        if self.b is not None:
            self.b.grad += xp.sum(g2, axis=0)  # dL/db = Σ_n dL/dy_n
        if not self.needs_input_grad:
            return None
        return grad @ self.W.data.T  # dL/dx = dL/dy · Wᵀ   (N, out)·(out, in) -> (N, in)

    def extra_repr(self) -> str:
        return f"in_features={self.in_features}, out_features={self.out_features}, bias={self.b is not None}"

