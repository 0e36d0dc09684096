"""Huber loss (torch.nn.HuberLoss, mean reduction): quadratic near zero, linear in the tails."""

from __future__ import annotations

from typing import Any

from quizprep.engine.backend import Array, as_array_like, clip, namespace
from quizprep.engine.losses import Loss


class HuberLoss(Loss):
    """L = mean(l), d = pred - target:  l = ½d² where |d| <= delta, else delta·(|d| - ½delta).

    dL/dpred = clip(d, -delta, delta) / n (n = number of elements): the gradient of an outlier is
    capped at delta, unlike MSE's 2d. pred, target: any shape, the same.
    """

    def __init__(self, delta: float = 1.0) -> None:
        if delta <= 0:
            raise ValueError(f"HuberLoss needs delta > 0, got {delta}")
        self.delta = delta

    def forward(self, pred: Array, target: Any) -> Array:
        xp = namespace(pred)
        d = pred - as_array_like(target, pred)
        self.diff = d
        a = xp.abs(d)
        loss = xp.where(a <= self.delta, 0.5 * d * d, self.delta * (a - 0.5 * self.delta))
        return xp.asarray(xp.mean(loss))

    def backward(self, grad: Any = 1.0) -> Array:
        n = 1
        for s in self.diff.shape:
            n *= s
        return clip(self.diff, -self.delta, self.delta) * (grad / n)

    def extra_repr(self) -> str:
        return f"delta={self.delta}"
