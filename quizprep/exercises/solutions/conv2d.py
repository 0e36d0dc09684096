"""Exercise conv2d, solved: a 2-D convolution (torch.nn.Conv2d's cross-correlation) with naive loops."""

import numpy as np

from quizprep.engine import Layer, Param


class Conv2d(Layer):
    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, bias=True):
        self.in_channels, self.out_channels = in_channels, out_channels
        self.kernel_size, self.stride, self.padding = kernel_size, stride, padding
        self.W = Param(np.zeros((out_channels, in_channels, kernel_size, kernel_size)))
        self.b = Param(np.zeros((out_channels,))) if bias else None

    def forward(self, x):
        """x: (N, in_channels, H, W) -> y: (N, out_channels, H_out, W_out)."""
        k, s, p = self.kernel_size, self.stride, self.padding
        self.x_shape = x.shape
        self.x_pad = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
        h_out = (self.x_pad.shape[2] - k) // s + 1
        w_out = (self.x_pad.shape[3] - k) // s + 1
        y = np.zeros((x.shape[0], self.out_channels, h_out, w_out))
        for i in range(h_out):
            for j in range(w_out):
                window = self.x_pad[:, :, i * s:i * s + k, j * s:j * s + k]  # (N, C, k, k)
                # no flip: y[n, o, i, j] = Σ W[o, c, a, b] · x[n, c, i·s + a, j·s + b]
                y[:, :, i, j] = np.tensordot(window, self.W.data, axes=([1, 2, 3], [1, 2, 3]))
        if self.b is not None:
            y += self.b.data[:, None, None]
        return y

    def backward(self, grad):
        """grad = dL/dy: (N, out_channels, H_out, W_out) -> dL/dx: (N, in_channels, H, W)."""
        k, s, p = self.kernel_size, self.stride, self.padding
        dx_pad = np.zeros_like(self.x_pad)
        for i in range(grad.shape[2]):
            for j in range(grad.shape[3]):
                window = self.x_pad[:, :, i * s:i * s + k, j * s:j * s + k]
                g = grad[:, :, i, j]  # (N, out)
                self.W.grad += np.tensordot(g, window, axes=([0], [0]))
                # the window started at (i·s, j·s): its gradient goes back there
                dx_pad[:, :, i * s:i * s + k, j * s:j * s + k] += np.tensordot(g, self.W.data, axes=([1], [0]))
        if self.b is not None:
            self.b.grad += grad.sum(axis=(0, 2, 3))
        h, w = self.x_shape[2], self.x_shape[3]
        return dx_pad[:, :, p:p + h, p:p + w]
