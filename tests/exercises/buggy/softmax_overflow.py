# exercise: softmax
# expect: overflow in softmax
import numpy as np

from quizprep.engine import Layer


class Softmax(Layer):
    def forward(self, x):
        e = np.exp(x)  # no max subtraction
        self.y = e / e.sum(axis=1, keepdims=True)
        return self.y

    def backward(self, grad):
        return self.y * (grad - (grad * self.y).sum(axis=1, keepdims=True))
