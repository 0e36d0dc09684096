# exercise: sgd
# expect: your code raised TypeError: unsupported operand type(s) for *: 'float' and 'NoneType'


class SGD:
    """Takes nesterov, and breaks on it: a failure of an optional setting it takes, not "not attempted"."""

    def __init__(self, params, lr, momentum=0.0, nesterov=False):
        self.params = list(params)
        self.lr, self.momentum, self.nesterov = lr, momentum, nesterov
        self.buffers = [None] * len(self.params)

    def step(self):
        for i, p in enumerate(self.params):
            g = p.grad
            if self.nesterov:
                g = g + self.momentum * self.buffers[i]  # the buffer is still None
            if self.momentum:
                self.buffers[i] = g.copy() if self.buffers[i] is None else self.momentum * self.buffers[i] + g
                g = self.buffers[i]
            p.data -= self.lr * g

    def zero_grad(self):
        for p in self.params:
            p.grad[...] = 0
