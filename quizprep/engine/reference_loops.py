"""Loop versions of the engine's convolution and max pooling: the definitions spelled out, for reading
and as the exercises' reference solutions. NumPy only, slow (Python loops over every output position);
`quizprep.engine.Conv2d` / `MaxPool2d` compute the same numbers fast.

Shapes: x (N, C, H, W); w (F, C, kH, kW); b (F,); stride and padding are ints or (h, w) pairs.
"""

from __future__ import annotations

import numpy as np

from quizprep.engine.conv import pair


def _padded(x: np.ndarray, ph: int, pw: int, value: float = 0.0) -> np.ndarray:
    return np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)), constant_values=value)


def conv2d_forward_loops(x: np.ndarray, w: np.ndarray, b: np.ndarray | None, stride: int | tuple[int, int] = 1,
                         padding: int | tuple[int, int] = 0) -> np.ndarray:
    """out[n, f, i, j] = b[f] + Σ_c Σ_di Σ_dj w[f, c, di, dj] · x_pad[n, c, i·sH + di, j·sW + dj].

    Returns out (N, F, OH, OW), OH = (H + 2·pH - kH) // sH + 1 (the kernel is NOT flipped: this is
    cross-correlation, as in every deep-learning library).
    """
    (sh, sw), (ph, pw) = pair(stride, "stride"), pair(padding, "padding")
    n, _, h, width = x.shape
    f, _, kh, kw = w.shape
    oh, ow = (h + 2 * ph - kh) // sh + 1, (width + 2 * pw - kw) // sw + 1
    xp = _padded(x, ph, pw)
    out = np.zeros((n, f, oh, ow), dtype=np.result_type(x, w))
    for sample in range(n):
        for filt in range(f):
            for i in range(oh):
                for j in range(ow):
                    window = xp[sample, :, i * sh:i * sh + kh, j * sw:j * sw + kw]
                    out[sample, filt, i, j] = np.sum(window * w[filt]) + (0.0 if b is None else b[filt])
    return out


def conv2d_backward_loops(dout: np.ndarray, x: np.ndarray, w: np.ndarray, stride: int | tuple[int, int] = 1,
                          padding: int | tuple[int, int] = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (dx, dw, db) for dout (N, F, OH, OW): each output position sends dout·w back to the input
    window it read (at stride steps: position (i, j) read rows i·sH .. i·sH + kH - 1) and dout·window
    to the weights; db sums dout over N, OH, OW.
    """
    (sh, sw), (ph, pw) = pair(stride, "stride"), pair(padding, "padding")
    n, _, h, width = x.shape
    f, _, kh, kw = w.shape
    _, _, oh, ow = dout.shape
    xp = _padded(x, ph, pw)
    dxp = np.zeros_like(xp, dtype=np.result_type(x, w, dout))
    dw = np.zeros_like(w, dtype=dxp.dtype)
    for sample in range(n):
        for filt in range(f):
            for i in range(oh):
                for j in range(ow):
                    g = dout[sample, filt, i, j]
                    rows, cols = slice(i * sh, i * sh + kh), slice(j * sw, j * sw + kw)
                    dxp[sample, :, rows, cols] += g * w[filt]
                    dw[filt] += g * xp[sample, :, rows, cols]
    db = dout.sum(axis=(0, 2, 3))
    return dxp[:, :, ph:ph + h, pw:pw + width], dw, db


def maxpool2d_forward_loops(x: np.ndarray, kernel_size: int | tuple[int, int], stride: int | tuple[int, int] | None
                            = None, padding: int | tuple[int, int] = 0) -> np.ndarray:
    """out[n, c, i, j] = max of the window of x_pad (padding is -inf); stride defaults to kernel_size."""
    kh, kw = pair(kernel_size, "kernel_size")
    sh, sw = (kh, kw) if stride is None else pair(stride, "stride")
    ph, pw = pair(padding, "padding")
    xp = _padded(x, ph, pw, value=-np.inf)
    n, c, h, width = xp.shape
    oh, ow = (h - kh) // sh + 1, (width - kw) // sw + 1
    out = np.empty((n, c, oh, ow), dtype=x.dtype)
    for i in range(oh):
        for j in range(ow):
            out[:, :, i, j] = xp[:, :, i * sh:i * sh + kh, j * sw:j * sw + kw].max(axis=(2, 3))
    return out


def maxpool2d_backward_loops(dout: np.ndarray, x: np.ndarray, kernel_size: int | tuple[int, int],
                             stride: int | tuple[int, int] | None = None,
                             padding: int | tuple[int, int] = 0) -> np.ndarray:
    """dx: each dout[n, c, i, j] goes to the first arg-max (row-major scan) of its window only."""
    kh, kw = pair(kernel_size, "kernel_size")
    sh, sw = (kh, kw) if stride is None else pair(stride, "stride")
    ph, pw = pair(padding, "padding")
    xp = _padded(x, ph, pw, value=-np.inf)
    dxp = np.zeros(xp.shape, dtype=np.result_type(x, dout))
    n, c, oh, ow = dout.shape
    for sample in range(n):
        for channel in range(c):
            for i in range(oh):
                for j in range(ow):
                    window = xp[sample, channel, i * sh:i * sh + kh, j * sw:j * sw + kw]
                    di, dj = np.unravel_index(int(np.argmax(window)), window.shape)
                    dxp[sample, channel, i * sh + di, j * sw + dj] += dout[sample, channel, i, j]
    return dxp[:, :, ph:ph + x.shape[2], pw:pw + x.shape[3]]
