# exercise: sigmoid
# expect: sigmoid backward computed from the input instead of the output
import numpy as np

from quizprep.engine import Layer


class Sigmoid(Layer):
    def forward(self, x):
        self.x = x
        return 1 / (1 + np.exp(-x))

    def backward(self, grad):
        return grad * self.x * (1 - self.x)
