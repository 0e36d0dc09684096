# exercise: sgd
# extras: nesterov=not attempted, weight_decay=passed, dampening=not attempted


class SGD:
    def __init__(self, params, lr, momentum=0.0, weight_decay=0.0):
        self.params = list(params)
        self.lr, self.momentum, self.weight_decay = lr, momentum, weight_decay
        self.buffers = {}

    def step(self):
        for i, p in enumerate(self.params):
            g = p.grad + self.weight_decay * p.data
            if self.momentum:
                self.buffers[i] = g.copy() if i not in self.buffers else self.momentum * self.buffers[i] + g
                g = self.buffers[i]
            p.data = p.data - self.lr * g

    def zero_grad(self):
        for p in self.params:
            p.grad[...] = 0
