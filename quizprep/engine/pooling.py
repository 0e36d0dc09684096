"""2-D max and average pooling (torch.nn.MaxPool2d / AvgPool2d semantics), per channel, no parameters.

Both loop over the kH·kW offsets of a window (each a strided slice of the whole batch), never over
output positions.
"""

from __future__ import annotations

from quizprep.engine.backend import Array, device_of, namespace
from quizprep.engine.base import Layer
from quizprep.engine.conv import Pair, check_input, output_size, pad2d, pair, window_slices


class _Pool2d(Layer):
    def __init__(self, kernel_size: int | Pair, stride: int | Pair | None, padding: int | Pair) -> None:
        self.kernel_size = pair(kernel_size, "kernel_size")
        self.stride = self.kernel_size if stride is None else pair(stride, "stride")
        self.padding = pair(padding, "padding")
        if min(self.kernel_size) <= 0 or min(self.stride) <= 0 or min(self.padding) < 0:
            raise ValueError(f"{type(self).__name__} needs kernel_size > 0, stride > 0 and padding >= 0, got "
                             f"{self.kernel_size}, {self.stride}, {self.padding}")
        if any(2 * p > k for p, k in zip(self.padding, self.kernel_size, strict=True)):
            raise ValueError(f"pad should be at most half of effective kernel size, but got "
                             f"pad={self.padding} and kernel_size={self.kernel_size}")

    def _out_hw(self, x: Array) -> Pair:
        check_input(x, None, type(self).__name__)
        (kh, kw), (sh, sw), (ph, pw) = self.kernel_size, self.stride, self.padding
        oh, ow = output_size(x.shape[2], kh, sh, ph), output_size(x.shape[3], kw, sw, pw)
        if oh <= 0 or ow <= 0:
            raise ValueError(f"{type(self).__name__}: kernel {self.kernel_size} larger than the padded input "
                             f"of shape {tuple(x.shape)}")
        return oh, ow

    def _offsets(self) -> list[tuple[int, int, tuple[slice, slice]]]:
        kh, kw = self.kernel_size
        return [(i, j, window_slices(i, j, self.out_hw, self.stride)) for i in range(kh) for j in range(kw)]

    def _zeros_padded(self, grad: Array) -> Array:
        n, c, h, w = self.x_shape
        ph, pw = self.padding
        return namespace(grad).zeros((n, c, h + 2 * ph, w + 2 * pw), dtype=grad.dtype, device=device_of(grad))

    def _crop(self, dxpad: Array) -> Array:
        (ph, pw), (h, w) = self.padding, self.x_shape[2:]
        return dxpad[:, :, ph:ph + h, pw:pw + w]

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class MaxPool2d(_Pool2d):
    """y[n, c, oh, ow] = max over the window of x_pad (padding counts as -inf, never the maximum).

    x: (N, C, H, W) -> y: (N, C, OH, OW), OH = floor((H + 2·pH - kH) / sH) + 1; stride defaults to
    kernel_size; padding at most half the kernel (as torch). Backward routes each output's gradient to
    the ONE arg-max of its window; ties go to the first maximum in scan order (row by row, left to right),
    torch's rule; overlapping windows (stride < kernel) add up at a shared arg-max.
    """

    def __init__(self, kernel_size: int | Pair, stride: int | Pair | None = None, padding: int | Pair = 0) -> None:
        super().__init__(kernel_size, stride, padding)

    def forward(self, x: Array) -> Array:
        xp = namespace(x)
        self.out_hw, self.x_shape = self._out_hw(x), tuple(x.shape)
        xpad = pad2d(x, self.padding, value=-float("inf"))
        windows = xp.stack([xpad[:, :, rows, cols] for _, _, (rows, cols) in self._offsets()], axis=2)
        self.argmax = xp.argmax(windows, axis=2)  # (N, C, OH, OW): offset index i·kW + j, first max wins
        return xp.max(windows, axis=2)

    def backward(self, grad: Array) -> Array:
        """grad: (N, C, OH, OW) -> dx: (N, C, H, W), nonzero only at arg-max positions."""
        dxpad = self._zeros_padded(grad)
        kw = self.kernel_size[1]
        for i, j, (rows, cols) in self._offsets():
            dxpad[:, :, rows, cols] += grad * (self.argmax == i * kw + j)
        return self._crop(dxpad)


class AvgPool2d(_Pool2d):
    """y[n, c, oh, ow] = mean of x over the kH×kW window (stride defaults to kernel_size, no padding).

    x: (N, C, H, W) -> y: (N, C, OH, OW). Backward gives every element of a window grad / (kH·kW)
    (summed where windows overlap).
    """

    def __init__(self, kernel_size: int | Pair, stride: int | Pair | None = None) -> None:
        super().__init__(kernel_size, stride, 0)

    def forward(self, x: Array) -> Array:
        self.out_hw, self.x_shape = self._out_hw(x), tuple(x.shape)
        offsets = self._offsets()
        total = x[:, :, offsets[0][2][0], offsets[0][2][1]]
        for _, _, (rows, cols) in offsets[1:]:
            total = total + x[:, :, rows, cols]
        return total / len(offsets)

    def backward(self, grad: Array) -> Array:
        """grad: (N, C, OH, OW) -> dx: (N, C, H, W)."""
        dx = self._zeros_padded(grad)
        share = grad / (self.kernel_size[0] * self.kernel_size[1])
        for _, _, (rows, cols) in self._offsets():
            dx[:, :, rows, cols] += share
        return dx
