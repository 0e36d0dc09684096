"""Batch normalisation (torch.nn.BatchNorm1d semantics, input (N, C))."""

from __future__ import annotations

import numpy as np

from quizprep.engine.backend import Array, namespace
from quizprep.engine.base import Layer, Param


class BatchNorm1d(Layer):
    """y = gamma · (x - mean) / sqrt(var + eps) + beta, per feature (column).

    x, y: (N, C); gamma, beta: Params (C,); running_mean, running_var: buffers (C,), not Params.
    Training: mean and biased var of the batch normalise x, and the running statistics move towards
    the batch: running = (1 - momentum)·running + momentum·batch, with the *unbiased* var
    (var·N/(N-1)) going into running_var; momentum=None gives the cumulative average, as in torch.
    Eval: running_mean and running_var normalise x (so batch size 1 works).
    """

    buffer_names = ("running_mean", "running_var")

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float | None = 0.1) -> None:
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        self.gamma = Param(np.ones(num_features))
        self.beta = Param(np.zeros(num_features))
        self.running_mean = np.zeros(num_features)
        self.running_var = np.ones(num_features)
        self.num_batches_tracked = 0

    def forward(self, x: Array) -> Array:
        xp = namespace(x)
        if x.ndim != 2:
            raise ValueError(f"BatchNorm1d expects input of shape (N, C), got {tuple(x.shape)}")
        self.batch_stats = self.training  # backward must know which statistics forward used
        if self.training:
            n = x.shape[0]
            if n <= 1:
                raise ValueError(f"Expected more than 1 value per channel when training, got input shape "
                                 f"{tuple(x.shape)}")
            mean = xp.mean(x, axis=0)                 # (C,)
            centred = x - mean                        # (N, C)
            var = xp.mean(centred * centred, axis=0)  # biased: divides by N
            self._update_running(mean, var * (n / (n - 1)))
        else:
            mean, var = self.running_mean, self.running_var
            centred = x - mean
        self.inv_std = 1.0 / xp.sqrt(var + self.eps)  # (C,)
        self.x_hat = centred * self.inv_std           # (N, C)
        return self.gamma.data * self.x_hat + self.beta.data

    def _update_running(self, mean: Array, unbiased_var: Array) -> None:
        self.num_batches_tracked += 1
        m = 1.0 / self.num_batches_tracked if self.momentum is None else self.momentum
        self.running_mean *= 1.0 - m
        self.running_mean += m * mean
        self.running_var *= 1.0 - m
        self.running_var += m * unbiased_var

    def backward(self, grad: Array) -> Array:
        """grad: (N, C) -> dx: (N, C); accumulates dgamma = Σ_n grad·x̂ and dbeta = Σ_n grad."""
        xp = namespace(grad)
        x_hat = self.x_hat
        self.gamma.grad += xp.sum(grad * x_hat, axis=0)
        self.beta.grad += xp.sum(grad, axis=0)
        dx_hat = grad * self.gamma.data
        if not self.batch_stats:  # fixed statistics: x̂ is an affine function of x
            return dx_hat * self.inv_std
        # mean and var depend on every x_n of the batch:
        # dx = inv_std / N · (N·dx̂ - Σ_n dx̂ - x̂ · Σ_n dx̂·x̂)
        n = grad.shape[0]
        sum_dx_hat = xp.sum(dx_hat, axis=0)
        sum_dx_hat_x_hat = xp.sum(dx_hat * x_hat, axis=0)
        return (self.inv_std / n) * (n * dx_hat - sum_dx_hat - x_hat * sum_dx_hat_x_hat)

    def extra_repr(self) -> str:
        return f"{self.num_features}, eps={self.eps}, momentum={self.momentum}"
