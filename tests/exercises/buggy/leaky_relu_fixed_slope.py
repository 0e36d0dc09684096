# exercise: leaky-relu
# expect: negative_slope ignored
import numpy as np

from quizprep.engine import Layer


class LeakyReLU(Layer):
    def __init__(self, negative_slope=0.01):
        self.negative_slope = negative_slope

    def forward(self, x):
        self.x = x
        return np.where(x > 0, x, 0.01 * x)

    def backward(self, grad):
        return np.where(self.x > 0, grad, 0.01 * grad)
