# exercise: relu
# expect: backward modifies the upstream gradient in place
import numpy as np


def relu_forward(x):
    return np.maximum(0, x), x


def relu_backward(dout, cache):
    dx = dout
    dx[cache <= 0] = 0
    return dx
