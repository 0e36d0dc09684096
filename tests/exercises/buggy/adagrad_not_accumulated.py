# exercise: adagrad
# expect: the squared gradients are not accumulated
import numpy as np


class Adagrad:
    def __init__(self, params, lr=1e-2, eps=1e-10):
        self.params = list(params)
        self.lr, self.eps = lr, eps

    def step(self):
        for p in self.params:
            accumulated = p.grad**2  # as in the notes: no +=
            p.data -= self.lr * p.grad / (np.sqrt(accumulated) + self.eps)

    def zero_grad(self):
        for p in self.params:
            p.grad[...] = 0
