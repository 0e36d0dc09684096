# exercise: softmax
# expect: diagonal-only softmax Jacobian
import numpy as np

from quizprep.engine import Layer


class Softmax(Layer):
    def forward(self, x):
        e = np.exp(x - x.max(axis=1, keepdims=True))
        self.y = e / e.sum(axis=1, keepdims=True)
        return self.y

    def backward(self, grad):
        return grad * self.y * (1 - self.y)
