# exercise: dropout
# expect: dropout scaled at test time
import numpy as np

from quizprep.engine import Layer


class Dropout(Layer):
    def __init__(self, p=0.5):
        self.p = p

    def forward(self, x):
        if not self.training:
            self.mask = None
            return x * (1 - self.p)  # classic dropout's test-time scaling, on top of inverted scaling
        self.mask = (np.random.rand(*x.shape) >= self.p) / (1 - self.p)
        return x * self.mask

    def backward(self, grad):
        return grad * (1 - self.p) if self.mask is None else grad * self.mask
