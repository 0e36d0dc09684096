"""Exercise batchnorm2d, solved: spatial batch normalisation with torch.nn.BatchNorm2d's semantics."""

import numpy as np

from quizprep.engine import Layer, Param

AXES = (0, 2, 3)  # one statistic per channel, over the batch and every position


class BatchNorm2d(Layer):
    def __init__(self, num_features, eps=1e-5, momentum=0.1):
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        self.gamma = Param(np.ones((num_features,)))
        self.beta = Param(np.zeros((num_features,)))
        self.running_mean = np.zeros((num_features,))
        self.running_var = np.ones((num_features,))

    def forward(self, x):
        """x: (N, C, H, W) -> y: (N, C, H, W); batch or running statistics per channel."""
        self.batch_statistics = self.training
        if self.training:
            m = x.shape[0] * x.shape[2] * x.shape[3]
            mean, var = x.mean(axis=AXES), x.var(axis=AXES)
            self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * mean
            self.running_var = (1 - self.momentum) * self.running_var + self.momentum * var * m / (m - 1)
        else:
            mean, var = self.running_mean, self.running_var
        self.inv_std = 1.0 / np.sqrt(var + self.eps)[:, None, None]
        self.x_hat = (x - mean[:, None, None]) * self.inv_std
        return self.gamma.data[:, None, None] * self.x_hat + self.beta.data[:, None, None]

    def backward(self, grad):
        """grad = dL/dy: (N, C, H, W) -> dL/dx; accumulates gamma.grad and beta.grad."""
        self.gamma.grad += (grad * self.x_hat).sum(axis=AXES)
        self.beta.grad += grad.sum(axis=AXES)
        dx_hat = grad * self.gamma.data[:, None, None]
        if not self.batch_statistics:
            return dx_hat * self.inv_std
        m = grad.shape[0] * grad.shape[2] * grad.shape[3]
        return self.inv_std / m * (m * dx_hat - dx_hat.sum(axis=AXES, keepdims=True)
                                   - self.x_hat * (dx_hat * self.x_hat).sum(axis=AXES, keepdims=True))
