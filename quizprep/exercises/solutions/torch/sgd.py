"""Exercise sgd, solved for --backend torch: SGD with momentum, Nesterov momentum and weight decay (torch.optim.SGD)."""



class SGD:
    def __init__(self, params, lr, momentum=0.0, nesterov=False, weight_decay=0.0, dampening=0.0):
        self.params = list(params)
        self.lr, self.momentum = lr, momentum
        self.nesterov, self.weight_decay, self.dampening = nesterov, weight_decay, dampening
        self.velocity = [None] * len(self.params)

    def step(self):
        """Update every p.data from p.grad (see the module docstring)."""
        for i, p in enumerate(self.params):
            g = p.grad + self.weight_decay * p.data
            if self.momentum:
                if self.velocity[i] is None:
                    self.velocity[i] = g.clone()
                else:
                    self.velocity[i] = self.momentum * self.velocity[i] + (1 - self.dampening) * g
                g = g + self.momentum * self.velocity[i] if self.nesterov else self.velocity[i]
            p.data -= self.lr * g  # against the gradient

    def zero_grad(self):
        """Set every p.grad to zero."""
        for p in self.params:
            p.grad[...] = 0
