# exercise: relu
# expect: backward modifies the upstream gradient in place: dx = grad makes dx the same array
import numpy as np

from quizprep.engine import Layer


class ReLU(Layer):
    def forward(self, x):
        self.x = x
        return np.maximum(x, 0)

    def backward(self, grad):
        dx = grad
        dx[self.x <= 0] = 0
        return dx
