# exercise: cross-entropy
# expect: overflow in cross-entropy
import numpy as np

from quizprep.engine import Layer


class CrossEntropyLoss(Layer):
    def forward(self, pred, target):
        e = np.exp(pred)  # no max subtraction
        self.probs = e / e.sum(axis=1, keepdims=True)
        self.target = target
        return -np.mean(np.log(self.probs[np.arange(len(target)), target]))

    def backward(self):
        d = self.probs.copy()
        d[np.arange(len(self.target)), self.target] -= 1
        return d / len(self.target)
