# exercise: batchnorm2d
# Spatial BatchNorm as BatchNorm1d over rows: (N, C, H, W) -> (N·H·W, C) and back.
import numpy as np

from quizprep.engine import Layer, Param


class BatchNorm2d(Layer):
    def __init__(self, num_features, eps=1e-5, momentum=0.1):
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        self.gamma = Param(np.ones((num_features,)))
        self.beta = Param(np.zeros((num_features,)))
        self.running_mean = np.zeros((num_features,))
        self.running_var = np.ones((num_features,))

    def forward(self, x):
        n, c, h, w = x.shape
        rows = x.transpose(0, 2, 3, 1).reshape(-1, c)
        self.train_mode = self.training
        if self.training:
            mu, var = rows.mean(axis=0), rows.var(axis=0)
            m = rows.shape[0]
            self.running_mean = self.momentum * mu + (1 - self.momentum) * self.running_mean
            self.running_var = self.momentum * var * m / (m - 1) + (1 - self.momentum) * self.running_var
        else:
            mu, var = self.running_mean, self.running_var
        self.std = np.sqrt(var + self.eps)
        self.rows_hat = (rows - mu) / self.std
        out = self.rows_hat * self.gamma.data + self.beta.data
        return out.reshape(n, h, w, c).transpose(0, 3, 1, 2)

    def backward(self, grad):
        n, c, h, w = grad.shape
        g = grad.transpose(0, 2, 3, 1).reshape(-1, c)
        self.gamma.grad += (g * self.rows_hat).sum(axis=0)
        self.beta.grad += g.sum(axis=0)
        d_hat = g * self.gamma.data
        if self.train_mode:
            d_rows = (d_hat - d_hat.mean(axis=0) - self.rows_hat * (d_hat * self.rows_hat).mean(axis=0)) / self.std
        else:
            d_rows = d_hat / self.std
        return d_rows.reshape(n, h, w, c).transpose(0, 3, 1, 2)
