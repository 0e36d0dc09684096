"""Flatten: (N, C, H, W) -> (N, C·H·W), the bridge from convolutional layers to Linear."""

from __future__ import annotations

from quizprep.engine.backend import Array, namespace
from quizprep.engine.base import Layer


class Flatten(Layer):
    """y = x reshaped to (x.shape[0], everything else) (torch.nn.Flatten with start_dim=1).

    x: (N, *) -> y: (N, prod(*)); backward reshapes grad back to x's shape.
    """

    def forward(self, x: Array) -> Array:
        self.x_shape = tuple(x.shape)
        return namespace(x).reshape(x, (x.shape[0], -1))

    def backward(self, grad: Array) -> Array:
        return namespace(grad).reshape(grad, self.x_shape)
