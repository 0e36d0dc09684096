# exercise: relu
# expect: forward modifies its input in place
from quizprep.engine import Layer


class ReLU(Layer):
    def forward(self, x):
        self.mask = x > 0
        x[~self.mask] = 0  # changes the caller's array
        return x

    def backward(self, grad):
        return grad * self.mask
