"""Exercise adam, solved for --backend torch: Adam with bias correction and L2 weight decay (torch.optim.Adam)."""

import torch


class Adam:
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
        self.params = list(params)
        self.lr, self.betas, self.eps, self.weight_decay = lr, betas, eps, weight_decay
        self.m = [torch.zeros_like(p.data) for p in self.params]
        self.v = [torch.zeros_like(p.data) for p in self.params]
        self.t = 0

    def step(self):
        """Update every p.data from p.grad (see the module docstring)."""
        beta1, beta2 = self.betas
        self.t += 1  # once per step, shared by all Params
        for i, p in enumerate(self.params):
            g = p.grad + self.weight_decay * p.data
            self.m[i] = beta1 * self.m[i] + (1 - beta1) * g  # momentum
            self.v[i] = beta2 * self.v[i] + (1 - beta2) * g * g  # RMSprop
            m_hat = self.m[i] / (1 - beta1**self.t)  # bias correction: m and v start at 0
            v_hat = self.v[i] / (1 - beta2**self.t)
            p.data -= self.lr * m_hat / (torch.sqrt(v_hat) + self.eps)

    def zero_grad(self):
        """Set every p.grad to zero."""
        for p in self.params:
            p.grad[...] = 0
