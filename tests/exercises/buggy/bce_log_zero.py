# exercise: bce-loss
# expect: log(0) at predictions of exactly 0 or 1
import numpy as np

from quizprep.engine import Layer


class BCELoss(Layer):
    def forward(self, pred, target):
        self.pred, self.target = pred, target
        return -np.mean(target * np.log(pred) + (1 - target) * np.log(1 - pred))

    def backward(self):
        p, t = self.pred, self.target
        return (p - t) / (p * (1 - p)) / p.size
