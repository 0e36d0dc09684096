# exercise: cross-entropy
# expect: underflow
import numpy as np

from quizprep.engine import Layer


class CrossEntropyLoss(Layer):
    def forward(self, pred, target):
        z = pred - pred.max(axis=1, keepdims=True)
        e = np.exp(z)
        self.probs, self.target = e / e.sum(axis=1, keepdims=True), target
        rows = np.arange(pred.shape[0])
        return -np.mean(np.log(self.probs[rows, target] + 1e-16))

    def backward(self):
        d = self.probs.copy()
        d[np.arange(d.shape[0]), self.target] -= 1.0
        return d / d.shape[0]
