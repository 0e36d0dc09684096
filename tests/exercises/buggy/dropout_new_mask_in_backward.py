# exercise: dropout
# expect: backward draws a new mask
import numpy as np

from quizprep.engine import Layer


class Dropout(Layer):
    def __init__(self, p=0.5):
        self.p = p

    def forward(self, x):
        if not self.training:
            return x
        return x * (np.random.rand(*x.shape) >= self.p) / (1 - self.p)

    def backward(self, grad):
        if not self.training:
            return grad
        return grad * (np.random.rand(*grad.shape) >= self.p) / (1 - self.p)
