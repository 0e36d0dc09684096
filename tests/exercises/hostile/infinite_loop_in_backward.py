# exercise: relu
# expect: timed out after
import numpy as np

from quizprep.engine import Layer


class ReLU(Layer):
    def forward(self, x):
        self.mask = x > 0
        return np.maximum(x, 0)

    def backward(self, grad):
        while True:
            grad = grad * 1.0
