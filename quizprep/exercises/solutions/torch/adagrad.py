"""Exercise adagrad, solved for --backend torch: Adagrad (torch.optim.Adagrad)."""

import torch


class Adagrad:
    def __init__(self, params, lr=1e-2, eps=1e-10):
        self.params = list(params)
        self.lr, self.eps = lr, eps
        self.sums = [torch.zeros_like(p.data) for p in self.params]

    def step(self):
        """Update every p.data from p.grad (see the module docstring)."""
        for p, total in zip(self.params, self.sums):
            total += p.grad * p.grad  # the sum of g² over all steps
            p.data -= self.lr * p.grad / (torch.sqrt(total) + self.eps)

    def zero_grad(self):
        """Set every p.grad to zero."""
        for p in self.params:
            p.grad[...] = 0
