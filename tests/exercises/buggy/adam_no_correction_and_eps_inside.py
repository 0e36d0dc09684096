# exercise: adam
# expect: Adam without bias correction
import numpy as np


class Adam:
    """Two bugs: a real one (no bias correction) and a convention (eps inside the root): the bug is named."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        self.params = list(params)
        self.lr, self.betas, self.eps = lr, betas, eps
        self.m = [np.zeros_like(p.data) for p in self.params]
        self.v = [np.zeros_like(p.data) for p in self.params]

    def step(self):
        b1, b2 = self.betas
        for i, p in enumerate(self.params):
            self.m[i] = b1 * self.m[i] + (1 - b1) * p.grad
            self.v[i] = b2 * self.v[i] + (1 - b2) * p.grad * p.grad
            p.data -= self.lr * self.m[i] / np.sqrt(self.v[i] + self.eps)

    def zero_grad(self):
        for p in self.params:
            p.grad[...] = 0
