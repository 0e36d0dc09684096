# exercise: relu
# expect: forward() returns None: a missing `return`?
import numpy as np

from quizprep.engine import Layer


class ReLU(Layer):
    def forward(self, x):
        self.mask = x > 0
        np.maximum(x, 0)

    def backward(self, grad):
        return grad * self.mask
