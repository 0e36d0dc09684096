# exercise: batchnorm
# expect: statistics computed over the wrong axis
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
        mean, var = x.mean(axis=1, keepdims=True), x.var(axis=1, keepdims=True)
        self.x_hat = (x - mean) / np.sqrt(var + self.eps)
        return self.gamma.data * self.x_hat + self.beta.data

    def backward(self, grad):
        return grad
