# exercise: sgd
# expect: sign error in the update
import numpy as np


class SGD:
    def __init__(self, params, lr, momentum=0.0, nesterov=False, weight_decay=0.0):
        self.params = list(params)
        self.lr, self.momentum, self.nesterov, self.weight_decay = lr, momentum, nesterov, weight_decay
        self.buffers = [None] * len(self.params)

    def step(self):
        for i, p in enumerate(self.params):
            g = p.grad + self.weight_decay * p.data
            if self.momentum:
                self.buffers[i] = np.array(g) if self.buffers[i] is None else self.momentum * self.buffers[i] + g
                g = g + self.momentum * self.buffers[i] if self.nesterov else self.buffers[i]
            p.data += self.lr * g  # uphill

    def zero_grad(self):
        for p in self.params:
            p.grad[...] = 0
