"""A whole cs231n-style layers file (function style): every layer the checker adapts, written for these tests."""

import numpy as np


def affine_forward(x, w, b):
    """x: (N, d_1, ..., d_k) flattened to (N, D); w: (D, M); b: (M,) -> (out (N, M), cache)."""
    rows = x.reshape(x.shape[0], -1)
    return rows @ w + b, (x, w)


def affine_backward(dout, cache):
    """dout: (N, M) -> (dx like x, dw (D, M), db (M,))."""
    x, w = cache
    rows = x.reshape(x.shape[0], -1)
    return (dout @ w.T).reshape(x.shape), rows.T @ dout, dout.sum(axis=0)


def relu_forward(x):
    return np.maximum(x, 0), x


def relu_backward(dout, cache):
    return dout * (cache > 0)


def batchnorm_forward(x, gamma, beta, bn_param):
    """Training: batch statistics, running = momentum·running + (1 − momentum)·batch (biased var, as cs231n)."""
    mode, eps = bn_param["mode"], bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    width = x.shape[1]
    running_mean = bn_param.get("running_mean", np.zeros(width))
    running_var = bn_param.get("running_var", np.zeros(width))
    if mode == "train":
        mean, var = x.mean(axis=0), x.var(axis=0)
        std = np.sqrt(var + eps)
        normed = (x - mean) / std
        bn_param["running_mean"] = momentum * running_mean + (1 - momentum) * mean
        bn_param["running_var"] = momentum * running_var + (1 - momentum) * var
        return gamma * normed + beta, (normed, std, gamma)
    if mode == "test":
        return gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta, None
    raise ValueError(f"unknown mode {mode!r}")


def batchnorm_backward(dout, cache):
    """Through the graph: normed = centred · inv_std, both depending on x."""
    normed, std, gamma = cache
    n = dout.shape[0]
    dnormed = dout * gamma
    centred = normed * std
    dvar = np.sum(dnormed * centred, axis=0) * -0.5 * std**-3
    dmean = -np.sum(dnormed, axis=0) / std - 2.0 * dvar * centred.mean(axis=0)
    dx = dnormed / std + dvar * 2.0 * centred / n + dmean / n
    return dx, np.sum(dout * normed, axis=0), dout.sum(axis=0)


def batchnorm_backward_alt(dout, cache):
    """The simplified formula: dx = (N·dx̂ − Σdx̂ − x̂·Σ(dx̂·x̂)) / (N·σ)."""
    normed, std, gamma = cache
    n = dout.shape[0]
    dnormed = dout * gamma
    dx = (n * dnormed - dnormed.sum(axis=0) - normed * np.sum(dnormed * normed, axis=0)) / (n * std)
    return dx, np.sum(dout * normed, axis=0), dout.sum(axis=0)


def dropout_forward(x, dropout_param):
    """Inverted dropout; p is the probability of KEEPING a unit (today's cs231n)."""
    keep, mode = dropout_param["p"], dropout_param["mode"]
    if "seed" in dropout_param:
        np.random.seed(dropout_param["seed"])
    if mode == "train":
        mask = (np.random.rand(*x.shape) < keep) / keep
        return x * mask, (dropout_param, mask)
    return x, (dropout_param, None)


def dropout_backward(dout, cache):
    dropout_param, mask = cache
    return dout * mask if dropout_param["mode"] == "train" else dout


def softmax_loss(x, y):
    """x: (N, C) scores, y: (N,) labels -> (mean cross-entropy, dx)."""
    shifted = x - x.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    n = x.shape[0]
    loss = -log_probs[np.arange(n), y].mean()
    dx = np.exp(log_probs)
    dx[np.arange(n), y] -= 1
    return loss, dx / n
