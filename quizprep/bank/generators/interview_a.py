"""Generators for the interview questions on debugging training, learning-rate practice, optimizer choice and
normalisation: initial-loss checks, dead units, gradient checks, schedules, batch-size scaling, momentum,
Adam with L2 versus AdamW, gradient clipping, and the statistics of BatchNorm, LayerNorm and GroupNorm.

Every draw keeps the numbers short enough that the prompt shows them exactly (`{value:g}` prints six
significant digits), so the answer computed here is the answer to the prompt the user reads.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from quizprep.bank.generators import Params, generator


def _pick(rng: Any, values: Sequence[Any]) -> Any:
    """One element of `values` as a plain Python value (TOML- and JSON-friendly)."""
    value = values[int(rng.integers(len(values)))]
    return float(value) if isinstance(value, float) else value


# --- debugging training -----------------------------------------------------------------------------------


def _draw_classes(rng: Any, params: Params) -> Params:
    return {"classes": _pick(rng, [2, 3, 5, 10, 20, 100, 200, 1000])}


@generator("initial-loss-uniform", draw=_draw_classes)
def initial_loss_uniform(params: Params) -> float:
    """Cross-entropy of a uniform prediction over C classes: −ln(1/C) = ln C, whatever the true class."""
    return math.log(params["classes"])


def _draw_preactivations(rng: Any, params: Params) -> Params:
    rows, cols = len(params["z"]), len(params["z"][0])
    while True:
        z = rng.integers(-3, 4, size=(rows, cols))
        dead = int((z <= 0).all(axis=0).sum())
        if 1 <= dead <= cols - 2:  # some dead units, some alive: both fractions are informative
            return {"z": [[int(v) for v in row] for row in z]}


@generator("relu-zero-fractions", draw=_draw_preactivations)
def relu_zero_fractions(params: Params) -> list[float]:
    """[fraction of ReLU outputs that are 0, fraction of units that are 0 for every example of the batch]."""
    z = params["z"]
    rows, cols = len(z), len(z[0])
    zero_outputs = sum(1 for row in z for v in row if max(v, 0) == 0)
    dead_units = sum(1 for j in range(cols) if all(max(z[i][j], 0) == 0 for i in range(rows)))
    return [zero_outputs / (rows * cols), dead_units / cols]


def _draw_units_batch(rng: Any, params: Params) -> Params:
    return {"units": _pick(rng, [128, 256, 512, 1024]), "batch": int(rng.integers(3, 11))}


@generator("healthy-units-silent-on-batch", draw=_draw_units_batch)
def healthy_units_silent_on_batch(params: Params) -> float:
    """Expected number of healthy units (active with probability 1/2, independently) silent on a whole batch."""
    return params["units"] * 0.5 ** params["batch"]


def _draw_gradcheck(rng: Any, params: Params) -> Params:
    analytic = float(_pick(rng, [-1, 1])) * round(float(rng.uniform(0.1, 9.9)), 4)
    relative = _pick(rng, [3e-9, 2e-7, 5e-5, 4e-3, 2e-2])
    numeric = float(f"{analytic * (1 + relative):.6g}")
    if numeric == analytic:  # the difference got lost in six digits: use the smallest visible one
        numeric = float(f"{analytic + math.copysign(1e-4, analytic):.6g}")
    return {"analytic": analytic, "numeric": numeric}


@generator("gradcheck-relative-error", draw=_draw_gradcheck)
def gradcheck_relative_error(params: Params) -> float:
    """|a − n| / max(|a|, |n|): the scale-free comparison of an analytic and a numerical derivative."""
    a, n = params["analytic"], params["numeric"]
    return abs(a - n) / max(abs(a), abs(n))


def _draw_update_ratio(rng: Any, params: Params) -> Params:
    size = len(params["w"])
    w = [float(v) / 10 * _pick(rng, [-1, 1]) for v in rng.integers(1, 21, size=size)]  # never the zero vector
    return {"lr": _pick(rng, [1e-4, 1e-3, 1e-2, 0.1, 1.0]), "w": w,
            "g": [float(v) / 100 for v in rng.integers(-50, 51, size=size)]}


@generator("update-to-weight-ratio", draw=_draw_update_ratio)
def update_to_weight_ratio(params: Params) -> float:
    """‖Δw‖ / ‖w‖ for one plain SGD step Δw = −lr·g."""
    norm_w = math.sqrt(sum(v * v for v in params["w"]))
    norm_step = params["lr"] * math.sqrt(sum(v * v for v in params["g"]))
    return norm_step / norm_w


# --- learning-rate practice --------------------------------------------------------------------------------


def _draw_cosine(rng: Any, params: Params) -> Params:
    total = _pick(rng, [50, 100, 200, 300])
    return {"lr0": _pick(rng, [0.1, 0.05, 0.01]), "eta_min": _pick(rng, [0.0, 1e-4, 1e-3, 0.01]), "total": total,
            "step": int(rng.integers(1, total))}


@generator("cosine-annealing-lr", draw=_draw_cosine)
def cosine_annealing_lr(params: Params) -> float:
    """η_t = η_min + (η_0 − η_min)·(1 + cos(π·t/T))/2 (torch's CosineAnnealingLR, one period)."""
    lr0, low = params["lr0"], params["eta_min"]
    return low + (lr0 - low) * (1 + math.cos(math.pi * params["step"] / params["total"])) / 2


def _draw_warmup_cosine(rng: Any, params: Params) -> Params:
    warmup = _pick(rng, [100, 200, 500, 1000, 2000])
    total = warmup * _pick(rng, [5, 10, 20])
    step = int(rng.integers(1, warmup)) if rng.random() < 0.4 else int(rng.integers(warmup, total))
    return {"peak": _pick(rng, [1e-4, 3e-4, 5e-4, 1e-3]), "warmup": warmup, "total": total, "step": step}


@generator("warmup-cosine-lr", draw=_draw_warmup_cosine)
def warmup_cosine_lr(params: Params) -> float:
    """Linear warm-up from 0 to the peak over W steps, then a cosine from the peak to 0 at step T."""
    peak, warmup, total, step = params["peak"], params["warmup"], params["total"], params["step"]
    if step < warmup:
        return peak * step / warmup
    progress = (step - warmup) / (total - warmup)
    return peak * 0.5 * (1 + math.cos(math.pi * progress))


def _draw_linear_scaling(rng: Any, params: Params) -> Params:
    base_batch = _pick(rng, [32, 64, 128, 256])
    return {"base_lr": _pick(rng, [0.01, 0.05, 0.1, 0.2]), "base_batch": base_batch,
            "batch": base_batch * _pick(rng, [2, 4, 8, 16, 32])}


@generator("linear-scaling-lr", draw=_draw_linear_scaling)
def linear_scaling_lr(params: Params) -> float:
    """The linear scaling rule for SGD: multiply the batch by k, multiply the learning rate by k."""
    return params["base_lr"] * params["batch"] / params["base_batch"]


def _draw_sqrt_scaling(rng: Any, params: Params) -> Params:
    base_batch = _pick(rng, [16, 32, 64, 128])
    return {"base_lr": _pick(rng, [1e-4, 3e-4, 1e-3]), "base_batch": base_batch,
            "batch": base_batch * _pick(rng, [4, 9, 16, 25, 64])}


@generator("sqrt-scaling-lr", draw=_draw_sqrt_scaling)
def sqrt_scaling_lr(params: Params) -> float:
    """Square-root scaling (often used with Adam): multiply the batch by k, the learning rate by √k."""
    return params["base_lr"] * math.sqrt(params["batch"] / params["base_batch"])


def _draw_range_test(rng: Any, params: Params) -> Params:
    steps = _pick(rng, [100, 200, 300])
    return {"lr_min": _pick(rng, [1e-7, 1e-6, 1e-5]), "lr_max": _pick(rng, [1.0, 10.0]), "steps": steps,
            "k": int(rng.integers(1, steps - 1))}


@generator("range-test-lr", draw=_draw_range_test)
def range_test_lr(params: Params) -> float:
    """Exponential sweep: step k of N goes from lr_min (k = 0) to lr_max (k = N − 1) by a constant factor."""
    ratio = params["lr_max"] / params["lr_min"]
    return params["lr_min"] * ratio ** (params["k"] / (params["steps"] - 1))


def _draw_multistep(rng: Any, params: Params) -> Params:
    first = _pick(rng, [20, 30, 40])
    milestones = [first, first * 2, first * 2 + _pick(rng, [10, 20])]
    return {"lr0": _pick(rng, [0.1, 0.2, 0.05]), "gamma": _pick(rng, [0.1, 0.2, 0.5]), "milestones": milestones,
            "epoch": int(rng.integers(first - 5, milestones[-1] + 15))}


@generator("multistep-lr", draw=_draw_multistep)
def multistep_lr(params: Params) -> float:
    """torch's MultiStepLR: multiply by γ at every milestone already reached (epochs counted from 0)."""
    drops = sum(1 for m in params["milestones"] if params["epoch"] >= m)
    return params["lr0"] * params["gamma"] ** drops


# --- optimizer choice --------------------------------------------------------------------------------------


def _draw_adam_decay(rng: Any, params: Params) -> Params:
    return {"lr": _pick(rng, [0.01, 0.05, 0.1]), "wd": _pick(rng, [0.1, 0.2, 0.5]),
            "w0": _pick(rng, [-2.0, -1.0, 1.0, 2.0, 3.0]),
            "grads": [_pick(rng, [-2.0, -1.0, -0.5, 0.5, 1.0, 2.0]) for _ in range(2)]}


@generator("adam-l2-vs-adamw", draw=_draw_adam_decay)
def adam_l2_vs_adamw(params: Params) -> list[float]:
    """[w after the steps of Adam with L2 (torch.optim.Adam weight_decay), w after AdamW's steps].

    Adam + L2 adds wd·w to the gradient, which then goes through m̂/√v̂; AdamW first multiplies w by
    (1 − lr·wd) and feeds Adam only the loss gradient.
    """
    import numpy as np

    from quizprep.engine import Adam, Param

    lr, wd, grads = params["lr"], params["wd"], params["grads"]
    coupled = Param(np.array([params["w0"]], dtype=np.float64))
    decoupled = Param(np.array([params["w0"]], dtype=np.float64))
    adam_l2, adam = Adam([coupled], lr=lr, weight_decay=wd), Adam([decoupled], lr=lr)
    for g in grads:
        for optimizer in (adam_l2, adam):
            optimizer.zero_grad()
        coupled.grad += g
        decoupled.grad += g
        adam_l2.step()
        decoupled.data *= 1 - lr * wd  # AdamW: the decay acts on the weight, outside the adaptive scaling
        adam.step()
    return [float(coupled.data[0]), float(decoupled.data[0])]


def _draw_momentum(rng: Any, params: Params) -> Params:
    return {"momentum": _pick(rng, [0.5, 0.8, 0.9, 0.95, 0.99])}


@generator("momentum-ravine-ratio", draw=_draw_momentum)
def momentum_ravine_ratio(params: Params) -> float:
    """Terminal step along a constant gradient over that along an alternating one: (1 + μ)/(1 − μ)."""
    mu = params["momentum"]
    return (1 / (1 - mu)) / (1 / (1 + mu))


def _draw_buildup(rng: Any, params: Params) -> Params:
    return {"momentum": _pick(rng, [0.8, 0.9, 0.95, 0.99]), "percent": _pick(rng, [90, 95, 99])}


@generator("momentum-buildup-steps", draw=_draw_buildup)
def momentum_buildup_steps(params: Params) -> int:
    """The first step t at which the buffer b_t = μ·b_{t−1} + g (b_0 = 0) reaches percent% of g/(1 − μ)."""
    mu, target = params["momentum"], params["percent"] / 100 / (1 - params["momentum"])
    buffer, step = 0.0, 0
    while buffer < target:
        buffer = mu * buffer + 1.0
        step += 1
    return step


def _draw_equivalent_lr(rng: Any, params: Params) -> Params:
    return {"lr": _pick(rng, [0.05, 0.1, 0.2, 0.5]), "momentum": _pick(rng, [0.8, 0.9, 0.95, 0.99])}


@generator("momentum-equivalent-lr", draw=_draw_equivalent_lr)
def momentum_equivalent_lr(params: Params) -> float:
    """The lr that, with momentum μ, gives plain SGD's step lr·g on a steady slope: lr·(1 − μ)."""
    return params["lr"] * (1 - params["momentum"])


def _draw_clip(rng: Any, params: Params) -> Params:
    while True:
        g1 = [int(v) for v in rng.integers(-6, 7, size=2)]
        g2 = [int(v) for v in rng.integers(-6, 7, size=1)]
        norm = math.sqrt(sum(v * v for v in g1 + g2))
        max_norm = _pick(rng, [1.0, 2.0, 2.5, 5.0])
        if norm > max_norm * 1.2:  # the clip must act
            return {"g1": g1, "g2": g2, "max_norm": max_norm}


@generator("clip-global-norm", draw=_draw_clip)
def clip_global_norm(params: Params) -> list[float]:
    """clip_grad_norm_ over two tensors: one factor min(1, c/‖(g1, g2)‖) scales both."""
    values = params["g1"] + params["g2"]
    norm = math.sqrt(sum(v * v for v in values))
    factor = min(1.0, params["max_norm"] / norm)
    return [v * factor for v in values]


def _draw_betas(rng: Any, params: Params) -> Params:
    return {"beta1": _pick(rng, [0.8, 0.9, 0.95]), "beta2": _pick(rng, [0.99, 0.995, 0.999, 0.9999])}


@generator("adam-spike-step", draw=_draw_betas)
def adam_spike_step(params: Params) -> float:
    """Adam's step, in units of lr, for a gradient spike after a long run of zero gradients: (1−β1)/√(1−β2)."""
    return (1 - params["beta1"]) / math.sqrt(1 - params["beta2"])


# --- normalisation -----------------------------------------------------------------------------------------


def _draw_norm_shape(rng: Any, params: Params) -> Params:
    channels = _pick(rng, [32, 64, 128, 256])
    side = _pick(rng, [7, 14, 28, 56])
    return {"n": _pick(rng, [2, 8, 32, 64]), "c": channels, "h": side, "w": side,
            "groups": _pick(rng, [8, 16, 32])}


@generator("norm-statistic-counts", draw=_draw_norm_shape)
def norm_statistic_counts(params: Params) -> list[int]:
    """How many numbers one mean is taken over: [BatchNorm2d, LayerNorm over (C, H, W), GroupNorm]."""
    n, c, h, w, groups = params["n"], params["c"], params["h"], params["w"], params["groups"]
    return [n * h * w, c * h * w, c // groups * h * w]


def _draw_layernorm(rng: Any, params: Params) -> Params:
    while True:
        x = [int(v) for v in rng.integers(-5, 8, size=len(params["x"]))]
        if len(set(x)) > 1:
            return {"x": x}


@generator("layernorm-values", draw=_draw_layernorm)
def layernorm_values(params: Params) -> list[float]:
    """LayerNorm of one token (γ = 1, β = 0, eps = 1e-5): mean and biased variance over its own features."""
    x = params["x"]
    mean = sum(x) / len(x)
    var = sum((v - mean) ** 2 for v in x) / len(x)
    return [(v - mean) / math.sqrt(var + 1e-5) for v in x]


def _draw_two_examples(rng: Any, params: Params) -> Params:
    while True:
        a, b = (float(v) / 10 for v in rng.integers(-50, 51, size=2))
        if abs(a - b) >= 0.5:
            return {"a": a, "b": b}


@generator("batchnorm-two-examples", draw=_draw_two_examples)
def batchnorm_two_examples(params: Params) -> list[float]:
    """BatchNorm in training mode on a batch of two (γ = 1, β = 0, eps = 1e-5): about ±1 whatever a and b."""
    a, b = params["a"], params["b"]
    mean, var = (a + b) / 2, ((a - b) / 2) ** 2
    return [(a - mean) / math.sqrt(var + 1e-5), (b - mean) / math.sqrt(var + 1e-5)]


def _draw_variance_shift(rng: Any, params: Params) -> Params:
    return {"p": _pick(rng, [0.1, 0.2, 0.3, 0.5]), "mean": _pick(rng, [0.0, 0.5, 1.0]),
            "std": _pick(rng, [0.5, 1.0, 2.0])}


@generator("dropout-bn-variance-shift", draw=_draw_variance_shift)
def dropout_bn_variance_shift(params: Params) -> float:
    """Std at test time of BN's output when BN's running variance was collected behind inverted dropout.

    In training y = x·m/(1 − p): E[y²] = E[x²]/(1 − p), so Var_train = (σ² + μ²)/(1 − p) − μ²; at test y = x
    with variance σ². BN divides by √Var_train, so its output has std √(σ²/Var_train) (γ = 1, eps ignored).
    """
    p, mu, sigma = params["p"], params["mean"], params["std"]
    var_train = (sigma**2 + mu**2) / (1 - p) - mu**2
    return math.sqrt(sigma**2 / var_train)
