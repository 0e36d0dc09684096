# exercise: linear
# expect: over the wrong axis
import numpy as np

from quizprep.engine import Layer, Param


class Linear(Layer):
    def __init__(self, in_features, out_features):
        self.in_features, self.out_features = in_features, out_features
        self.W = Param(np.zeros((in_features, out_features)))
        self.b = Param(np.zeros((out_features,)))

    def forward(self, x):
        self.x = x
        return x @ self.W.data + self.b.data

    def backward(self, grad):
        self.W.grad += self.x.T @ grad
        self.b.grad += grad.sum(axis=1)
        return grad @ self.W.data.T
