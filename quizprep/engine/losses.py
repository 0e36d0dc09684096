"""Losses, mean reduction as in torch: `forward(pred, target) -> 0-d array`, `backward() -> dL/dpred`.

`backward(grad=1.0)` takes the upstream gradient dOut/dL (1 for the loss itself) and returns
dOut/dpred with pred's shape. Targets are converted to pred's library and device.
"""

from __future__ import annotations

from typing import Any

from quizprep.engine.backend import Array, as_array_like, clip, device_of, namespace
from quizprep.engine.base import Layer


class Loss(Layer):
    """Base class: a scalar function of (pred, target) with the gradient w.r.t. pred."""

    def forward(self, pred: Array, target: Any) -> Array:
        raise NotImplementedError

    def backward(self, grad: Any = 1.0) -> Array:
        raise NotImplementedError


class MSELoss(Loss):
    """L = mean((pred - target)²);  dL/dpred = 2·(pred - target) / n  (n = number of elements)."""

    def forward(self, pred: Array, target: Any) -> Array:
        xp = namespace(pred)
        self.diff = pred - as_array_like(target, pred)
        return xp.asarray(xp.mean(self.diff * self.diff))

    def backward(self, grad: Any = 1.0) -> Array:
        return self.diff * (2.0 * grad / _numel(self.diff))


class L1Loss(Loss):
    """L = mean(|pred - target|);  dL/dpred = sign(pred - target) / n  (sign(0) = 0, as torch)."""

    def forward(self, pred: Array, target: Any) -> Array:
        xp = namespace(pred)
        self.diff = pred - as_array_like(target, pred)
        return xp.asarray(xp.mean(xp.abs(self.diff)))

    def backward(self, grad: Any = 1.0) -> Array:
        return namespace(self.diff).sign(self.diff) * (grad / _numel(self.diff))


class BCELoss(Loss):
    """Binary cross-entropy on probabilities p in [0, 1] and targets t in [0, 1], any shape:

    L = -mean(t·log p + (1 - t)·log(1 - p)), each log clamped at -100 as torch does (so p = 0 or 1
    gives a finite loss). dL/dp = (p - t) / max(p·(1 - p), 1e-12) / n  (torch's backward formula).
    """

    EPSILON = 9.999999960041972e-13  # torch's 1e-12, rounded through float32 as torch's kernel does

    def forward(self, pred: Array, target: Any) -> Array:
        xp = namespace(pred)
        t = as_array_like(target, pred)
        tiny = xp.finfo(pred.dtype).smallest_normal  # log(tiny) < -100: the clamp below decides
        log_p = clip(xp.log(clip(pred, lo=tiny)), lo=-100.0)
        log_1mp = clip(xp.log(clip(1.0 - pred, lo=tiny)), lo=-100.0)
        self.pred, self.target = pred, t
        return xp.asarray(-xp.mean(t * log_p + (1.0 - t) * log_1mp))

    def backward(self, grad: Any = 1.0) -> Array:
        p, t = self.pred, self.target
        return (p - t) / clip(p * (1.0 - p), lo=self.EPSILON) * (grad / _numel(p))


class CrossEntropyLoss(Loss):
    """Softmax + negative log-likelihood: L = -mean_n log softmax(logits_n)[target_n].

    logits: (N, C) floats, target: (N,) integer class indices in [0, C). log softmax is computed as
    z - log Σ e^z with z = logits - max (log-sum-exp), so logits of 1000 are fine.
    dL/dlogits = (softmax(logits) - onehot(target)) / N.
    """

    def forward(self, pred: Array, target: Any) -> Array:
        xp = namespace(pred)
        t = as_array_like(target, pred)
        z = pred - xp.max(pred, axis=-1, keepdims=True)
        log_probs = z - xp.log(xp.sum(xp.exp(z), axis=-1, keepdims=True))  # (N, C)
        rows = xp.arange(pred.shape[0], device=device_of(pred))
        self.log_probs, self.target, self.rows = log_probs, t, rows
        return xp.asarray(-xp.mean(log_probs[rows, t]))

    def backward(self, grad: Any = 1.0) -> Array:
        xp = namespace(self.log_probs)
        d = xp.exp(self.log_probs)        # softmax
        d[self.rows, self.target] -= 1.0  # - onehot(target)
        d *= grad / self.log_probs.shape[0]
        return d


def _numel(a: Array) -> int:
    n = 1
    for s in a.shape:
        n *= s
    return n

