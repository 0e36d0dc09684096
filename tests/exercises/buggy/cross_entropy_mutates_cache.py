# exercise: cross-entropy
# expect: backward changes what forward stored
import numpy as np

from quizprep.engine import Layer


class CrossEntropyLoss(Layer):
    def forward(self, pred, target):
        z = pred - pred.max(axis=1, keepdims=True)
        log_probs = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        self.probs, self.target = np.exp(log_probs), target
        return -np.mean(log_probs[np.arange(len(target)), target])

    def backward(self):
        d = self.probs  # no copy: the stored softmax changes
        d[np.arange(len(self.target)), self.target] -= 1
        return d / len(self.target)
