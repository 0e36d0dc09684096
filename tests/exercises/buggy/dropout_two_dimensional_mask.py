# exercise: dropout
# expect: any shape
import numpy as np

from quizprep.engine import Layer


class Dropout(Layer):
    def __init__(self, p=0.5):
        self.p = p

    def forward(self, x):
        if not self.training or self.p == 0:
            self.mask = None
            return x
        self.mask = (np.random.rand(x.shape[0], x.shape[1]) >= self.p) / (1 - self.p)
        return x * self.mask

    def backward(self, grad):
        return grad if self.mask is None else grad * self.mask
