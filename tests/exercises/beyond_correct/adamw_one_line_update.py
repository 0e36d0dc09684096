# exercise: adamw
# AdamW written as one update: w − lr·(weight_decay·w + m̂/(sqrt(v̂) + eps)).
import numpy as np


class AdamW:
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2):
        self.params = list(params)
        self.lr, self.betas, self.eps, self.weight_decay = lr, betas, eps, weight_decay
        self.state = {}
        self.steps = 0

    def step(self):
        self.steps += 1
        b1, b2 = self.betas
        for p in self.params:
            m, v = self.state.get(id(p), (0.0, 0.0))
            m = b1 * m + (1 - b1) * p.grad
            v = b2 * v + (1 - b2) * p.grad ** 2
            self.state[id(p)] = (m, v)
            adam = (m / (1 - b1 ** self.steps)) / (np.sqrt(v / (1 - b2 ** self.steps)) + self.eps)
            p.data -= self.lr * (self.weight_decay * p.data + adam)

    def zero_grad(self):
        for p in self.params:
            p.grad[...] = 0
