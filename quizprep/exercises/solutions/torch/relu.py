"""Exercise relu, solved for --backend torch: the ReLU activation y = max(0, x)."""

import torch

from quizprep.engine import Layer


class ReLU(Layer):
    def forward(self, x):
        """x: (N, D) -> y: (N, D). Keep what backward needs on self."""
        self.positive = x > 0  # dy/dx = 1 where x > 0, else 0
        return torch.clamp(x, min=0.0)

    def backward(self, grad):
        """grad = dL/dy: (N, D) -> dL/dx: (N, D)."""
        return grad * self.positive
