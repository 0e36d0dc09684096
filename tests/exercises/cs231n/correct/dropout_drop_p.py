"""Dropout in cs231n's function style with p the probability of DROPPING a unit (older cs231n, torch)."""

import numpy as np


def dropout_forward(x, dropout_param):
    drop, mode = dropout_param["p"], dropout_param["mode"]
    if "seed" in dropout_param:
        np.random.seed(dropout_param["seed"])
    mask = None
    out = x
    if mode == "train":
        mask = (np.random.rand(*x.shape) >= drop) / (1 - drop)
        out = x * mask
    return out, (mode, mask)


def dropout_backward(dout, cache):
    mode, mask = cache
    return dout * mask if mode == "train" else dout
