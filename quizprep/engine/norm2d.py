"""BatchNorm2d (per channel over N, H, W) and LayerNorm (per sample over the trailing dimensions).

Both normalise x̂ = (x - mean) / sqrt(var + eps) with the biased variance, then y = gamma·x̂ + beta.
They differ only in the axes the statistics are taken over:
- BatchNorm2d: over (N, H, W) for each channel, so one sample's output depends on the batch; in eval
  it uses running statistics instead.
- LayerNorm: over the last len(normalized_shape) axes of each sample; the same in training and eval.
Backward (m = number of elements each statistic averages):
    dx = inv_std / m · (m·dx̂ - Σ dx̂ - x̂ · Σ dx̂·x̂),  dx̂ = grad·gamma,  sums over the statistic's axes.
"""

from __future__ import annotations

import math

import numpy as np

from quizprep.engine.backend import Array, namespace
from quizprep.engine.base import Layer, Param
from quizprep.engine.normalization import BatchNorm1d


def _normalise_backward(grad_x_hat: Array, x_hat: Array, inv_std: Array, axes: tuple[int, ...],
                        m: int) -> Array:
    xp = namespace(grad_x_hat)
    sum_g = xp.sum(grad_x_hat, axis=axes, keepdims=True)
    sum_gx = xp.sum(grad_x_hat * x_hat, axis=axes, keepdims=True)
    return (inv_std / m) * (m * grad_x_hat - sum_g - x_hat * sum_gx)


class BatchNorm2d(BatchNorm1d):
    """y = gamma[c] · (x - mean[c]) / sqrt(var[c] + eps) + beta[c], statistics per channel over (N, H, W).

    x, y: (N, C, H, W); gamma, beta: Params (C,) (ones, zeros); running_mean, running_var: buffers (C,).
    Training: batch mean and biased var; running = (1 - momentum)·running + momentum·batch with the
    unbiased var (var·m/(m-1), m = N·H·W) in running_var (momentum=None: cumulative average), as torch.
    Eval: the running statistics.
    """

    # Parameters, buffers, the running-statistics update and repr are BatchNorm1d's; only the axes differ.

    def _channel(self, a: Array) -> Array:
        return namespace(a).reshape(a, (1, self.num_features, 1, 1))

    def forward(self, x: Array) -> Array:
        xp = namespace(x)
        if x.ndim != 4 or x.shape[1] != self.num_features:
            raise ValueError(f"BatchNorm2d({self.num_features}) expects input of shape (N, {self.num_features}, "
                             f"H, W), got {tuple(x.shape)}")
        self.batch_stats = self.training
        if self.training:
            m = x.shape[0] * x.shape[2] * x.shape[3]
            if m <= 1:
                raise ValueError(f"Expected more than 1 value per channel when training, got input shape "
                                 f"{tuple(x.shape)}")
            mean = xp.mean(x, axis=(0, 2, 3), keepdims=True)          # (1, C, 1, 1)
            centred = x - mean
            var = xp.mean(centred * centred, axis=(0, 2, 3), keepdims=True)
            self._update_running(xp.reshape(mean, (-1,)), xp.reshape(var, (-1,)) * (m / (m - 1)))
        else:
            var = self._channel(self.running_var)
            centred = x - self._channel(self.running_mean)
        self.inv_std = 1.0 / xp.sqrt(var + self.eps)                    # (1, C, 1, 1)
        self.x_hat = centred * self.inv_std
        return self._channel(self.gamma.data) * self.x_hat + self._channel(self.beta.data)

    def backward(self, grad: Array) -> Array:
        """grad: (N, C, H, W) -> dx: (N, C, H, W); accumulates dgamma = Σ grad·x̂ and dbeta = Σ grad per channel."""
        xp = namespace(grad)
        self.gamma.grad += xp.sum(grad * self.x_hat, axis=(0, 2, 3))
        self.beta.grad += xp.sum(grad, axis=(0, 2, 3))
        dx_hat = grad * self._channel(self.gamma.data)
        if not self.batch_stats:
            return dx_hat * self.inv_std
        m = grad.shape[0] * grad.shape[2] * grad.shape[3]
        return _normalise_backward(dx_hat, self.x_hat, self.inv_std, (0, 2, 3), m)


class LayerNorm(Layer):
    """y = gamma · (x - mean) / sqrt(var + eps) + beta, statistics of each sample over its last dims.

    normalized_shape: an int or a tuple S; x, y: (*, *S); gamma, beta: Params of shape S (ones, zeros).
    No running statistics: training and eval compute the same thing (batch size 1 is fine).
    """

    def __init__(self, normalized_shape: int | tuple[int, ...], eps: float = 1e-5) -> None:
        shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
        self.normalized_shape, self.eps = tuple(int(s) for s in shape), eps
        self.gamma = Param(np.ones(self.normalized_shape))
        self.beta = Param(np.zeros(self.normalized_shape))

    def _axes(self, x: Array) -> tuple[int, ...]:
        k = len(self.normalized_shape)
        if tuple(x.shape[x.ndim - k:]) != self.normalized_shape or x.ndim < k:
            raise ValueError(f"LayerNorm{self.normalized_shape} expects input of shape (*, "
                             f"{', '.join(map(str, self.normalized_shape))}), got {tuple(x.shape)}")
        return tuple(range(x.ndim - k, x.ndim))

    def forward(self, x: Array) -> Array:
        xp = namespace(x)
        axes = self._axes(x)
        mean = xp.mean(x, axis=axes, keepdims=True)
        centred = x - mean
        var = xp.mean(centred * centred, axis=axes, keepdims=True)  # biased, as torch
        self.inv_std = 1.0 / xp.sqrt(var + self.eps)
        self.x_hat = centred * self.inv_std
        return self.gamma.data * self.x_hat + self.beta.data

    def backward(self, grad: Array) -> Array:
        """grad: (*, *S) -> dx: (*, *S); accumulates dgamma = Σ grad·x̂, dbeta = Σ grad over the leading dims."""
        xp = namespace(grad)
        k = len(self.normalized_shape)
        lead = tuple(range(grad.ndim - k))
        self.gamma.grad += xp.sum(grad * self.x_hat, axis=lead) if lead else grad * self.x_hat
        self.beta.grad += xp.sum(grad, axis=lead) if lead else grad
        dx_hat = grad * self.gamma.data
        return _normalise_backward(dx_hat, self.x_hat, self.inv_std, tuple(range(grad.ndim - k, grad.ndim)),
                                   math.prod(self.normalized_shape))

    def extra_repr(self) -> str:
        return f"{self.normalized_shape}, eps={self.eps}"
