# exercise: sgd
# extras: nesterov=not attempted, weight_decay=not attempted, dampening=not attempted
import numpy as np


class SGD:
    """SGD with momentum as the notes teach it: velocity = momentum·velocity − lr·grad; w += velocity."""

    def __init__(self, params, lr, momentum=0.0):
        self.params = list(params)
        self.lr, self.momentum = lr, momentum
        self.velocity = [np.zeros_like(p.data) for p in self.params]

    def step(self):
        for i, p in enumerate(self.params):
            self.velocity[i] = self.momentum * self.velocity[i] - self.lr * p.grad
            p.data += self.velocity[i]

    def zero_grad(self):
        for p in self.params:
            p.grad[...] = 0
