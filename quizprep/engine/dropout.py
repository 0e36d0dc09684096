"""Dropout: zero each activation with probability p while training (inverted scaling, eval = identity)."""

from __future__ import annotations

from typing import Any

from quizprep.engine.backend import Array, as_rng, namespace
from quizprep.engine.base import Layer


class Dropout(Layer):
    """y = x · mask, mask_i = 1/(1-p) with probability 1-p and 0 with probability p (training only).

    Scaling by 1/(1-p) while training keeps E[y] = x, so evaluation is the identity (no rescaling at
    test time). p = 1 gives zeros, p = 0 the identity. x, y, grad, dx: any shape, all the same.
    `rng`: a seed, an `Rng`, a numpy Generator or a torch.Generator. Masks for numpy arrays come from
    numpy's generator; for torch tensors from torch's RNG on the tensor's device (with rng=None the
    global one, so `torch.manual_seed` applies).
    """

    def __init__(self, p: float = 0.5, *, rng: Any = None) -> None:
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p = p
        self.rng = as_rng(rng)
        self.mask: Array | None = None

    def forward(self, x: Array) -> Array:
        if not self.training or self.p == 0.0:
            self.mask = None  # identity: backward passes grad through
            return x
        if self.p == 1.0:
            self.mask = namespace(x).zeros_like(x)
        else:
            self.mask = self.rng.keep_mask(tuple(x.shape), like=x, keep=1.0 - self.p)
            self.mask /= 1.0 - self.p  # inverted dropout: kept units scaled by 1/(1-p)
        return x * self.mask

    def backward(self, grad: Array) -> Array:
        # dy/dx = mask (the same one forward drew)
        return grad if self.mask is None else grad * self.mask

    def extra_repr(self) -> str:
        return f"p={self.p}"
