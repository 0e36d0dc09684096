# exercise: adam
# extras: weight_decay=not attempted
import numpy as np


class Adam:
    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        self.params = list(params)
        self.lr, self.betas, self.eps = lr, betas, eps
        self.first = [np.zeros_like(p.data) for p in self.params]
        self.second = [np.zeros_like(p.data) for p in self.params]
        self.steps = 0

    def step(self):
        beta1, beta2 = self.betas
        self.steps += 1
        for i, p in enumerate(self.params):
            self.first[i] = beta1 * self.first[i] + (1 - beta1) * p.grad
            self.second[i] = beta2 * self.second[i] + (1 - beta2) * p.grad ** 2
            first = self.first[i] / (1 - beta1 ** self.steps)
            second = self.second[i] / (1 - beta2 ** self.steps)
            p.data -= self.lr * first / (np.sqrt(second) + self.eps)

    def zero_grad(self):
        for p in self.params:
            p.grad[...] = 0
