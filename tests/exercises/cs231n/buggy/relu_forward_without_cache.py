# exercise: relu
# expect: relu_forward(x) must return (out, cache)
import numpy as np


def relu_forward(x):
    return np.maximum(0, x)


def relu_backward(dout, cache):
    return dout * (cache > 0)
