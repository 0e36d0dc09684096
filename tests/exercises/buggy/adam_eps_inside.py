# exercise: adam
# expect: eps inside the square root: your step divides by sqrt(v̂ + eps)
import numpy as np


class Adam:
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        self.params = list(params)
        self.lr, self.betas, self.eps = lr, betas, eps
        self.m = [np.zeros_like(p.data) for p in self.params]
        self.v = [np.zeros_like(p.data) for p in self.params]
        self.t = 0

    def step(self):
        b1, b2 = self.betas
        self.t += 1
        for i, p in enumerate(self.params):
            self.m[i] = b1 * self.m[i] + (1 - b1) * p.grad
            self.v[i] = b2 * self.v[i] + (1 - b2) * p.grad * p.grad
            m_hat, v_hat = self.m[i] / (1 - b1 ** self.t), self.v[i] / (1 - b2 ** self.t)
            p.data -= self.lr * m_hat / np.sqrt(v_hat + self.eps)

    def zero_grad(self):
        for p in self.params:
            p.grad[...] = 0
