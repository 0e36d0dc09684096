# exercise: mse-loss
# expect: the factor 2 is missing
import numpy as np

from quizprep.engine import Layer


class MSELoss(Layer):
    def forward(self, pred, target):
        self.diff = pred - target
        return np.mean(self.diff**2)

    def backward(self):
        return self.diff / self.diff.size
