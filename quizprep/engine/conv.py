"""2-D convolution (torch.nn.Conv2d semantics: cross-correlation, W (out, in, kH, kW)) by im2col + matmul.

Why im2col: a direct convolution is six nested loops (N, out, OH, OW, C·kH·kW); in Python that is
hopeless, and even vectorised over a batch it does many small operations. im2col copies every
receptive field of the input into one column of a matrix `cols` (per sample: C·kH·kW rows, OH·OW
columns); the convolution is then a matrix product W2 · cols per sample (W2 = W reshaped to
(out, C·kH·kW)), which BLAS (NumPy) or MKL/cuBLAS (torch) run at full speed, and whose result is already
laid out (N, out, OH·OW). The copy costs memory (kH·kW times the input) but only kH·kW Python-level slice
assignments (one strided copy for torch). The backward pass is two more products: dW = Σ_n g_n · cols_nᵀ,
and dx, which for stride 1 is itself a convolution (grad with the kernel flipped, in/out swapped), else
dcols = W2ᵀ · g followed by col2im (adding each column back where it came from).
The loop version that spells out the definition lives in `quizprep.engine.reference_loops`.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from quizprep.engine.backend import Array, as_rng, device_of, is_torch, namespace
from quizprep.engine.base import Layer, Param
from quizprep.engine.fast_paths import stacked_matmul

Pair = tuple[int, int]


def pair(value: int | tuple[int, int], name: str) -> Pair:
    """Return an int or an (h, w) pair as an (h, w) tuple of ints (ValueError otherwise)."""
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ValueError(f"{name} must be an int or a pair (h, w), got {value!r}")
        return int(value[0]), int(value[1])
    return int(value), int(value)


def output_size(size: int, kernel: int, stride: int, padding: int) -> int:
    """Output length along one axis: floor((size + 2·padding - kernel) / stride) + 1."""
    return (size + 2 * padding - kernel) // stride + 1


def pad2d(x: Array, padding: Pair, value: float = 0.0) -> Array:
    """Return x (N, C, H, W) padded by padding = (pH, pW) on each side with `value` (x itself if (0, 0))."""
    ph, pw = padding
    if ph == 0 and pw == 0:
        return x
    xp = namespace(x)
    n, c, h, w = x.shape
    out = xp.full((n, c, h + 2 * ph, w + 2 * pw), value, dtype=x.dtype, device=device_of(x))
    out[:, :, ph:ph + h, pw:pw + w] = x
    return out


def window_slices(i: int, j: int, out_hw: Pair, stride: Pair) -> tuple[slice, slice]:
    """The (rows, cols) slices of a padded input hit by kernel offset (i, j) at every output position."""
    (oh, ow), (sh, sw) = out_hw, stride
    return slice(i, i + sh * (oh - 1) + 1, sh), slice(j, j + sw * (ow - 1) + 1, sw)


def check_input(x: Array, channels: int | None, name: str) -> None:
    if x.ndim != 4:
        raise ValueError(f"{name} expects input of shape (N, C, H, W), got {tuple(x.shape)}")
    if channels is not None and x.shape[1] != channels:
        raise ValueError(f"{name} expects {channels} input channels, got input of shape {tuple(x.shape)}")


def contiguous(a: Array) -> Array:
    """Return a with a C-contiguous layout (a copy only if it is not already), numpy or torch."""
    return a.contiguous() if is_torch(a) else np.ascontiguousarray(a)


def im2col(x: Array, kernel: Pair, stride: Pair, padding: Pair, out: Array | None = None) -> tuple[Array, Pair]:
    """Return (cols, (OH, OW)): cols (N, C·kH·kW, OH·OW), cols[n, (c, i, j), (oh, ow)] =
    x_padded[n, c, oh·sH + i, ow·sW + j]. One slice copy per kernel offset (kH·kW of them).

    Each sample's columns form one matrix, so W2·cols is a batch of products whose result is already laid
    out (N, C_out, OH·OW), the layout of y: no transposing copy of the output afterwards.
    `out`: an earlier cols array to write into when its shape, dtype and device fit (it is large:
    reusing it saves the allocation and, for torch, the page faults of fresh memory).
    """
    xp = namespace(x)
    n, c, h, w = x.shape
    (kh, kw), (ph, pw) = kernel, padding
    oh, ow = output_size(h, kh, stride[0], ph), output_size(w, kw, stride[1], pw)
    if oh <= 0 or ow <= 0:
        raise ValueError(f"kernel {kernel} larger than the padded input {(h + 2 * ph, w + 2 * pw)}")
    xpad = pad2d(x, padding)  # (N, C, Hp, Wp)
    shape = (n, c, kh, kw, oh, ow)
    fits = (out is not None and tuple(out.shape) == (n, c * kh * kw, oh * ow) and out.dtype == x.dtype
            and type(out) is type(x) and device_of(out) == device_of(x))
    cols = xp.reshape(out, shape) if fits else xp.empty(shape, dtype=x.dtype, device=device_of(x))
    if is_torch(x):
        # all windows as ONE strided view, copied at once: torch runs every copy as a parallel region,
        # and kH·kW small ones cost about three times one big one (NumPy copies on one thread: no gain)
        sn, sc, sh, sw = xpad.stride()
        cols.copy_(xpad.as_strided(shape, (sn, sc, sh, sw, sh * stride[0], sw * stride[1])))
    else:
        for i in range(kh):
            for j in range(kw):
                rows, columns = window_slices(i, j, (oh, ow), stride)
                cols[:, :, i, j] = xpad[:, :, rows, columns]
    return xp.reshape(cols, (n, c * kh * kw, oh * ow)), (oh, ow)


def col2im(dcols: Array, x_shape: tuple[int, ...], kernel: Pair, stride: Pair, padding: Pair,
           out_hw: Pair) -> Array:
    """The adjoint of im2col: add every entry of dcols (N, C·kH·kW, OH·OW) back to the input position it
    was copied from (positions shared by overlapping windows receive the sum); returns (N, C, H, W)."""
    xp = namespace(dcols)
    n, c, h, w = x_shape
    (kh, kw), (ph, pw) = kernel, padding
    d6 = xp.reshape(dcols, (n, c, kh, kw) + tuple(out_hw))
    dxpad = xp.zeros((n, c, h + 2 * ph, w + 2 * pw), dtype=dcols.dtype, device=device_of(dcols))
    for i in range(kh):
        for j in range(kw):
            rows, columns = window_slices(i, j, out_hw, stride)
            dxpad[:, :, rows, columns] += d6[:, :, i, j]
    return contiguous(dxpad[:, :, ph:ph + h, pw:pw + w])  # (N, C, H, W)


class Conv2d(Layer):
    """y[n, o] = b[o] + Σ_c Σ_i Σ_j W[o, c, i, j] · x_pad[n, c, oh·s + i, ow·s + j] (cross-correlation).

    x: (N, C_in, H, W); y: (N, C_out, OH, OW) with OH = floor((H + 2·pH - kH) / sH) + 1 (same for OW).
    W: Param (C_out, C_in, kH, kW) as in torch; b: Param (C_out,) or None (bias=False).
    kernel_size, stride, padding: an int or an (h, w) pair. Initialised like torch.nn.Conv2d:
    kaiming_uniform_(a=√5), i.e. W and b ~ U(-1/√fan_in, 1/√fan_in) with fan_in = C_in·kH·kW
    (float64 numpy; `.to(...)` for torch / CUDA / float32). `rng`: a seed or generator.
    """

    def __init__(self, in_channels: int, out_channels: int, kernel_size: int | Pair, stride: int | Pair = 1,
                 padding: int | Pair = 0, bias: bool = True, *, rng: Any = None) -> None:
        self.in_channels, self.out_channels = in_channels, out_channels
        self.kernel_size = pair(kernel_size, "kernel_size")
        self.stride = pair(stride, "stride")
        self.padding = pair(padding, "padding")
        if min(self.kernel_size) <= 0 or min(self.stride) <= 0 or min(self.padding) < 0:
            raise ValueError(f"Conv2d needs kernel_size > 0, stride > 0 and padding >= 0, got "
                             f"{self.kernel_size}, {self.stride}, {self.padding}")
        rng = as_rng(rng)
        fan_in = in_channels * self.kernel_size[0] * self.kernel_size[1]
        # kaiming_uniform_(a=√5): gain = √(2/(1+5)), bound = √3·gain/√fan_in = 1/√fan_in
        bound = 1.0 / math.sqrt(fan_in) if fan_in > 0 else 0.0
        like = np.empty(0)
        self.W = Param(rng.uniform((out_channels, in_channels) + self.kernel_size, like, -bound, bound))
        self.b = Param(rng.uniform((out_channels,), like, -bound, bound)) if bias else None

    def forward(self, x: Array) -> Array:
        check_input(x, self.in_channels, "Conv2d")
        xp = namespace(x)
        n = x.shape[0]
        # (N, K, L), K = C·kH·kW; the previous forward's cols is reused as the buffer when it fits
        cols, (oh, ow) = im2col(x, self.kernel_size, self.stride, self.padding, getattr(self, "cols", None))
        self.cols, self.x_shape, self.out_hw = cols, tuple(x.shape), (oh, ow)
        w2 = xp.reshape(self.W.data, (self.out_channels, -1))  # (out, K)
        y = stacked_matmul(w2, cols)                # one product per sample: (out, K)·(N, K, L) -> (N, out, L)
        if self.b is not None:
            y += xp.reshape(self.b.data, (self.out_channels, 1))
        return xp.reshape(y, (n, self.out_channels, oh, ow))

    def backward(self, grad: Array) -> Array | None:
        """grad: (N, C_out, OH, OW) -> dx: (N, C_in, H, W); accumulates dW (C_out, C_in, kH, kW), db (C_out,)."""
        xp = namespace(grad)
        g = xp.reshape(grad, (grad.shape[0], self.out_channels, -1))  # (N, out, L)
        # dW = Σ_n g_n·cols_nᵀ, computed as (Σ_n cols_n·g_nᵀ)ᵀ: the same numbers, but OpenBLAS splits a
        # (K, L)·(L, out) product well across threads and an (out, L)·(L, K) one badly
        dw_t = xp.sum(stacked_matmul(self.cols, xp.matrix_transpose(g)), axis=0)  # (N,K,L)·(N,L,out) -> (K,out)
        self.W.grad += xp.reshape(xp.matrix_transpose(dw_t), tuple(self.W.data.shape))
        if self.b is not None:
            self.b.grad += xp.sum(g, axis=(0, 2))
        if not self.needs_input_grad:
            return None
        (kh, kw), (ph, pw) = self.kernel_size, self.padding
        if self.stride == (1, 1) and ph < kh and pw < kw:
            return self._input_grad_as_convolution(grad)
        w2 = xp.reshape(self.W.data, (self.out_channels, -1))
        dcols = stacked_matmul(xp.matrix_transpose(w2), g)                    # (K, out)·(N, out, L) -> (N, K, L)
        return col2im(dcols, self.x_shape, self.kernel_size, self.stride, self.padding, self.out_hw)

    def _input_grad_as_convolution(self, grad: Array) -> Array:
        """Stride 1: dx is grad convolved with W flipped in space and with in/out swapped, over grad padded
        by (k - 1 - p):  dx[n, c, h, w] = Σ_o Σ_i Σ_j W[o, c, k-1-i, k-1-j] · grad_pad[n, o, h + i, w + j].
        Same result as Wᵀ·grad followed by col2im, but the product's output is dx itself (C_in·N·H·W
        numbers) instead of dcols, kH·kW times larger, and no scattered adds follow."""
        xp = namespace(grad)
        (kh, kw), (ph, pw) = self.kernel_size, self.padding
        w_flipped = xp.permute_dims(xp.flip(self.W.data, axis=(2, 3)), (1, 0, 2, 3))  # (in, out, kH, kW)
        w2 = xp.reshape(w_flipped, (self.in_channels, -1))
        gcols, _ = im2col(grad, self.kernel_size, (1, 1), (kh - 1 - ph, kw - 1 - pw),
                          getattr(self, "grad_cols", None))
        self.grad_cols = gcols  # reused as the buffer by the next backward
        n, _, h, w = self.x_shape
        dx = stacked_matmul(w2, gcols)                                        # (in, K')·(N, K', H·W)
        return xp.reshape(dx, (n, self.in_channels, h, w))

    def extra_repr(self) -> str:
        return (f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
                f"stride={self.stride}, padding={self.padding}, bias={self.b is not None}")
