# exercise: relu
# expect: nan at
import numpy as np

from quizprep.engine import Layer


class ReLU(Layer):
    def forward(self, x):
        self.mask = x > 0
        return np.where(self.mask, x, np.nan)

    def backward(self, grad):
        return grad * self.mask
