"""Softmax over the last axis: rows that sum to 1, the full Jacobian in backward, no overflow."""

from __future__ import annotations

import numpy as np

from quizprep.exercises.diagnosis import Variant, explain, matches
from quizprep.exercises.probes.base import ProbeContext
from quizprep.exercises.probes.layers import Case, LayerPair, LayerPlan, run_layer_probes

CLASSES = 5


def logits(rng: np.random.Generator, batch: int) -> np.ndarray:
    return rng.normal(0.0, 2.0, size=(batch, CLASSES))


def huge_logits(rng: np.random.Generator) -> np.ndarray:
    return 1000.0 + rng.normal(0.0, 3.0, size=(3, CLASSES))


def softmax(x: np.ndarray, axis: int | None = -1) -> np.ndarray:
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def forward_variants(case: Case) -> list[Variant]:
    x = case.x
    return [
        Variant("softmax normalised over the wrong axis (down the columns, axis 0): each ROW must sum to 1",
                softmax(x, axis=0), "Use axis=-1 (or 1) with keepdims=True."),
        Variant("softmax normalised over the whole batch at once: each row is its own distribution",
                softmax(x, axis=None), "Sum over the last axis only: np.sum(e, axis=-1, keepdims=True)."),
    ]


def backward_variants(case: Case) -> list[Variant]:
    x, g = case.x, case.grad
    y = softmax(x)
    return [
        Variant("diagonal-only softmax Jacobian: grad·y·(1 − y) ignores that every y_i depends on every x_j",
                g * y * (1 - y), "dx = y·(grad − Σ_j grad_j·y_j), the sum over each row (keepdims=True)."),
        Variant("the Jacobian-vector product sums over the wrong axis (axis 0 instead of each row)",
                y * (g - np.sum(g * y, axis=0, keepdims=True))),
        Variant("backward returns grad unchanged: it must multiply by the softmax Jacobian", g),
    ]


def probe_spread_logits(ctx: ProbeContext, plan: LayerPlan) -> None:
    """Rows whose logits are far apart ([1000, -1000, 0]): subtracting a mean or a constant is not enough."""
    rows = ctx.exercise.probe_data.get("spread_logits")
    if not rows:
        return
    x = np.array(rows, dtype=np.float64)
    with ctx.probe(f"logits spread far apart: rows {', '.join(str(list(map(int, r))) for r in rows)}") as p:
        pair = LayerPair(ctx, plan.configs[0], np.random.default_rng(13))
        y, expected = pair.forward(x)
        message = ("softmax breaks on logits spread far apart (a row like [1000, −1000, 0]): e^x overflows or "
                   "every e^x underflows to 0 — subtract each row's MAXIMUM, not its mean or a constant")
        if not np.isfinite(y).all():
            p.fail(explain(y, expected, "output").evidence, message)
        if not matches(y, expected):
            p.fail_mismatch(explain(y, expected, "output for spread logits", [Variant(message, y)]))
        grad = np.random.default_rng(14).normal(size=x.shape)
        dx, expected_dx = pair.backward(grad)
        if not np.isfinite(dx).all() or not matches(dx, expected_dx):
            p.fail(explain(dx, expected_dx, "dx").evidence, f"dx for spread logits: {message}")
        p.evidence = "finite and correct"


def run(ctx: ProbeContext) -> None:
    run_layer_probes(ctx, LayerPlan(
        configs=[((), {})], make_input=logits, forward_variants=forward_variants,
        backward_variants=backward_variants, huge_input=huge_logits,
        overflow_message="overflow in softmax: e^x is inf for logits ~ 1000 and inf/inf is nan (no max "
                         "subtraction)",
        overflow_hint="Subtract each row's maximum before exp: softmax(x) = softmax(x − max(x)).",
        extra=[probe_spread_logits],
    ))
