"""MaxPool2d: the layer probes on (N, 3, 7, 6) inputs for three settings (one with overlapping windows),
then inputs with tied maxima and all-negative inputs with padding. The known wrong gradients — spread over
the whole window, averaged, sent to every tied maximum or to the last one, overwritten where windows
overlap — and padding with zeros are computed alongside.
"""

from __future__ import annotations

import numpy as np

from quizprep.exercises.diagnosis import Variant, explain, matches
from quizprep.exercises.probes.base import ProbeContext
from quizprep.exercises.probes.layers import Case, Config, LayerPair, LayerPlan, run_layer_probes

CHANNELS, HEIGHT, WIDTH = 3, 7, 6
CONFIGS: list[Config] = [((2,), {}), ((3,), {"stride": 2, "padding": 1}), ((2,), {"stride": 1})]
EVERY_ELEMENT = ("max-pool gradient spread to every element of the window: only the arg-max affects the "
                 "output, so the whole grad goes to it and the other elements get 0")
AVERAGED = ("max-pool gradient averaged over the window (grad/k² to every element, average pooling's rule): "
            "only the arg-max gets the grad")
EVERY_TIE = ("max-pool gradient sent to every tied maximum: when several elements of a window share the "
             "maximum, torch gives the whole grad to the first of them (row-major in the window), not to each")
LAST_TIE = ("the gradient goes to the last of the tied maxima: torch sends it to the first one (row-major in "
            "the window) — np.argmax picks the first, a `>=` comparison in a loop picks the last")
OVERWRITE = ("overlapping windows overwrite each other's gradient: dx[arg-max] = grad keeps only the last window "
             "an element won; it must be dx[arg-max] += grad")
ZEROS = ("padding with zeros instead of −inf: a zero in the padding wins over negative inputs, but padding "
         "must never be the maximum")


def make_input(rng: np.random.Generator, batch: int) -> np.ndarray:
    return rng.normal(size=(batch, CHANNELS, HEIGHT, WIDTH))


def settings(config: Config) -> tuple[int, int, int]:
    (kernel,), kwargs = config
    stride = kwargs.get("stride")
    return kernel, kernel if stride is None else stride, kwargs.get("padding", 0)


def windows(x: np.ndarray, k: int, s: int, p: int, pad_value: float) -> tuple[np.ndarray, np.ndarray]:
    """(the padded input, its windows (N, C, H_out, W_out, k·k))."""
    x_pad = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)), constant_values=pad_value)
    h_out, w_out = (x_pad.shape[2] - k) // s + 1, (x_pad.shape[3] - k) // s + 1
    found = np.empty((*x.shape[:2], h_out, w_out, k * k))
    for i in range(h_out):
        for j in range(w_out):
            found[:, :, i, j] = x_pad[:, :, i * s:i * s + k, j * s:j * s + k].reshape(*x.shape[:2], k * k)
    return x_pad, found


def pool_forward(x: np.ndarray, k: int, s: int, p: int, pad_value: float = -np.inf) -> np.ndarray:
    return windows(x, k, s, p, pad_value)[1].max(axis=-1)


def pool_dx(x: np.ndarray, grad: np.ndarray, k: int, s: int, p: int, rule: str = "first") -> np.ndarray:
    """dL/dx by a rule: "first" (torch), "last" tie, "ties" (every tied maximum), "every" element, "average",
    "overwrite" (first arg-max, assigned instead of added)."""
    x_pad, found = windows(x, k, s, p, -np.inf)
    dx_pad = np.zeros_like(x_pad)
    n, c = x.shape[:2]
    for i in range(grad.shape[2]):
        for j in range(grad.shape[3]):
            window = found[:, :, i, j]
            g = grad[:, :, i, j, None]
            if rule in ("first", "overwrite", "last"):
                index = (window.argmax(axis=-1) if rule != "last"
                         else k * k - 1 - window[..., ::-1].argmax(axis=-1))
                share = np.zeros_like(window)
                np.put_along_axis(share, index[..., None], g, axis=-1)
            elif rule == "ties":
                share = g * (window == window.max(axis=-1, keepdims=True))
            else:
                share = np.broadcast_to(g / (k * k if rule == "average" else 1), window.shape)
            target = dx_pad[:, :, i * s:i * s + k, j * s:j * s + k]
            share = share.reshape(n, c, k, k)
            if rule == "overwrite":
                target[share != 0] = share[share != 0]
            else:
                target += share
    return dx_pad[:, :, p:p + x.shape[2], p:p + x.shape[3]]


def forward_variants(case: Case) -> list[Variant]:
    k, s, p = settings(case.config)
    variants = [Variant(ZEROS, pool_forward(case.x, k, s, p, 0.0),
                        "np.pad(..., constant_values=-np.inf): padding must never win.")] if p else []
    right = pool_forward(case.x, k, s, p)
    if right.shape[2] > 1 and right.shape[3] > 1:
        variants.append(Variant("output size off by one: the last row and column of windows are missing — "
                                "H_out = (H + 2·padding − kernel_size)//stride + 1", right[:, :, :-1, :-1]))
    if s != k:
        variants.append(Variant(f"stride ignored: your output is what stride = kernel_size = {k} gives, the "
                                f"layer's stride is {s}", pool_forward(case.x, k, k, p)))
    return variants


def backward_variants(case: Case) -> list[Variant]:
    k, s, p = settings(case.config)
    return [Variant(EVERY_ELEMENT, pool_dx(case.x, case.grad, k, s, p, "every")),
            Variant(AVERAGED, pool_dx(case.x, case.grad, k, s, p, "average")),
            Variant(OVERWRITE, pool_dx(case.x, case.grad, k, s, p, "overwrite")),
            Variant(EVERY_TIE, pool_dx(case.x, case.grad, k, s, p, "ties")),
            Variant(LAST_TIE, pool_dx(case.x, case.grad, k, s, p, "last"), convention=True)]


def probe_ties(ctx: ProbeContext, plan: LayerPlan) -> None:
    with ctx.probe("tied maxima: the gradient goes to the first maximum of each window, as in torch") as p:
        for seed, config in enumerate(CONFIGS):
            rng = np.random.default_rng(30 + seed)
            pair = LayerPair(ctx, config, rng)
            x = rng.integers(-1, 2, size=(2, CHANNELS, HEIGHT, WIDTH)).astype(np.float64)  # many ties
            y, expected = pair.forward(x)
            if not matches(y, expected):
                p.fail_mismatch(explain(y, expected, "forward output with ties",
                                        forward_variants(Case(x, config, pair.values))))
            grad = rng.normal(size=expected.shape)
            dx, expected_dx = pair.backward(grad)
            if not matches(dx, expected_dx):
                p.fail_mismatch(explain(dx, expected_dx, "dx with ties",
                                        backward_variants(Case(x, config, pair.values, grad))))


def probe_negative_padding(ctx: ProbeContext, plan: LayerPlan) -> None:
    with ctx.probe("all-negative inputs with padding 1: padding never wins") as p:
        rng = np.random.default_rng(40)
        config = CONFIGS[1]
        pair = LayerPair(ctx, config, rng)
        x = -1.0 - np.abs(make_input(rng, 2))
        y, expected = pair.forward(x)
        if not matches(y, expected):
            p.fail_mismatch(explain(y, expected, "forward output", forward_variants(Case(x, config, pair.values))))


def run(ctx: ProbeContext) -> None:
    run_layer_probes(ctx, LayerPlan(configs=CONFIGS, make_input=make_input, batches=(2, 1, 3),
                                    forward_variants=forward_variants, backward_variants=backward_variants,
                                    extra=[probe_ties, probe_negative_padding]))
