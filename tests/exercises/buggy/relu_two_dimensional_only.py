# exercise: relu
# expect: any shape
import numpy as np

from quizprep.engine import Layer


class ReLU(Layer):
    def forward(self, x):
        n, d = x.shape
        self.mask = x > 0
        return np.maximum(x, 0).reshape(n, d)

    def backward(self, grad):
        return grad * self.mask
