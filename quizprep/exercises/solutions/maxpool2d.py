"""Exercise maxpool2d, solved: 2-D max pooling with torch.nn.MaxPool2d's semantics (naive loops)."""

import numpy as np

from quizprep.engine import Layer


class MaxPool2d(Layer):
    def __init__(self, kernel_size, stride=None, padding=0):
        self.kernel_size, self.stride, self.padding = kernel_size, stride, padding

    def forward(self, x):
        """x: (N, C, H, W) -> y: (N, C, H_out, W_out)."""
        k, p = self.kernel_size, self.padding
        s = k if self.stride is None else self.stride
        self.x_shape = x.shape
        x_pad = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)), constant_values=-np.inf)  # padding never wins
        self.pad_shape = x_pad.shape
        h_out, w_out = (x_pad.shape[2] - k) // s + 1, (x_pad.shape[3] - k) // s + 1
        n, c = x.shape[:2]
        y = np.zeros((n, c, h_out, w_out))
        self.argmax = np.zeros((n, c, h_out, w_out), dtype=np.int64)
        for i in range(h_out):
            for j in range(w_out):
                window = x_pad[:, :, i * s:i * s + k, j * s:j * s + k].reshape(n, c, k * k)
                self.argmax[:, :, i, j] = window.argmax(axis=2)  # the first maximum, as torch
                y[:, :, i, j] = window.max(axis=2)
        return y

    def backward(self, grad):
        """grad = dL/dy: (N, C, H_out, W_out) -> dL/dx: (N, C, H, W)."""
        k, p = self.kernel_size, self.padding
        s = k if self.stride is None else self.stride
        n, c = grad.shape[:2]
        dx_pad = np.zeros(self.pad_shape)
        for i in range(grad.shape[2]):
            for j in range(grad.shape[3]):
                window = np.zeros((n, c, k * k))
                np.put_along_axis(window, self.argmax[:, :, i, j, None], grad[:, :, i, j, None], axis=2)
                dx_pad[:, :, i * s:i * s + k, j * s:j * s + k] += window.reshape(n, c, k, k)  # windows overlap
        h, w = self.x_shape[2], self.x_shape[3]
        return dx_pad[:, :, p:p + h, p:p + w]
