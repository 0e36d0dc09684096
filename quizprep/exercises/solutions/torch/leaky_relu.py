"""Exercise leaky-relu, solved for --backend torch: y = x for x > 0, negative_slope·x otherwise."""

import torch

from quizprep.engine import Layer


class LeakyReLU(Layer):
    def __init__(self, negative_slope=0.01):
        self.negative_slope = negative_slope

    def forward(self, x):
        """x: (N, D) -> y: (N, D). Keep what backward needs on self."""
        self.positive = x > 0
        return torch.where(self.positive, x, self.negative_slope * x)

    def backward(self, grad):
        """grad = dL/dy: (N, D) -> dL/dx: (N, D)."""
        return torch.where(self.positive, grad, self.negative_slope * grad)  # dy/dx = 1 or negative_slope
