"""Generators of the questions beyond the fully-connected net: convolutions and pooling, attention, embeddings.

Shapes, parameter counts and costs follow torch's conventions (nn.Conv2d, nn.MaxPool2d, nn.ConvTranspose2d,
nn.MultiheadAttention, nn.Embedding, torch.optim.Adam/AdamW, LambdaLR); tests/bank/test_beyond_fc.py checks
every generator against torch itself for the question's numbers and drawn seeds. Computed with math and
numpy only, so that a bank without torch still has its answers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from quizprep.bank.generators import Params, as_ints, generator

GIB = 2 ** 30


def _pick(rng: Any, values: Sequence[Any]) -> Any:
    """One element of `values` as a plain Python value (TOML- and JSON-friendly)."""
    value = values[int(rng.integers(len(values)))]
    return float(value) if isinstance(value, float) else value


def conv_size(size: int, kernel: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> int:
    """Output length of a convolution or pooling along one axis: ⌊(n + 2p − d(k − 1) − 1)/s⌋ + 1."""
    return (size + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1


# --- convolutions: shapes -----------------------------------------------------------------------------


def _draw_conv_output(rng: Any, p: Params) -> Params:
    kernel = _pick(rng, [3, 5, 7])
    return {"n": _pick(rng, [8, 16, 32]), "c": _pick(rng, [3, 16, 64]), "h": int(rng.integers(20, 65)),
            "w": int(rng.integers(20, 65)), "out": _pick(rng, [32, 64, 128]), "k": kernel,
            "stride": _pick(rng, [2, 3]), "padding": int(rng.integers(0, kernel // 2 + 1)),
            "dilation": _pick(rng, [1, 2])}


@generator("conv-output-size", draw=_draw_conv_output)
def conv_output_size(params: Params) -> list[int]:
    """[H_out, W_out] of nn.Conv2d(c, out, k, stride, padding, dilation) on an (n, c, h, w) input."""
    args = (params["k"], params["stride"], params["padding"], params["dilation"])
    return [conv_size(params["h"], *args), conv_size(params["w"], *args)]


def _draw_stem(rng: Any, p: Params) -> Params:
    conv_k = _pick(rng, [3, 5, 7])
    pool_k = _pick(rng, [2, 3])
    return {"size": _pick(rng, [128, 160, 192, 224, 256, 288, 299, 320]), "conv_k": conv_k,
            "conv_p": conv_k // 2, "pool_k": pool_k, "pool_p": pool_k // 2 if pool_k == 3 else 0}


@generator("stem-output-size", draw=_draw_stem)
def stem_output_size(params: Params) -> int:
    """Side of the map after conv(k, stride 2, padding p) → MaxPool2d(k', stride 2, padding p') on a square image."""
    after_conv = conv_size(params["size"], params["conv_k"], 2, params["conv_p"])
    return conv_size(after_conv, params["pool_k"], 2, params["pool_p"])


def _draw_transposed(rng: Any, p: Params) -> Params:
    return {"h": _pick(rng, [7, 8, 14, 16, 28]), "k": _pick(rng, [2, 3, 4]), "stride": 2,
            "padding": _pick(rng, [0, 1]), "output_padding": _pick(rng, [0, 1])}


@generator("transposed-conv-size", draw=_draw_transposed)
def transposed_conv_size(params: Params) -> int:
    """nn.ConvTranspose2d's output side: (n − 1)·s − 2p + (k − 1) + output_padding + 1."""
    return ((params["h"] - 1) * params["stride"] - 2 * params["padding"] + params["k"] - 1
            + params["output_padding"] + 1)


# --- convolutions: parameters and cost ------------------------------------------------------------------


def _draw_conv_params(rng: Any, p: Params) -> Params:
    return {"n": _pick(rng, [16, 32, 64]), "h": _pick(rng, [28, 32, 56, 112]), "c_in": _pick(rng, [3, 16, 32, 64, 128]),
            "c_out": _pick(rng, [16, 32, 64, 128, 256]), "kh": _pick(rng, [1, 3, 5]), "kw": _pick(rng, [3, 5, 7])}


@generator("conv-param-count", draw=_draw_conv_params)
def conv_param_count(params: Params) -> int:
    """Weights and biases of nn.Conv2d(c_in, c_out, (kh, kw)): c_out·(c_in·kh·kw + 1), whatever the input size."""
    return params["c_out"] * (params["c_in"] * params["kh"] * params["kw"] + 1)


def _draw_conv_macs(rng: Any, p: Params) -> Params:
    return {"c_in": _pick(rng, [32, 64, 128, 256]), "c_out": _pick(rng, [32, 64, 128, 256]),
            "k": _pick(rng, [1, 3, 5]), "size": _pick(rng, [14, 28, 56, 112]), "stride": _pick(rng, [1, 2])}


@generator("conv-macs", draw=_draw_conv_macs)
def conv_macs(params: Params) -> float:
    """Millions of multiply-adds of one image through a 'same'-padded conv: H_out·W_out·c_out·c_in·k²."""
    out = conv_size(params["size"], params["k"], params["stride"], params["k"] // 2)
    return out * out * params["c_out"] * params["c_in"] * params["k"] ** 2 / 1e6


def _draw_separable(rng: Any, p: Params) -> Params:
    return {"c_in": _pick(rng, [32, 64, 128, 256, 512]), "c_out": _pick(rng, [64, 128, 256, 512]),
            "k": _pick(rng, [3, 5])}


@generator("separable-param-counts", draw=_draw_separable)
def separable_param_counts(params: Params) -> list[int]:
    """[standard k×k conv, depthwise k×k + pointwise 1×1], no biases: c_in·c_out·k² vs c_in·k² + c_in·c_out."""
    c_in, c_out, k = params["c_in"], params["c_out"], params["k"]
    return [c_in * c_out * k * k, c_in * k * k + c_in * c_out]


def _draw_stacked(rng: Any, p: Params) -> Params:
    return {"layers": int(rng.integers(2, 5)), "c": _pick(rng, [32, 64, 128, 256])}


@generator("stacked-3x3-vs-one-kernel", draw=_draw_stacked)
def stacked_3x3_vs_one_kernel(params: Params) -> list[int]:
    """[weights of L stacked 3×3 convs C→C, weights of the one (2L+1)×(2L+1) conv with their receptive field]."""
    layers, c = params["layers"], params["c"]
    return [layers * 9 * c * c, (2 * layers + 1) ** 2 * c * c]


def _draw_bottleneck(rng: Any, p: Params) -> Params:
    c = _pick(rng, [128, 256, 512, 1024, 2048])
    return {"c": c, "mid": c // _pick(rng, [2, 4])}


@generator("bottleneck-param-counts", draw=_draw_bottleneck)
def bottleneck_param_counts(params: Params) -> list[int]:
    """[1×1 c→m, 3×3 m→m, 1×1 m→c bottleneck; two 3×3 c→c convs], no biases."""
    c, m = params["c"], params["mid"]
    return [c * m + 9 * m * m + m * c, 2 * 9 * c * c]


def _draw_head(rng: Any, p: Params) -> Params:
    return {"c": _pick(rng, [256, 512, 1024, 2048]), "size": _pick(rng, [4, 6, 7, 8]),
            "classes": _pick(rng, [10, 100, 200, 1000])}


@generator("flatten-vs-gap-head", draw=_draw_head)
def flatten_vs_gap_head(params: Params) -> list[int]:
    """[Linear on the flattened c×s×s map, Linear after global average pooling], biases included."""
    c, s, k = params["c"], params["size"], params["classes"]
    return [c * s * s * k + k, c * k + k]


def _draw_bn_fold(rng: Any, p: Params) -> Params:
    return {"w": _pick(rng, [-2.0, -1.5, 0.5, 1.0, 2.0, 3.0]), "b": _pick(rng, [-1.0, 0.0, 0.5, 1.0]),
            "mean": _pick(rng, [-2.0, -1.0, 0.5, 1.0, 3.0]), "var": _pick(rng, [0.25, 1.0, 4.0, 9.0]),
            "gamma": _pick(rng, [0.5, 1.0, 1.5, 2.0]), "beta": _pick(rng, [-1.0, 0.0, 0.5, 2.0])}


@generator("fold-bn-into-conv", draw=_draw_bn_fold)
def fold_bn_into_conv(params: Params) -> list[float]:
    """[w', b'] of conv followed by eval-mode BN: w' = γw/√(var + eps), b' = β + γ(b − μ)/√(var + eps)."""
    scale = params["gamma"] / math.sqrt(params["var"] + 1e-5)
    return [params["w"] * scale, params["beta"] + (params["b"] - params["mean"]) * scale]


# --- convolutions: receptive field and pooling's gradient ------------------------------------------------


def receptive_field(kernels: Sequence[int], strides: Sequence[int], dilations: Sequence[int]) -> int:
    """1 + Σ_i d_i(k_i − 1)·Π_{j<i} s_j: each layer widens the field by its span times the stride so far."""
    field, jump = 1, 1
    for kernel, stride, dilation in zip(kernels, strides, dilations, strict=True):
        field += dilation * (kernel - 1) * jump
        jump *= stride
    return field


def _draw_strided_stack(rng: Any, p: Params) -> Params:
    layers = len(p["kernels"])
    kernels = [_pick(rng, [2, 3, 5]) for _ in range(layers)]
    strides = [_pick(rng, [1, 2]) for _ in range(layers)]
    return {"kernels": kernels, "strides": strides, "dilations": [1] * layers}


def _draw_dilated_stack(rng: Any, p: Params) -> Params:
    layers = len(p["kernels"])
    return {"kernels": [3] * layers, "strides": [1] * layers,
            "dilations": as_ints(sorted(rng.choice([1, 2, 3, 4, 8], size=layers, replace=False)))}


def _receptive_field(params: Params) -> int:
    return receptive_field(params["kernels"], params["strides"], params["dilations"])


generator("receptive-field-strided", draw=_draw_strided_stack)(_receptive_field)
generator("receptive-field-dilated", draw=_draw_dilated_stack)(_receptive_field)


def _draw_pool_input(rng: Any, p: Params) -> Params:
    values = rng.choice(20, size=(3, 4), replace=False) + 1  # distinct: no ties to break
    return {"x": [as_ints(row) for row in values], "upstream": [as_ints(rng.integers(1, 6, size=3)) for _ in range(2)]}


@generator("maxpool-overlap-backward", draw=_draw_pool_input)
def maxpool_overlap_backward(params: Params) -> list[float]:
    """∂L/∂x of MaxPool2d(2, stride 1) on a 3×4 map, row by row: each window's gradient goes to its arg-max,
    and an element that is the maximum of several windows collects all of their gradients."""
    x, upstream = params["x"], params["upstream"]
    grad = [[0.0] * 4 for _ in range(3)]
    for i in range(2):
        for j in range(3):
            _, row, col = max((x[i + a][j + b], i + a, j + b) for a in range(2) for b in range(2))
            grad[row][col] += upstream[i][j]
    return [g for row in grad for g in row]


# --- attention ----------------------------------------------------------------------------------------


def _draw_scores_memory(rng: Any, p: Params) -> Params:
    return {"batch": _pick(rng, [1, 2, 4, 8]), "heads": _pick(rng, [8, 12, 16, 32]),
            "t": _pick(rng, [1024, 2048, 4096, 8192, 16384]), "bytes": _pick(rng, [2, 4])}


@generator("attention-scores-memory", draw=_draw_scores_memory)
def attention_scores_memory(params: Params) -> float:
    """GiB of one layer's attention matrices (batch, heads, T, T) stored for backward."""
    return params["batch"] * params["heads"] * params["t"] ** 2 * params["bytes"] / GIB


def _draw_cost_ratio(rng: Any, p: Params) -> Params:
    return {"t": _pick(rng, [128, 512, 1024, 2048, 4096, 8192, 32768]), "d": _pick(rng, [512, 768, 1024, 4096]),
            "heads": _pick(rng, [8, 16, 32])}


@generator("attention-vs-projection-cost", draw=_draw_cost_ratio)
def attention_vs_projection_cost(params: Params) -> float:
    """(QKᵀ and AV multiply-adds) / (Q, K, V, O projections' multiply-adds) = 2T²d / 4Td² = T/(2d)."""
    return params["t"] / (2 * params["d"])


def _draw_mha(rng: Any, p: Params) -> Params:
    return {"d": _pick(rng, [128, 256, 512, 768, 1024]), "heads": _pick(rng, [2, 4, 8, 16])}


@generator("mha-param-count", draw=_draw_mha)
def mha_param_count(params: Params) -> int:
    """nn.MultiheadAttention(d, h): in-projection 3d×d + 3d, out-projection d×d + d; h does not enter."""
    d = params["d"]
    return 4 * d * d + 4 * d


def _draw_dot_variance(rng: Any, p: Params) -> Params:
    return {"d": _pick(rng, [16, 32, 64, 128, 256]), "var": _pick(rng, [0.25, 0.5, 1.0, 2.0, 4.0])}


@generator("dot-product-variance", draw=_draw_dot_variance)
def dot_product_variance(params: Params) -> list[float]:
    """[Var(q·k), Var(q·k/√d)] for independent zero-mean entries of variance σ²: d·σ⁴ and σ⁴."""
    return [params["d"] * params["var"] ** 2, params["var"] ** 2]


def _draw_saturation(rng: Any, p: Params) -> Params:
    d = _pick(rng, [16, 64, 256])
    return {"d": d, "gap": int(math.sqrt(d)) * _pick(rng, [1, 2, 3])}


@generator("softmax-saturation-scaling", draw=_draw_saturation)
def softmax_saturation_scaling(params: Params) -> list[float]:
    """[attention weight of the better of two keys without and with the 1/√d scaling]: σ(Δ) and σ(Δ/√d)."""
    gap, d = params["gap"], params["d"]
    return [1 / (1 + math.exp(-gap)), 1 / (1 + math.exp(-gap / math.sqrt(d)))]


def _draw_tiny_attention(rng: Any, p: Params) -> Params:
    return {"q": as_ints(rng.integers(-2, 3, size=2)), "k": [as_ints(rng.integers(-2, 3, size=2)) for _ in range(3)],
            "v": [as_ints(rng.integers(-3, 4, size=2)) for _ in range(3)]}


@generator("attention-one-query", draw=_draw_tiny_attention)
def attention_one_query(params: Params) -> list[float]:
    """softmax(q·Kᵀ/√d)·V for one query of dimension d = 2 over three keys."""
    scores = [sum(a * b for a, b in zip(params["q"], key, strict=True)) / math.sqrt(2) for key in params["k"]]
    top = max(scores)
    weights = [math.exp(s - top) for s in scores]
    total = sum(weights)
    return [sum(w * v[col] for w, v in zip(weights, params["v"], strict=True)) / total for col in range(2)]


def _draw_kv_cache(rng: Any, p: Params) -> Params:
    heads = _pick(rng, [32, 64])
    return {"layers": _pick(rng, [24, 32, 48, 80]), "heads": heads, "kv_heads": _pick(rng, [1, 4, 8, heads]),
            "head_dim": 128, "t": _pick(rng, [2048, 4096, 8192, 32768]), "batch": _pick(rng, [1, 4, 8, 16]),
            "bytes": 2}


@generator("kv-cache-memory", draw=_draw_kv_cache)
def kv_cache_memory(params: Params) -> float:
    """GiB of the KV cache: keys and values (2) per layer, sequence position and KV head."""
    elements = 2 * params["layers"] * params["batch"] * params["t"] * params["kv_heads"] * params["head_dim"]
    return elements * params["bytes"] / GIB


def noam_factor(step: int, d: int, warmup: int) -> float:
    """The transformer's schedule: d^(−0.5)·min(step^(−0.5), step·warmup^(−1.5))."""
    return d ** -0.5 * min(step ** -0.5, step * warmup ** -1.5)


def _draw_noam(rng: Any, p: Params) -> Params:
    warmup = _pick(rng, [1000, 2000, 4000, 8000])
    return {"d": _pick(rng, [256, 512, 768, 1024]), "warmup": warmup, "step": warmup * _pick(rng, [4, 9, 16, 25])}


@generator("noam-schedule", draw=_draw_noam)
def noam_schedule(params: Params) -> list[float]:
    """[the peak learning rate (at step = warmup), the learning rate at the given later step]."""
    d, warmup = params["d"], params["warmup"]
    return [noam_factor(warmup, d, warmup), noam_factor(params["step"], d, warmup)]


# --- embeddings ---------------------------------------------------------------------------------------


def _draw_token_batch(rng: Any, p: Params) -> Params:
    vocab = _pick(rng, [1000, 5000, 30000])
    common = as_ints(rng.integers(0, 10, size=3))  # frequent tokens repeat within the batch
    tokens = as_ints(rng.choice(common + as_ints(rng.integers(10, vocab, size=5)), size=(2, 6)).ravel())
    return {"vocab": vocab, "dim": _pick(rng, [64, 128, 300]), "tokens": tokens}


@generator("embedding-grad-rows", draw=_draw_token_batch)
def embedding_grad_rows(params: Params) -> list[float]:
    """[rows of the table with a non-zero gradient, their share of the table in %]: the distinct indices."""
    rows = len(set(params["tokens"]))
    return [rows, 100 * rows / params["vocab"]]


def _draw_scalar_lookup(rng: Any, p: Params) -> Params:
    return {"indices": as_ints(rng.integers(0, 5, size=len(p["indices"]))),
            "upstream": as_ints(rng.integers(-3, 4, size=len(p["upstream"])))}


@generator("embedding-grad-values", draw=_draw_scalar_lookup)
def embedding_grad_values(params: Params) -> list[float]:
    """W.grad of a 5×1 embedding: each looked-up position adds its upstream gradient to its row."""
    grad = [0.0] * 5
    for index, g in zip(params["indices"], params["upstream"], strict=True):
        grad[index] += g
    return grad


def adam_trajectory(w0: float, grads: Sequence[float], lr: float, weight_decay: float = 0.0,
                    decoupled: bool = False, betas: tuple[float, float] = (0.9, 0.999),
                    eps: float = 1e-8) -> list[float]:
    """The parameter after each step of Adam (decoupled=False: L2 added to the gradient) or AdamW."""
    w, m, v, path = w0, 0.0, 0.0, []
    for t, g in enumerate(grads, start=1):
        if decoupled:
            w *= 1 - lr * weight_decay
        else:
            g = g + weight_decay * w
        m = betas[0] * m + (1 - betas[0]) * g
        v = betas[1] * v + (1 - betas[1]) * g * g
        m_hat, v_hat = m / (1 - betas[0] ** t), v / (1 - betas[1] ** t)
        w -= lr * m_hat / (math.sqrt(v_hat) + eps)
        path.append(w)
    return path


def _draw_adam_row(rng: Any, p: Params) -> Params:
    return {"w0": _pick(rng, [0.5, 1.0, -0.5, 2.0]), "g": _pick(rng, [-4.0, -0.5, 0.2, 3.0, 10.0]),
            "lr": _pick(rng, [0.01, 0.001, 0.1])}


@generator("adam-untouched-row-drift", draw=_draw_adam_row)
def adam_untouched_row_drift(params: Params) -> list[float]:
    """[the row after step 1 (gradient g), after step 2 (gradient 0)]: Adam's moment keeps moving it."""
    return adam_trajectory(params["w0"], [params["g"], 0.0], params["lr"])


def _draw_adamw_decay(rng: Any, p: Params) -> Params:
    return {"w0": _pick(rng, [0.5, 1.0, 2.0]), "lr": _pick(rng, [0.0003, 0.001, 0.003]),
            "wd": _pick(rng, [0.01, 0.05, 0.1]), "steps": _pick(rng, [1000, 5000, 10000, 20000])}


@generator("adamw-untouched-row-decay", draw=_draw_adamw_decay)
def adamw_untouched_row_decay(params: Params) -> float:
    """AdamW on a row whose gradient stays 0: only the decay acts, w0·(1 − lr·λ)^steps."""
    return params["w0"] * (1 - params["lr"] * params["wd"]) ** params["steps"]
