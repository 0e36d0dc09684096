"""Exercise linear, solved for --backend torch: the fully-connected layer y = x·W + b."""

import torch

from quizprep.engine import Layer, Param


class Linear(Layer):
    def __init__(self, in_features, out_features):
        self.in_features, self.out_features = in_features, out_features
        self.W = Param(torch.zeros((in_features, out_features), dtype=torch.float64))
        self.b = Param(torch.zeros((out_features,), dtype=torch.float64))

    def forward(self, x):
        """x: (N, in_features) -> y: (N, out_features). Keep what backward needs on self."""
        self.x = x
        return x @ self.W.data + self.b.data  # (N, in)·(in, out) + (out,) -> (N, out)

    def backward(self, grad):
        """grad = dL/dy: (N, out_features) -> dL/dx: (N, in_features); accumulates W.grad, b.grad."""
        self.W.grad += self.x.T @ grad  # (in, N)·(N, out) -> (in, out)
        self.b.grad += grad.sum(dim=0)  # Σ over the batch -> (out,)
        return grad @ self.W.data.T  # (N, out)·(out, in) -> (N, in)
