# exercise: sgd
# expect: weight_decay ignored


class SGD:
    def __init__(self, params, lr, momentum=0.0, weight_decay=0.0):
        self.params = list(params)
        self.lr, self.momentum, self.weight_decay = lr, momentum, weight_decay
        self.buffers = [None] * len(self.params)

    def step(self):
        for i, p in enumerate(self.params):
            g = p.grad
            if self.momentum:
                self.buffers[i] = g.copy() if self.buffers[i] is None else self.momentum * self.buffers[i] + g
                g = self.buffers[i]
            p.data -= self.lr * g

    def zero_grad(self):
        for p in self.params:
            p.grad[...] = 0
