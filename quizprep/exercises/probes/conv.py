"""Conv2d: the layer probes on (N, 3, 7, 6) inputs for three settings of kernel, stride and padding, with the
known wrong convolutions (a flipped kernel, an output size or padding off by one, a strided backward that
puts every window's gradient at (i, j) instead of (i·stride, j·stride)) computed alongside.
"""

from __future__ import annotations

import numpy as np

from quizprep.exercises.diagnosis import Variant
from quizprep.exercises.probes.base import ProbeContext
from quizprep.exercises.probes.layers import Case, Config, LayerPlan, run_layer_probes

CHANNELS, HEIGHT, WIDTH = 3, 7, 6
CONFIGS: list[Config] = [
    ((CHANNELS, 4, 3), {}),
    ((CHANNELS, 2, 3), {"stride": 2, "padding": 1}),
    ((CHANNELS, 2, 2), {"stride": 2}),
]
FLIPPED = ("convolution with a flipped kernel: torch's Conv2d (and this exercise) computes a cross-correlation, "
           "y[i, j] = Σ W[u, v]·x[i·stride + u, j·stride + v] — the kernel is not flipped")


def make_input(rng: np.random.Generator, batch: int) -> np.ndarray:
    return rng.normal(size=(batch, CHANNELS, HEIGHT, WIDTH))


def settings(config: Config) -> tuple[int, int, int]:
    """(kernel_size, stride, padding) of a constructor configuration."""
    (_, _, kernel), kwargs = config
    return kernel, kwargs.get("stride", 1), kwargs.get("padding", 0)


def pad(x: np.ndarray, p: int, value: float = 0.0) -> np.ndarray:
    return np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)), constant_values=value)


def conv_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray | None, stride: int, padding: int) -> np.ndarray:
    """torch's conv2d (a cross-correlation) in float64, by loops over the output positions."""
    k = w.shape[-1]
    x_pad = pad(x, padding)
    h_out, w_out = (x_pad.shape[2] - k) // stride + 1, (x_pad.shape[3] - k) // stride + 1
    y = np.zeros((x.shape[0], w.shape[0], h_out, w_out))
    for i in range(h_out):
        for j in range(w_out):
            window = x_pad[:, :, i * stride:i * stride + k, j * stride:j * stride + k]
            y[:, :, i, j] = np.tensordot(window, w, axes=([1, 2, 3], [1, 2, 3]))
    return y if b is None else y + b[:, None, None]


def conv_dx(x_shape: tuple[int, ...], w: np.ndarray, grad: np.ndarray, stride: int, padding: int,
            place: int | None = None) -> np.ndarray:
    """dL/dx of conv_forward; `place`: the step at which windows' gradients are put back (stride when right)."""
    k = w.shape[-1]
    place = stride if place is None else place
    n, _, h, wd = x_shape
    dx_pad = np.zeros((n, x_shape[1], h + 2 * padding, wd + 2 * padding))
    for i in range(grad.shape[2]):
        for j in range(grad.shape[3]):
            dx_pad[:, :, i * place:i * place + k, j * place:j * place + k] += np.tensordot(
                grad[:, :, i, j], w, axes=([1], [0]))
    return dx_pad[:, :, padding:padding + h, padding:padding + wd]


def forward_variants(case: Case) -> list[Variant]:
    x, values = case.x, case.values
    k, s, p = settings(case.config)
    w, b = values["W"], values.get("b")
    right = conv_forward(x, w, b, s, p)
    variants = [
        Variant(FLIPPED, conv_forward(x, w[:, :, ::-1, ::-1], b, s, p),
                "Index the window as x_pad[..., i·stride + u, j·stride + v] with W[..., u, v]: no flip."),
        Variant("the bias b is not added (or added to the wrong axis): y[:, o] += b[o]", conv_forward(x, w, None, s, p)),
    ]
    if right.shape[2] > 1 and right.shape[3] > 1:
        variants.append(Variant(
            "output size off by one: the last row and column of positions are missing — H_out = "
            "(H + 2·padding − kernel_size)//stride + 1, the +1 counts the first window", right[:, :, :-1, :-1]))
    for wrong in (p + 1, p - 1):
        if wrong >= 0 and (HEIGHT + 2 * wrong - k) >= 0:
            variants.append(Variant(f"padding off by one: your output is what padding = {wrong} gives, the layer's "
                                    f"padding is {p} (pad each side of H and W by padding)",
                                    conv_forward(x, w, b, s, wrong)))
    if s > 1:
        variants.append(Variant(f"stride ignored: your output is what stride 1 gives, the layer's stride is {s} "
                                f"(window (i, j) starts at (i·stride, j·stride))", conv_forward(x, w, b, 1, p)))
    return variants


def backward_variants(case: Case) -> list[Variant]:
    x, g, values = case.x, case.grad, case.values
    _, s, p = settings(case.config)
    w = values["W"]
    variants = [Variant(f"dx computed with a flipped kernel: {FLIPPED}", conv_dx(x.shape, w[:, :, ::-1, ::-1], g, s, p))]
    if s > 1:
        variants.append(Variant(
            f"strided backward puts each window's gradient at (i, j) instead of (i·stride, j·stride): with stride "
            f"{s} the window of output (i, j) read x_pad[i·stride : i·stride + k], so dx goes back there",
            conv_dx(x.shape, w, g, s, p, place=1)))
    if p > 0:
        h, wd = x.shape[2], x.shape[3]
        full = conv_dx((x.shape[0], x.shape[1], h + 2 * p, wd + 2 * p), w, g, s, 0)
        variants.append(Variant("dx keeps the padding: return dx_pad[:, :, padding:padding + H, padding:padding + W] "
                                "without the padded border", full))
    return variants


def run(ctx: ProbeContext) -> None:
    run_layer_probes(ctx, LayerPlan(configs=CONFIGS, make_input=make_input, batches=(2, 1, 3),
                                    forward_variants=forward_variants, backward_variants=backward_variants))
