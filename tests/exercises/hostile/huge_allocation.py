# exercise: relu
# expect: ran out of memory
import numpy as np

from quizprep.engine import Layer


class ReLU(Layer):
    def forward(self, x):
        self.cache = np.ones((100_000, 100_000))  # 80 GB
        return np.maximum(x, 0)

    def backward(self, grad):
        return grad
