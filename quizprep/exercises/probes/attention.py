"""Scaled dot-product attention: forward and backward (dq, dk, dv) against the reference on 3-D and 4-D inputs,
with and without a boolean mask (True = may attend), with the known wrong attentions — not scaled by √d,
scaled by d, the softmax over the queries, the mask after the softmax, with the wrong polarity, multiplied
into the scores or ignored — computed alongside.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from quizprep.exercises.diagnosis import Variant, explain, fmt, matches, shape_text
from quizprep.exercises.probes.base import Probe, ProbeContext, Remote, reference_class

# (q, k, v shapes, mask shape or None)
CASES = (((2, 4, 5), (2, 6, 5), (2, 6, 3), None), ((2, 2, 3, 4), (2, 2, 5, 4), (2, 2, 5, 4), None),
         ((2, 4, 5), (2, 6, 5), (2, 6, 3), (4, 6)), ((2, 2, 3, 4), (2, 2, 5, 4), (2, 2, 5, 4), (2, 1, 3, 5)))
GRADCHECK_EPS = 1e-5
MASK_HINT = "scores = where(mask, scores, −inf) before the softmax; True = may attend."


def softmax(s: np.ndarray, axis: int) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):  # a wrong variant may leave a row without any key
        e = np.exp(s - s.max(axis=axis, keepdims=True))
        return e / e.sum(axis=axis, keepdims=True)


def attention(q: np.ndarray, k: np.ndarray, v: np.ndarray, mask: np.ndarray | None, scale: str = "sqrt",
              axis: int = -1, masking: str = "before") -> np.ndarray:
    """Attention computed right, or a known wrong way."""
    d = q.shape[-1]
    factor = {"sqrt": 1 / np.sqrt(d), "none": 1.0, "d": 1 / d}[scale]
    scores = q @ np.swapaxes(k, -1, -2) * factor
    if mask is not None and masking == "before":
        scores = np.where(mask, scores, -np.inf)
    elif mask is not None and masking == "reversed":
        scores = np.where(mask, -np.inf, scores)
    elif mask is not None and masking == "multiply":
        scores = scores * mask
    weights = softmax(scores, axis)
    if mask is not None and masking == "after":
        weights = weights * mask
    return weights @ v


def forward_variants(q: np.ndarray, k: np.ndarray, v: np.ndarray, mask: np.ndarray | None) -> list[Variant]:
    d = q.shape[-1]
    variants = [
        Variant(f"attention not scaled by √d: divide the scores q·kᵀ by √d = √{d}; without it the dot products "
                f"grow with d and the softmax saturates", attention(q, k, v, mask, scale="none"),
                "scores = q @ kᵀ / sqrt(q.shape[-1])."),
        Variant(f"scores scaled by 1/d = 1/{d} instead of 1/√d", attention(q, k, v, mask, scale="d")),
        Variant("softmax over the wrong axis: over the queries (axis −2); each query's weights over the keys "
                "(the last axis) must sum to 1", attention(q, k, v, mask, axis=-2), "softmax over axis=-1."),
    ]
    if mask is not None:
        variants += [
            Variant("mask applied after the softmax: zeroing the weights afterwards leaves rows that no longer sum "
                    "to 1; set the masked scores to −inf before the softmax", attention(q, k, v, mask, masking="after"),
                    MASK_HINT),
            Variant("mask with the wrong polarity: True means may attend (torch's convention), but your output "
                    "attends where the mask is False", attention(q, k, v, mask, masking="reversed"), MASK_HINT),
            Variant("mask multiplied into the scores: a masked score becomes 0, which still gets weight e^0; "
                    "masked scores must be −inf", attention(q, k, v, mask, masking="multiply"), MASK_HINT),
            Variant("the mask is ignored", attention(q, k, v, None), MASK_HINT),
        ]
    return variants


def inputs(rng: np.random.Generator, case: tuple[Any, ...]) -> tuple[np.ndarray, ...]:
    q_shape, k_shape, v_shape, mask_shape = case
    q, k, v = (rng.normal(size=shape) for shape in (q_shape, k_shape, v_shape))
    if mask_shape is None:
        return q, k, v
    mask = rng.random(mask_shape) < 0.5
    mask[..., 0] = True  # every query may attend to a key, and is kept from another
    mask[..., -1] = False
    return q, k, v, mask


def reference(ctx: ProbeContext, args: tuple[np.ndarray, ...], grad: np.ndarray | None = None) -> Any:
    layer = reference_class(ctx.exercise)()
    y = np.asarray(layer.forward(*(a.copy() for a in args)))
    if grad is None:
        return y
    return y, tuple(np.asarray(g) for g in layer.backward(grad.copy()))


def case_text(args: tuple[np.ndarray, ...]) -> str:
    names = ("q", "k", "v", "mask")
    return ", ".join(f"{name} {shape_text(a.shape)}" for name, a in zip(names, args, strict=False))


def user_backward(ctx: ProbeContext, layer: Remote, grad: np.ndarray, probe: Probe) -> list[np.ndarray]:
    returned = layer.call("backward", grad)
    if returned.kind != "tuple" or returned.items is None or len(returned.items) != 3:
        what = f"a tuple of {len(returned.items)}" if returned.items else returned.type_name or returned.kind
        probe.fail(f"backward() returned {what}", f"backward returns {what}, not the tuple (dq, dk, dv)",
                   "return dq, dk, dv")
    return [ctx.array(item, f"backward()'s {name}") for item, name in zip(returned.items, ("dq", "dk", "dv"),
                                                                           strict=True)]


def backward_variants(args: tuple[np.ndarray, ...], grad: np.ndarray) -> list[tuple[str, list[np.ndarray]]]:
    """(message, [dq, dk, dv]) of known wrong backward passes."""
    q, k, v = args[:3]
    mask = args[3] if len(args) > 3 else None
    scale = 1 / np.sqrt(q.shape[-1])
    scores = q @ np.swapaxes(k, -1, -2) * scale
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    a = softmax(scores, -1)
    dv = np.swapaxes(a, -1, -2) @ grad
    da = grad @ np.swapaxes(v, -1, -2)
    found = []
    for message, ds in (
        ("backward forgets the 1/√d factor: dS = A·(dA − Σ dA·A)/√d, the same scale as forward",
         a * (da - (da * a).sum(axis=-1, keepdims=True))),
        ("the softmax's backward keeps only the diagonal of its Jacobian (dS = A·dA/√d): it needs A·(dA − Σ dA·A) "
         + "with the row sum over the keys", a * da * scale),
    ):
        found.append((message, [ds @ k, np.swapaxes(ds, -1, -2) @ q, dv]))
    return found


def run(ctx: ProbeContext) -> None:
    with ctx.probe("construct ScaledDotProductAttention()", required=True):
        ctx.new()
    with ctx.probe("forward without a mask: q (2, 4, 5) with 6 keys and values of width 3; 4-D heads") as p:
        probe_forward(ctx, p, CASES[:2])
    with ctx.probe("forward with a boolean mask (True = may attend): (Tq, Tk) and (2, 1, Tq, Tk)") as p:
        probe_forward(ctx, p, CASES[2:])
    with ctx.probe("backward: dq, dk, dv match the reference, with and without a mask") as p:
        for seed, case in enumerate(CASES):
            rng = np.random.default_rng(10 + seed)
            args = inputs(rng, case)
            layer = ctx.new()
            layer.forward(*args)
            y = reference(ctx, args)
            grad = rng.normal(size=y.shape)
            got = user_backward(ctx, layer, grad, p)
            _, expected = reference(ctx, args, grad)
            for name, g, e in zip(("dq", "dk", "dv"), got, expected, strict=True):
                if matches(g, e):
                    continue
                named = next((message for message, wrong in backward_variants(args, grad)
                              if all(matches(a, b) for a, b in zip(got, wrong, strict=True))), None)
                explanation = explain(g, e, name)
                p.fail(f"{case_text(args)}: {name}: {explanation.evidence}", named or explanation.diagnosis,
                       "dv = Aᵀ·grad; dA = grad·vᵀ; dS = A·(dA − Σ dA·A)/√d; dq = dS·k; dk = dSᵀ·q.")
        p.evidence = f"{len(CASES)} cases agree"
    with ctx.probe("q, k, v, the mask and the upstream gradient left unchanged") as p:
        rng = np.random.default_rng(20)
        args = inputs(rng, CASES[3])
        layer = ctx.new()
        returned = layer.call("forward", *args, return_args=True)
        for name, before, after in zip(("q", "k", "v", "mask"), args, returned.args or [], strict=False):
            if not np.array_equal(after.value, before):
                p.fail(f"{name} changed in place", f"forward modifies {name} in place: it is the caller's array")
        grad = rng.normal(size=reference(ctx, args).shape)
        returned = layer.call("backward", grad, return_args=True)
        if returned.args and not np.array_equal(returned.args[0].value, grad):
            p.fail("grad changed in place", "backward modifies the upstream gradient in place")
    with ctx.probe("your backward agrees with numerical gradients of your forward (float64)") as p:
        probe_own_gradients(ctx, p)


def probe_forward(ctx: ProbeContext, p: Probe, cases: tuple[Any, ...]) -> None:
    for seed, case in enumerate(cases):
        rng = np.random.default_rng(seed)
        args = inputs(rng, case)
        y = ctx.new().forward(*args)
        expected = reference(ctx, args)
        if not matches(y, expected):
            explanation = explain(y, expected, "forward output", forward_variants(*args[:3], args[3] if len(args) > 3
                                                                                 else None))
            p.fail(f"{case_text(args)}: {explanation.evidence}", explanation.diagnosis, explanation.hint)
    p.evidence = f"{len(cases)} cases agree"


def probe_own_gradients(ctx: ProbeContext, p: Probe) -> None:
    rng = np.random.default_rng(7)
    args = list(inputs(rng, CASES[2]))
    layer = ctx.new()
    y = layer.forward(*args)
    grad = rng.normal(size=y.shape)
    analytic = user_backward(ctx, layer, grad, p)
    worst = 0.0
    for position, name in enumerate(("q", "k", "v")):
        direction = rng.normal(size=args[position].shape)
        values = []
        for sign in (1.0, -1.0):
            moved = list(args)
            moved[position] = args[position] + sign * GRADCHECK_EPS * direction
            values.append(float(np.sum(grad * ctx.new().forward(*moved))))
        numeric = (values[0] - values[1]) / (2 * GRADCHECK_EPS)
        given = float(np.sum(analytic[position] * direction)) if analytic[position].shape == direction.shape else np.nan
        error = abs(given - numeric) / (abs(given) + abs(numeric) + 1e-8)
        worst = max(worst, error)
        if not error < 1e-5:
            p.fail(f"d{name} along a random direction: your backward {fmt(given)}, numerical {fmt(numeric)}")
    p.evidence = f"relative error ≤ {worst:.1e}"
