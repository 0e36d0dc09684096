"""Exercise rmsprop, solved for --backend torch: RMSprop (torch.optim.RMSprop)."""

import torch


class RMSprop:
    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8):
        self.params = list(params)
        self.lr, self.alpha, self.eps = lr, alpha, eps
        self.square_avg = [torch.zeros_like(p.data) for p in self.params]

    def step(self):
        """Update every p.data from p.grad (see the module docstring)."""
        for i, p in enumerate(self.params):
            # an exponential moving average of g²: alpha weighs the old average
            self.square_avg[i] = self.alpha * self.square_avg[i] + (1 - self.alpha) * p.grad * p.grad
            p.data -= self.lr * p.grad / (torch.sqrt(self.square_avg[i]) + self.eps)

    def zero_grad(self):
        """Set every p.grad to zero."""
        for p in self.params:
            p.grad[...] = 0
