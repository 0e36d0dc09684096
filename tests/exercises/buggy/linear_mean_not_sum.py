# exercise: linear
# expect: off by exactly 1/N = 1/4 (mean vs sum over the batch)
import numpy as np

from quizprep.engine import Layer, Param


class Linear(Layer):
    def __init__(self, in_features, out_features):
        self.W = Param(np.zeros((in_features, out_features)))
        self.b = Param(np.zeros((out_features,)))

    def forward(self, x):
        self.x = x
        return x @ self.W.data + self.b.data

    def backward(self, grad):
        n = grad.shape[0]
        self.W.grad += self.x.T @ grad / n  # averaged over the batch
        self.b.grad += grad.sum(axis=0)
        return grad @ self.W.data.T
