"""Exercise layernorm, solved: layer normalisation with torch.nn.LayerNorm's semantics."""

import numpy as np

from quizprep.engine import Layer, Param


class LayerNorm(Layer):
    def __init__(self, normalized_shape, eps=1e-5):
        if isinstance(normalized_shape, int):
            normalized_shape = (normalized_shape,)
        self.normalized_shape, self.eps = tuple(normalized_shape), eps
        self.gamma = Param(np.ones(self.normalized_shape))
        self.beta = Param(np.zeros(self.normalized_shape))

    def forward(self, x):
        """x: (..., *normalized_shape) -> y: the shape of x; each example over its last axes."""
        self.axes = tuple(range(x.ndim - len(self.normalized_shape), x.ndim))
        mean = x.mean(axis=self.axes, keepdims=True)
        var = x.var(axis=self.axes, keepdims=True)  # biased, in training and in eval alike
        self.inv_std = 1.0 / np.sqrt(var + self.eps)
        self.x_hat = (x - mean) * self.inv_std
        return self.gamma.data * self.x_hat + self.beta.data

    def backward(self, grad):
        """grad = dL/dy -> dL/dx, the shape of x; accumulates gamma.grad and beta.grad."""
        leading = tuple(range(grad.ndim - len(self.normalized_shape)))
        self.gamma.grad += (grad * self.x_hat).sum(axis=leading)
        self.beta.grad += grad.sum(axis=leading)
        dx_hat = grad * self.gamma.data
        m = int(np.prod(self.normalized_shape))
        return self.inv_std / m * (m * dx_hat - dx_hat.sum(axis=self.axes, keepdims=True)
                                   - self.x_hat * (dx_hat * self.x_hat).sum(axis=self.axes, keepdims=True))
