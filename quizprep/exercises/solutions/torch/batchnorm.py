"""Exercise batchnorm, solved for --backend torch: batch normalisation with torch.nn.BatchNorm1d's semantics."""

import torch

from quizprep.engine import Layer, Param


class BatchNorm1d(Layer):
    def __init__(self, num_features, eps=1e-5, momentum=0.1):
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        self.gamma = Param(torch.ones((num_features,), dtype=torch.float64))
        self.beta = Param(torch.zeros((num_features,), dtype=torch.float64))
        self.running_mean = torch.zeros((num_features,), dtype=torch.float64)
        self.running_var = torch.ones((num_features,), dtype=torch.float64)

    def forward(self, x):
        """x: (N, num_features) -> y: (N, num_features); batch or running statistics."""
        self.batch_statistics = self.training
        if self.training:
            n = x.shape[0]
            mean = x.mean(dim=0)
            var = x.var(dim=0, unbiased=False)  # biased (÷N): what normalises this batch
            self.batches = getattr(self, "batches", 0) + 1
            # m weighs the new batch (momentum=None: the cumulative average); running_var gets the unbiased variance
            m = 1.0 / self.batches if self.momentum is None else self.momentum
            self.running_mean = (1 - m) * self.running_mean + m * mean
            self.running_var = (1 - m) * self.running_var + m * var * n / (n - 1)
        else:
            mean, var = self.running_mean, self.running_var
        self.inv_std = 1.0 / torch.sqrt(var + self.eps)
        self.x_hat = (x - mean) * self.inv_std
        return self.gamma.data * self.x_hat + self.beta.data

    def backward(self, grad):
        """grad = dL/dy: (N, num_features) -> dL/dx; accumulates gamma.grad and beta.grad."""
        self.gamma.grad += (grad * self.x_hat).sum(dim=0)
        self.beta.grad += grad.sum(dim=0)
        dx_hat = grad * self.gamma.data
        if not self.batch_statistics:  # eval: mean and var are constants
            return dx_hat * self.inv_std
        # training: mean and var depend on every x of the batch
        n = grad.shape[0]
        return self.inv_std / n * (n * dx_hat - dx_hat.sum(dim=0) - self.x_hat * (dx_hat * self.x_hat).sum(dim=0))
