# exercise: batchnorm2d
# expect: statistics per position instead of per channel
import numpy as np


def conv_forward_naive(x, w, b, conv_param):
    stride, pad = conv_param["stride"], conv_param["pad"]
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)), mode="constant")
    f, _, hh, ww = w.shape
    h_out = 1 + (xp.shape[2] - hh) // stride
    w_out = 1 + (xp.shape[3] - ww) // stride
    out = np.zeros((x.shape[0], f, h_out, w_out))
    for n in range(x.shape[0]):
        for k in range(f):
            for i in range(h_out):
                for j in range(w_out):
                    patch = xp[n, :, i * stride:i * stride + hh, j * stride:j * stride + ww]
                    out[n, k, i, j] = np.sum(patch * w[k]) + b[k]
    return out, (x, w, b, conv_param)


def conv_backward_naive(dout, cache):
    x, w, _, conv_param = cache
    stride, pad = conv_param["stride"], conv_param["pad"]
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)), mode="constant")
    dxp, dw = np.zeros_like(xp), np.zeros_like(w)
    f, _, hh, ww = w.shape
    for n in range(dout.shape[0]):
        for k in range(f):
            for i in range(dout.shape[2]):
                for j in range(dout.shape[3]):
                    rows, cols = slice(i * stride, i * stride + hh), slice(j * stride, j * stride + ww)
                    dw[k] += dout[n, k, i, j] * xp[n, :, rows, cols]
                    dxp[n, :, rows, cols] += dout[n, k, i, j] * w[k]
    db = dout.sum(axis=(0, 2, 3))
    return dxp[:, :, pad:pad + x.shape[2], pad:pad + x.shape[3]], dw, db


def max_pool_forward_naive(x, pool_param):
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    h_out, w_out = 1 + (x.shape[2] - ph) // s, 1 + (x.shape[3] - pw) // s
    out = np.zeros((*x.shape[:2], h_out, w_out))
    for i in range(h_out):
        for j in range(w_out):
            out[:, :, i, j] = x[:, :, i * s:i * s + ph, j * s:j * s + pw].max(axis=(2, 3))
    return out, (x, pool_param)


def max_pool_backward_naive(dout, cache):
    x, pool_param = cache
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    dx = np.zeros_like(x)
    for n in range(x.shape[0]):
        for c in range(x.shape[1]):
            for i in range(dout.shape[2]):
                for j in range(dout.shape[3]):
                    window = x[n, c, i * s:i * s + ph, j * s:j * s + pw]
                    a, b = np.unravel_index(np.argmax(window), window.shape)
                    dx[n, c, i * s + a, j * s + b] += dout[n, c, i, j]
    return dx


def spatial_batchnorm_forward(x, gamma, beta, bn_param):
    mode, eps, momentum = bn_param["mode"], bn_param.get("eps", 1e-5), bn_param.get("momentum", 0.9)
    n, c, h, w = x.shape
    rows = x.transpose(0, 2, 3, 1).reshape(-1, c)
    if mode == "train":
        mu, var = x.mean(axis=0), x.var(axis=0)  # (C, H, W): batchnorm_forward's axis on images
        x_hat = (x - mu) / np.sqrt(var + eps)
        out = gamma[:, None, None] * x_hat + beta[:, None, None]
        return out, (x_hat, gamma, np.sqrt(var + eps))
        bn_param["running_mean"] = momentum * bn_param["running_mean"] + (1 - momentum) * mu
        bn_param["running_var"] = momentum * bn_param["running_var"] + (1 - momentum) * var
    else:
        mu, var = bn_param["running_mean"], bn_param["running_var"]
    x_hat = (rows - mu) / np.sqrt(var + eps)
    out = (gamma * x_hat + beta).reshape(n, h, w, c).transpose(0, 3, 1, 2)
    return out, (x_hat, gamma, np.sqrt(var + eps))


def spatial_batchnorm_backward(dout, cache):
    x_hat, gamma, std = cache
    n, c, h, w = dout.shape
    g = dout.transpose(0, 2, 3, 1).reshape(-1, c)
    dgamma, dbeta = (g * x_hat).sum(axis=0), g.sum(axis=0)
    dxh = g * gamma
    dx = (dxh - dxh.mean(axis=0) - x_hat * (dxh * x_hat).mean(axis=0)) / std
    return dx.reshape(n, h, w, c).transpose(0, 3, 1, 2), dgamma, dbeta


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    mu = x.mean(axis=1, keepdims=True)
    std = np.sqrt(x.var(axis=1, keepdims=True) + eps)
    x_hat = (x - mu) / std
    return gamma * x_hat + beta, (x_hat, gamma, std)


def layernorm_backward(dout, cache):
    x_hat, gamma, std = cache
    dxh = dout * gamma
    dx = (dxh - dxh.mean(axis=1, keepdims=True) - x_hat * (dxh * x_hat).mean(axis=1, keepdims=True)) / std
    return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)
