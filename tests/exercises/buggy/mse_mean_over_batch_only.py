# exercise: mse-loss
# expect: averaged over the batch only
import numpy as np

from quizprep.engine import Layer


class MSELoss(Layer):
    def forward(self, pred, target):
        self.diff = pred - target
        return np.sum(self.diff ** 2) / pred.shape[0]

    def backward(self):
        return 2 * self.diff / self.diff.shape[0]
