"""Losses (mse, l1, bce, cross-entropy): the value and dL/dpred against the engine, the reduction (mean over
all elements), the user's own gradients, arguments left alone, a repeatable backward, and the extremes
that overflow or take log(0).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from quizprep.exercises.diagnosis import Variant, explain, fmt, matches, shape_text
from quizprep.exercises.probes.base import Probe, ProbeContext, Remote

BATCHES = (4, 3, 6)
FEATURES = 3  # D (or C classes): not the batch size, so sum vs mean over the batch and over all elements differ
GRADCHECK_EPS = 1e-6


def make_case(exercise_id: str, rng: np.random.Generator, batch: int) -> tuple[np.ndarray, np.ndarray]:
    """(pred, target) for one loss, kept away from kinks and from log(0)."""
    shape = (batch, FEATURES)
    if exercise_id == "cross-entropy":
        return rng.normal(0.0, 2.0, size=shape), rng.integers(0, FEATURES, size=batch)
    if exercise_id == "bce-loss":
        return rng.uniform(0.05, 0.95, size=shape), rng.integers(0, 2, size=shape).astype(float)
    pred = rng.normal(size=shape)
    gap = 0.05 + np.abs(rng.normal(size=shape))
    return pred, pred + gap * rng.choice([-1.0, 1.0], size=shape)


def reference(ctx: ProbeContext) -> Any:
    import quizprep.engine

    return getattr(quizprep.engine, ctx.exercise.class_name)()


def _log_softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    z = z - z.max(axis=axis, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=axis, keepdims=True))


def value_variants(exercise_id: str, pred: np.ndarray, target: np.ndarray) -> list[Variant]:
    rows = np.arange(pred.shape[0])
    if exercise_id == "mse-loss":
        d = pred - target
        return [Variant("the square is missing: MSE = mean((pred − target)²)", np.mean(d)),
                Variant("the square root is taken (that is RMSE): MSE = mean((pred − target)²)",
                        np.sqrt(np.mean(d * d)))]
    if exercise_id == "l1-loss":
        return [Variant("the absolute value is missing: L1 = mean(|pred − target|)", np.mean(pred - target))]
    if exercise_id == "bce-loss":
        return [Variant("p and 1 − p are swapped: L = −mean(t·log p + (1 − t)·log(1 − p))",
                        -np.mean(target * np.log(1 - pred) + (1 - target) * np.log(pred)))]
    log_p = _log_softmax(pred)
    return [
        Variant("the log is missing: cross-entropy is −mean log softmax(pred)[target]",
                -np.mean(np.exp(log_p)[rows, target])),
        Variant("softmax taken over the wrong axis (the batch, axis 0) instead of each row's classes",
                -np.mean(_log_softmax(pred, axis=0)[rows, target])),
        Variant("the log-probabilities of all classes are averaged instead of the target class's only",
                -np.mean(log_p)),
    ]


def gradient_variants(exercise_id: str, pred: np.ndarray, target: np.ndarray) -> list[Variant]:
    n = pred.size
    if exercise_id == "mse-loss":
        return [Variant("the factor 2 is missing: d(p − t)²/dp = 2·(p − t)", (pred - target) / n,
                        "dpred = 2·(pred − target) / (number of elements).")]
    if exercise_id == "cross-entropy":
        rows = np.arange(pred.shape[0])
        onehot = np.zeros_like(pred)
        onehot[rows, target] = 1.0
        return [Variant("dpred is softmax − onehot without dividing by N (the loss is the mean over the batch)",
                        np.exp(_log_softmax(pred)) - onehot)]
    return []


def run(ctx: ProbeContext) -> None:
    exercise_id = ctx.exercise.id
    with ctx.probe(f"construct {ctx.exercise.class_name}()", required=True):
        ctx.new()
    with ctx.probe(f"the loss matches the reference on {', '.join(shape_text((n, FEATURES)) for n in BATCHES)} "
                   f"predictions (mean over all elements)") as p:
        for seed, batch in enumerate(BATCHES):
            pred, target = make_case(exercise_id, np.random.default_rng(seed), batch)
            value = ctx.new().forward(pred, target)
            check_value(p, value, reference(ctx).forward(pred.copy(), target.copy()), exercise_id, pred, target)
    with ctx.probe("backward() matches the reference dL/dpred") as p:
        for seed, batch in enumerate(BATCHES):
            pred, target = make_case(exercise_id, np.random.default_rng(10 + seed), batch)
            loss, expected = ctx.new(), reference(ctx)
            loss.forward(pred, target)
            expected.forward(pred.copy(), target.copy())
            dpred, reference_dpred = loss.backward(), np.asarray(expected.backward())
            if not matches(dpred, reference_dpred):
                p.fail_mismatch(explain(dpred, reference_dpred, "dpred", gradient_variants(exercise_id, pred, target),
                                        batch=batch, elements=pred.size))
    probe_own_gradient(ctx)
    with ctx.probe("forward leaves pred and target unchanged; backward twice gives the same dpred") as p:
        pred, target = make_case(exercise_id, np.random.default_rng(30), BATCHES[0])
        loss = ctx.new()
        returned = loss.call("forward", pred, target, return_args=True)
        for name, before, after in zip(("pred", "target"), (pred, target), returned.args or [], strict=False):
            if after.value is not None and not np.array_equal(after.value, before):
                p.fail(f"{name} changed in place", f"forward modifies {name} in place: it belongs to the caller")
        first, second = loss.backward(), loss.backward()
        if not matches(second, first):
            p.fail(f"second dpred differs: {explain(second, first, 'dpred').evidence}",
                   "backward changes what forward stored (e.g. probs[rows, target] -= 1 on the stored softmax), so "
                   "a second call gives another gradient", "Work on a copy: d = self.probs.copy().")
    with ctx.probe("a batch of 1 works") as p:
        pred, target = make_case(exercise_id, np.random.default_rng(31), 1)
        loss, expected = ctx.new(), reference(ctx)
        check_value(p, loss.forward(pred, target), expected.forward(pred.copy(), target.copy()), exercise_id,
                    pred, target)
        dpred, reference_dpred = loss.backward(), np.asarray(expected.backward())
        if not matches(dpred, reference_dpred):
            p.fail_mismatch(explain(dpred, reference_dpred, "dpred for a batch of 1"))
    if exercise_id == "cross-entropy":
        probe_extremes(ctx, "logits ~ 1000 give a finite, correct loss and gradient",
                       1000.0 + np.random.default_rng(32).normal(0.0, 3.0, size=(4, FEATURES)),
                       np.array([0, 1, 2, 0]),
                       "overflow in cross-entropy: e^z is inf for logits ~ 1000 (no max subtraction / log-sum-exp)",
                       "log softmax(z) = z − max z − log Σ e^(z − max z).")
    if exercise_id == "cross-entropy" and ctx.exercise.probe_data.get("spread_logits"):
        probe_spread_logits(ctx, np.array(ctx.exercise.probe_data["spread_logits"], dtype=np.float64))
    if exercise_id == "bce-loss":
        probe_extremes(ctx, "predictions of exactly 0 and 1 give a finite loss and gradient",
                       np.array([[0.0, 1.0, 0.3], [1.0, 0.0, 0.6]]), np.array([[0.0, 1.0, 1.0], [1.0, 0.0, 0.0]]),
                       "log(0) at predictions of exactly 0 or 1: 0·log 0 gives nan (torch clamps each log at −100)",
                       "Clamp: np.maximum(np.log(p), -100), and keep p·(1 − p) away from 0 in backward.")


def check_value(p: Probe, value: np.ndarray, expected: Any, exercise_id: str, pred: np.ndarray,
                target: np.ndarray) -> None:
    expected = np.asarray(expected)
    if value.size != 1:
        p.fail(f"forward returned shape {shape_text(value.shape)}, expected a scalar",
               f"forward returns per-element losses of shape {shape_text(value.shape)}: reduce them to one number "
               f"(the mean)")
    value = value.reshape(())
    if not matches(value, expected):
        p.fail_mismatch(explain(value, expected, "loss", value_variants(exercise_id, pred, target),
                                batch=pred.shape[0], elements=pred.size))


def probe_own_gradient(ctx: ProbeContext) -> None:
    with ctx.probe("your backward agrees with numerical gradients of your loss (float64)") as p:
        rng = np.random.default_rng(40)
        pred, target = make_case(ctx.exercise.id, rng, BATCHES[0])
        loss: Remote = ctx.new()
        loss.forward(pred, target)
        dpred = loss.backward()
        worst = 0.0
        for _ in range(3):
            direction = rng.normal(size=pred.shape)
            plus = float(loss.forward(pred + GRADCHECK_EPS * direction, target).reshape(-1)[0])
            minus = float(loss.forward(pred - GRADCHECK_EPS * direction, target).reshape(-1)[0])
            numeric = (plus - minus) / (2 * GRADCHECK_EPS)
            analytic = float(np.sum(dpred * direction)) if dpred.shape == pred.shape else np.nan
            error = abs(analytic - numeric) / (abs(analytic) + abs(numeric) + 1e-8)
            worst = max(worst, error)
            if not error < 1e-5:
                p.fail(f"dpred along a random direction: your backward {fmt(analytic)}, numerical {fmt(numeric)}")
        p.evidence = f"relative error ≤ {worst:.1e}"


def probe_extremes(ctx: ProbeContext, what: str, pred: np.ndarray, target: np.ndarray, message: str,
                   hint: str) -> None:
    with ctx.probe(what) as p:
        loss, expected = ctx.new(), reference(ctx)
        value = loss.forward(pred, target)
        reference_value = np.asarray(expected.forward(pred.copy(), target.copy()))
        if not np.isfinite(value).all():
            p.fail(f"loss = {fmt(float(value.reshape(-1)[0]))}", message, hint)
        dpred = loss.backward()
        if not np.isfinite(dpred).all():
            p.fail(explain(dpred, np.asarray(expected.backward()), "dpred").evidence, message, hint)
        if ctx.exercise.id == "cross-entropy" and not matches(value.reshape(()), reference_value):
            p.fail_mismatch(explain(value.reshape(()), reference_value, "loss for logits ~ 1000"))


def probe_spread_logits(ctx: ProbeContext, pred: np.ndarray) -> None:
    """Logits spread far apart with the target at each row's lowest logit: the loss is ~2000 per example,
    which only log-sum-exp gets right (the probability itself rounds to 0)."""
    target = pred.argmin(axis=1)
    rows = ", ".join(str(list(map(int, row))) for row in pred)
    with ctx.probe(f"logits spread far apart, target at the lowest logit: rows {rows}") as p:
        loss, expected = ctx.new(), reference(ctx)
        value = loss.forward(pred, target)
        reference_value = np.asarray(expected.forward(pred.copy(), target.copy()))
        evidence = f"loss = {fmt(float(value.reshape(-1)[0]))}, reference {fmt(float(reference_value))}"
        hint = "log softmax(z) = z − max z − log Σ e^(z − max z): never the log of a probability."
        if np.isnan(value).any():
            p.fail(evidence, "overflow in cross-entropy for logits spread far apart: e^z is inf (no max "
                             "subtraction / log-sum-exp)", hint)
        if not np.isfinite(value).all():
            p.fail(evidence, "log of a probability that underflowed to 0: with the target 2000 below the row's "
                             "maximum, softmax rounds to 0 and log 0 = −inf; torch gives "
                             f"{fmt(float(reference_value))} — use log-sum-exp", hint)
        if not matches(value.reshape(()), reference_value):
            p.fail(evidence, "log of a probability that underflowed: the probability of the target rounds to 0, "
                             "so a small eps inside the log (log(p + 1e-16) caps it at 36.8) or a clip gives "
                             f"{fmt(float(value.reshape(-1)[0]))} instead of {fmt(float(reference_value))} — compute "
                             "log softmax with log-sum-exp", hint)
        dpred = loss.backward()
        expected_dpred = np.asarray(expected.backward())
        if not matches(dpred, expected_dpred):
            p.fail_mismatch(explain(dpred, expected_dpred, "dpred for spread logits"))
        p.evidence = evidence
