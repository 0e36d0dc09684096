# exercise: rmsprop
# expect: eps inside the square root
import numpy as np


class RMSprop:
    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8):
        self.params = list(params)
        self.lr, self.alpha, self.eps = lr, alpha, eps
        self.avg = [np.zeros_like(p.data) for p in self.params]

    def step(self):
        for i, p in enumerate(self.params):
            self.avg[i] = self.alpha * self.avg[i] + (1 - self.alpha) * p.grad ** 2
            p.data -= self.lr * p.grad / np.sqrt(self.avg[i] + self.eps)

    def zero_grad(self):
        for p in self.params:
            p.grad[...] = 0
