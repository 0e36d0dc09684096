# exercise: batchnorm
# expect: momentum used the other way round
import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    eps, momentum = bn_param.get("eps", 1e-5), bn_param.get("momentum", 0.9)
    running_mean, running_var = bn_param["running_mean"], bn_param["running_var"]
    if bn_param["mode"] == "train":
        mean, var = x.mean(axis=0), x.var(axis=0)
        std = np.sqrt(var + eps)
        normed = (x - mean) / std
        # the bug: torch's meaning of momentum, while cs231n's bn_param keeps the OLD statistic
        bn_param["running_mean"] = (1 - momentum) * running_mean + momentum * mean
        bn_param["running_var"] = (1 - momentum) * running_var + momentum * var * len(x) / (len(x) - 1)
        return gamma * normed + beta, (normed, std, gamma)
    return gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta, None


def batchnorm_backward_alt(dout, cache):
    normed, std, gamma = cache
    n = dout.shape[0]
    dnormed = dout * gamma
    dx = (n * dnormed - dnormed.sum(axis=0) - normed * np.sum(dnormed * normed, axis=0)) / (n * std)
    return dx, np.sum(dout * normed, axis=0), dout.sum(axis=0)
