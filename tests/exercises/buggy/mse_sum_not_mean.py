# exercise: mse-loss
# expect: off by exactly N·D = 12: a sum over all elements
import numpy as np

from quizprep.engine import Layer


class MSELoss(Layer):
    def forward(self, pred, target):
        self.diff = pred - target
        return np.sum(self.diff**2)

    def backward(self):
        return 2 * self.diff
