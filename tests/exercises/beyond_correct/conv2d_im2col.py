# exercise: conv2d
# A vectorised convolution: the windows gathered once (im2col), then one matrix product.
import numpy as np

from quizprep.engine import Layer, Param


class Conv2d(Layer):
    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, bias=True):
        self.in_channels, self.out_channels = in_channels, out_channels
        self.kernel_size, self.stride, self.padding = kernel_size, stride, padding
        self.W = Param(np.zeros((out_channels, in_channels, kernel_size, kernel_size)))
        self.b = Param(np.zeros((out_channels,))) if bias else None

    def _positions(self, h, w):
        k, s = self.kernel_size, self.stride
        rows = np.arange(0, h - k + 1, s)
        cols = np.arange(0, w - k + 1, s)
        return rows, cols

    def forward(self, x):
        p, k = self.padding, self.kernel_size
        self.shape = x.shape
        xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
        rows, cols = self._positions(xp.shape[2], xp.shape[3])
        # columns: (N, H_out, W_out, C·k·k)
        cols_ = np.stack([np.stack([xp[:, :, r:r + k, c:c + k].reshape(x.shape[0], -1) for c in cols], axis=1)
                          for r in rows], axis=1)
        self.cols, self.padded_shape = cols_, xp.shape
        out = cols_ @ self.W.data.reshape(self.out_channels, -1).T  # (N, H_out, W_out, out)
        if self.b is not None:
            out = out + self.b.data
        return out.transpose(0, 3, 1, 2)

    def backward(self, grad):
        k, p = self.kernel_size, self.padding
        g = grad.transpose(0, 2, 3, 1)  # (N, H_out, W_out, out)
        self.W.grad += (g.reshape(-1, self.out_channels).T @ self.cols.reshape(-1, self.cols.shape[-1])).reshape(
            self.W.data.shape)
        if self.b is not None:
            self.b.grad += g.sum(axis=(0, 1, 2))
        dcols = g @ self.W.data.reshape(self.out_channels, -1)  # (N, H_out, W_out, C·k·k)
        dxp = np.zeros(self.padded_shape)
        rows, cols = self._positions(self.padded_shape[2], self.padded_shape[3])
        n, c = self.shape[:2]
        for a, r in enumerate(rows):
            for b, col in enumerate(cols):
                dxp[:, :, r:r + k, col:col + k] += dcols[:, a, b].reshape(n, c, k, k)
        return dxp[:, :, p:p + self.shape[2], p:p + self.shape[3]]
