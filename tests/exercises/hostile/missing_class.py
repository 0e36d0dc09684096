# exercise: relu
# expect: defines no class ReLU (classes found: Relu)
import numpy as np

from quizprep.engine import Layer


class Relu(Layer):
    def forward(self, x):
        return np.maximum(x, 0)
