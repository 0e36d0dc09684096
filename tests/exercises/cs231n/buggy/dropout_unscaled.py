# exercise: dropout
# expect: dropout not scaled in training
import numpy as np


def dropout_forward(x, dropout_param):
    if dropout_param["mode"] == "train":
        mask = np.random.rand(*x.shape) < dropout_param["p"]
        return x * mask, (dropout_param, mask)
    return x, (dropout_param, None)


def dropout_backward(dout, cache):
    dropout_param, mask = cache
    return dout * mask if dropout_param["mode"] == "train" else dout
