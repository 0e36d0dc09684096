# exercise: batchnorm
# expect: BN uses batch statistics at inference
import numpy as np

from quizprep.engine import Layer, Param


class BatchNorm1d(Layer):
    def __init__(self, num_features, eps=1e-5, momentum=0.1):
        self.eps, self.momentum = eps, momentum
        self.gamma = Param(np.ones((num_features,)))
        self.beta = Param(np.zeros((num_features,)))
        self.running_mean = np.zeros((num_features,))
        self.running_var = np.ones((num_features,))

    def forward(self, x):
        n = x.shape[0]
        mean, var = x.mean(axis=0), x.var(axis=0)  # batch statistics, in eval too
        if self.training:
            m = self.momentum
            self.running_mean = (1 - m) * self.running_mean + m * mean
            self.running_var = (1 - m) * self.running_var + m * var * n / max(n - 1, 1)
        self.inv_std = 1 / np.sqrt(var + self.eps)
        self.x_hat = (x - mean) * self.inv_std
        return self.gamma.data * self.x_hat + self.beta.data

    def backward(self, grad):
        self.gamma.grad += (grad * self.x_hat).sum(axis=0)
        self.beta.grad += grad.sum(axis=0)
        dx_hat = grad * self.gamma.data
        n = grad.shape[0]
        return self.inv_std / n * (n * dx_hat - dx_hat.sum(axis=0) - self.x_hat * (dx_hat * self.x_hat).sum(axis=0))
