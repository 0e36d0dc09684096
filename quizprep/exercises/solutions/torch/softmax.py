"""Exercise softmax, solved for --backend torch: softmax over the last axis."""

import torch

from quizprep.engine import Layer


class Softmax(Layer):
    def forward(self, x):
        """x: (N, C) -> y: (N, C), each row sums to 1. Keep what backward needs on self."""
        e = torch.exp(x - x.max(dim=-1, keepdim=True).values)  # softmax(x) = softmax(x − max): e^0 at most
        self.y = e / e.sum(dim=-1, keepdim=True)
        return self.y

    def backward(self, grad):
        """grad = dL/dy: (N, C) -> dL/dx: (N, C)."""
        # dx_i = Σ_j grad_j · y_j (δ_ij − y_i) = y_i · (grad_i − Σ_j grad_j · y_j)
        y = self.y
        return y * (grad - (grad * y).sum(dim=-1, keepdim=True))
