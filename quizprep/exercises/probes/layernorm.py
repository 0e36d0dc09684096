"""LayerNorm: the layer probes on (N, 3, 6) inputs normalised over the last axis, then normalized_shape (3, 6)
(the last two axes) and eval mode (the same computation), with the known wrong normalisations — over the batch
axis, over every axis of an example, the unbiased variance, no gamma and beta — computed alongside.
"""

from __future__ import annotations

import numpy as np

from quizprep.exercises.diagnosis import Variant, explain, matches
from quizprep.exercises.probes.base import ProbeContext
from quizprep.exercises.probes.layers import Case, Config, LayerPair, LayerPlan, run_layer_probes

TOKENS, FEATURES = 3, 6
MAIN: Config = ((FEATURES,), {})
CUSTOM: Config = ((FEATURES,), {"eps": 1e-3})
TWO_AXES: Config = (((TOKENS, FEATURES),), {})


def make_input(rng: np.random.Generator, batch: int) -> np.ndarray:
    return 1.5 + 2.0 * rng.normal(size=(batch, TOKENS, FEATURES))


def normalise(x: np.ndarray, axes: tuple[int, ...], eps: float, gamma: np.ndarray, beta: np.ndarray,
              unbiased: bool = False, outside: bool = False) -> np.ndarray:
    mean = x.mean(axis=axes, keepdims=True)
    var = x.var(axis=axes, keepdims=True, ddof=1 if unbiased else 0)
    std = np.sqrt(var) + eps if outside else np.sqrt(var + eps)
    return gamma * (x - mean) / std + beta


def forward_variants(case: Case) -> list[Variant]:
    x, values = case.x, case.values
    eps = float(case.config[1].get("eps", 1e-5))
    gamma, beta = values["gamma"], values["beta"]
    last = tuple(range(x.ndim - gamma.ndim, x.ndim))
    variants = [
        Variant("LayerNorm over the batch axis: your statistics are taken across the examples (axis 0, as "
                "BatchNorm does); LayerNorm normalises each example over its own last axes",
                normalise(x, (0,), eps, gamma, beta),
                "mean and var over the last len(normalized_shape) axes, keepdims=True."),
        Variant("the unbiased variance (÷(M − 1)): LayerNorm divides by the biased one (÷M)",
                normalise(x, last, eps, gamma, beta, unbiased=True)),
        Variant("eps added outside the square root: a convention some write, but torch's LayerNorm divides by "
                "sqrt(var + eps)", normalise(x, last, eps, gamma, beta, outside=True), convention=True),
        Variant("gamma and beta are not applied: y = gamma·x̂ + beta",
                normalise(x, last, eps, np.ones_like(gamma), np.zeros_like(beta))),
    ]
    every = tuple(range(1, x.ndim))
    if every != last:
        variants.insert(1, Variant(
            f"normalised over every axis of an example: normalized_shape {tuple(gamma.shape)} means the last "
            f"{gamma.ndim} axis(es) only", normalise(x, every, eps, gamma, beta)))
    return variants


def backward_variants(case: Case) -> list[Variant]:
    x, g, values = case.x, case.grad, case.values
    eps = float(case.config[1].get("eps", 1e-5))
    axes = tuple(range(x.ndim - values["gamma"].ndim, x.ndim))
    inv_std = 1.0 / np.sqrt(x.var(axis=axes, keepdims=True) + eps)
    return [Variant("backward treats the mean and variance as constants (dx = grad·γ/σ), but they depend on every "
                    "value of the example", g * values["gamma"] * inv_std,
                    "dx = (M·dx̂ − Σdx̂ − x̂·Σ(dx̂·x̂)) / (M·σ), with dx̂ = grad·gamma, the sums over the normalised axes.")]


def probe_two_axes(ctx: ProbeContext, plan: LayerPlan) -> None:
    with ctx.probe(f"normalized_shape ({TOKENS}, {FEATURES}): forward, dx, dgamma, dbeta over the last two axes") as p:
        rng = np.random.default_rng(25)
        pair = LayerPair(ctx, TWO_AXES, rng)
        x = make_input(rng, 4)
        y, expected = pair.forward(x)
        if not matches(y, expected):
            p.fail_mismatch(explain(y, expected, "forward output", forward_variants(Case(x, TWO_AXES, pair.values))))
        grad = rng.normal(size=expected.shape)
        dx, expected_dx = pair.backward(grad)
        if not matches(dx, expected_dx):
            p.fail_mismatch(explain(dx, expected_dx, "dx", backward_variants(Case(x, TWO_AXES, pair.values, grad))))
        user, reference = pair.param_grads()
        for name, want in reference.items():
            if not matches(user.get(name, np.array(np.nan)), want):
                p.fail_mismatch(explain(user.get(name, np.array(np.nan)), want, f"{name}.grad"))


def probe_eval(ctx: ProbeContext, plan: LayerPlan) -> None:
    with ctx.probe("eval computes the same as training (LayerNorm keeps no running statistics)") as p:
        rng = np.random.default_rng(26)
        pair = LayerPair(ctx, MAIN, rng)
        pair.user.forward(make_input(rng, 4))
        pair.user.eval()
        x = make_input(rng, 1) * 3.0 - 2.0
        y, expected = pair.forward(x)
        if not matches(y, expected):
            p.fail_mismatch(explain(y, expected, "eval output", forward_variants(Case(x, MAIN, pair.values))))


def run(ctx: ProbeContext) -> None:
    run_layer_probes(ctx, LayerPlan(configs=[MAIN, CUSTOM], make_input=make_input, batches=(4, 3, 5),
                                    forward_variants=forward_variants, backward_variants=backward_variants,
                                    extra=[probe_two_axes, probe_eval]))
