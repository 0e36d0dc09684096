# exercise: relu
# expect: ran out of memory
import numpy as np

from quizprep.engine import Layer

history = []


class ReLU(Layer):
    def forward(self, x):
        while True:  # keeps every batch "for later": grows without bound
            history.append(np.ones(10_000_000))
        return np.maximum(x, 0)

    def backward(self, grad):
        return grad
