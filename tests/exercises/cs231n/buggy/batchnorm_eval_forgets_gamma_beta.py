# exercise: batchnorm
# expect: eval forgets gamma and beta
# needs: optional extras (issue 10, points 1-3)
import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    eps, momentum = bn_param.get("eps", 1e-5), bn_param.get("momentum", 0.9)
    if bn_param["mode"] == "train":
        mean, var = x.mean(axis=0), x.var(axis=0)
        std = np.sqrt(var + eps)
        normed = (x - mean) / std
        bn_param["running_mean"] = momentum * bn_param["running_mean"] + (1 - momentum) * mean
        bn_param["running_var"] = momentum * bn_param["running_var"] + (1 - momentum) * var
        return gamma * normed + beta, (normed, std, gamma)
    return (x - bn_param["running_mean"]) / np.sqrt(bn_param["running_var"] + eps), None


def batchnorm_backward(dout, cache):
    normed, std, gamma = cache
    n = dout.shape[0]
    dnormed = dout * gamma
    dx = (n * dnormed - dnormed.sum(axis=0) - normed * np.sum(dnormed * normed, axis=0)) / (n * std)
    return dx, np.sum(dout * normed, axis=0), dout.sum(axis=0)
