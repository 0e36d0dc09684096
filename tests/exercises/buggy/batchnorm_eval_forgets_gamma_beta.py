# exercise: batchnorm
# expect: eval forgets gamma and beta
import numpy as np

from quizprep.engine import Layer, Param


class BatchNorm1d(Layer):
    def __init__(self, num_features, eps=1e-5, momentum=0.1):
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        self.gamma = Param(np.ones((num_features,)))
        self.beta = Param(np.zeros((num_features,)))
        self.running_mean = np.zeros((num_features,))
        self.running_var = np.ones((num_features,))

    def forward(self, x):
        self.train_mode = self.training
        if self.training:
            n = x.shape[0]
            mean, var = x.mean(axis=0), x.var(axis=0)
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var * n / (n - 1)
            self.inv_std = 1.0 / np.sqrt(var + self.eps)
            self.x_hat = (x - mean) * self.inv_std
            return self.gamma.data * self.x_hat + self.beta.data
        self.inv_std = 1.0 / np.sqrt(self.running_var + self.eps)
        self.x_hat = (x - self.running_mean) * self.inv_std
        return self.x_hat

    def backward(self, grad):
        self.gamma.grad += (grad * self.x_hat).sum(axis=0)
        self.beta.grad += grad.sum(axis=0)
        dx_hat = grad * self.gamma.data
        if not self.train_mode:
            return dx_hat * self.inv_std
        n = grad.shape[0]
        return self.inv_std / n * (n * dx_hat - dx_hat.sum(axis=0) - self.x_hat * (dx_hat * self.x_hat).sum(axis=0))
