"""Exercise adamw, solved for --backend torch: Adam with decoupled weight decay (torch.optim.AdamW)."""

import torch


class AdamW:
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
        self.params = list(params)
        self.lr, self.betas, self.eps, self.weight_decay = lr, betas, eps, weight_decay
        self.m = [torch.zeros_like(p.data) for p in self.params]
        self.v = [torch.zeros_like(p.data) for p in self.params]
        self.t = 0

    def step(self):
        """Update every p.data from p.grad."""
        beta1, beta2 = self.betas
        self.t += 1
        for i, p in enumerate(self.params):
            g = p.grad  # the decay does not enter the moments
            p.data *= 1 - self.lr * self.weight_decay  # decoupled: the weights shrink directly
            self.m[i] = beta1 * self.m[i] + (1 - beta1) * g
            self.v[i] = beta2 * self.v[i] + (1 - beta2) * g * g
            m_hat = self.m[i] / (1 - beta1**self.t)
            v_hat = self.v[i] / (1 - beta2**self.t)
            p.data -= self.lr * m_hat / (torch.sqrt(v_hat) + self.eps)

    def zero_grad(self):
        """Set every p.grad to zero."""
        for p in self.params:
            p.grad[...] = 0
