"""Linear for --backend torch: the same math with torch tensors."""

import torch

from quizprep.engine import Layer, Param


class Linear(Layer):
    def __init__(self, in_features, out_features):
        self.W = Param(torch.zeros((in_features, out_features), dtype=torch.float64))
        self.b = Param(torch.zeros((out_features,), dtype=torch.float64))

    def forward(self, x):
        self.x = x
        return x @ self.W.data + self.b.data

    def backward(self, grad):
        self.W.grad += self.x.T @ grad
        self.b.grad += grad.sum(dim=0)
        return grad @ self.W.data.T
