"""Dropout is random, so its probes are statistical: the fraction zeroed, the scale of the kept units, the
mean; backward through the forward's own mask; a fresh mask each time; eval as the identity; p = 0 and p
close to 1. The sandbox seeds numpy's and torch's generators, so a verdict is reproducible.
"""

from __future__ import annotations

import numpy as np

from quizprep.exercises.diagnosis import CHANGED_IN_PLACE, explain, fmt, matches, shape_text
from quizprep.exercises.probes.base import Probe, ProbeContext, Remote, UserCodeFailed

SHAPE = (200, 300)  # 60,000 elements: the fraction zeroed is known to ±0.2 % (one standard deviation)
P_VALUES = (0.3, 0.8)  # not 0.5, so that p used as the keep probability shows


def positive_input(seed: int) -> np.ndarray:
    return np.random.default_rng(seed).uniform(0.5, 1.5, size=SHAPE)


def new_dropout(ctx: ProbeContext, p: float) -> Remote:
    layer = ctx.new(p=p)
    layer.train()
    return layer


def run(ctx: ProbeContext) -> None:
    with ctx.probe("construct Dropout(p=0.3), Dropout(p=0.8), Dropout(p=0.0), Dropout(p=0.95), Dropout()",
                   required=True):
        for p in (0.3, 0.8, 0.0, 0.95):
            ctx.new(p=p)
        ctx.new()
    for p in P_VALUES:
        with ctx.probe(f"training, p = {p}: about {p:.0%} zeroed, the rest scaled by 1/(1 − p), mean kept") as probe:
            x = positive_input(int(p * 10))
            y = new_dropout(ctx, p).forward(x)
            probe.evidence = check_training_output(probe, x, y, p)
    probe_backward_mask(ctx)
    probe_fresh_mask(ctx)
    probe_eval(ctx)
    with ctx.probe("p = 0 is the identity in training (forward and backward)") as probe:
        layer = new_dropout(ctx, 0.0)
        x = positive_input(5)
        y = layer.forward(x)
        if not matches(y, x):
            probe.fail(explain(y, x, "output").evidence, "with p = 0 nothing may be dropped or rescaled"
                       + (" (nan: a division by zero?)" if np.isnan(y).any() else ""))
        grad = np.random.default_rng(6).normal(size=SHAPE)
        dx = layer.backward(grad)
        if not matches(dx, grad):
            probe.fail(explain(dx, grad, "dx").evidence, "with p = 0 backward must pass grad through unchanged")
    with ctx.probe("p = 0.95: about 95% zeroed, the rest ×20, finite") as probe:
        x = positive_input(7)
        y = new_dropout(ctx, 0.95).forward(x)
        probe.evidence = check_training_output(probe, x, y, 0.95)
    probe_any_shape(ctx)
    with ctx.probe("forward leaves its input unchanged (training)") as probe:
        x = positive_input(8)
        returned = new_dropout(ctx, 0.3).call("forward", x, return_args=True)
        after = returned.args[0].value if returned.args else x
        if not np.array_equal(after, x):
            probe.fail(f"x changed in place: {explain(after, x, 'input', compared=CHANGED_IN_PLACE).evidence}",
                       "forward modifies its input in place (x *= mask): return x * mask instead")


def check_training_output(probe: Probe, x: np.ndarray, y: np.ndarray, p: float) -> str:
    """Fail the probe naming the bug, or return the evidence that y is inverted dropout of x."""
    if y.shape != x.shape:
        probe.fail(f"output shape {y.shape}, expected {x.shape}", "dropout must keep the input's shape")
    if not np.isfinite(y).all():
        probe.fail(explain(y, x, "output").evidence, f"the output has nan/inf with p = {p} (a division by zero?)")
    dropped = y == 0
    fraction = float(dropped.mean())
    tolerance = max(0.01, 5 * float(np.sqrt(p * (1 - p) / y.size)))
    if abs(fraction - p) > tolerance:
        evidence = f"{fraction:.1%} of the elements zeroed, expected about {p:.0%}"
        if abs(fraction - (1 - p)) <= tolerance:
            probe.fail(evidence, f"p used as the keep probability: {fraction:.1%} of the elements are zeroed "
                                 f"with p = {p}, but p is the probability of DROPPING (torch's convention)",
                       "Keep an element when rand >= p (or rand < 1 - p).")
        if fraction == 0:
            probe.fail(evidence, "nothing is dropped in training mode: the mask is not applied (or the layer "
                                 "believes it is in eval mode: check self.training)")
        probe.fail(evidence, f"dropout zeroes {fraction:.1%} of the elements instead of about p = {p:.0%}")
    ratio = y[~dropped] / x[~dropped]
    scale = 1.0 / (1.0 - p)
    if not np.allclose(ratio, scale, rtol=1e-6):
        observed = float(np.median(ratio))
        evidence = f"kept units multiplied by {fmt(observed)}, expected 1/(1 − p) = {fmt(scale)}"
        if np.allclose(ratio, 1.0, rtol=1e-6):
            probe.fail(evidence, f"dropout not scaled in training: kept units must be multiplied by 1/(1 − p) = "
                                 f"{fmt(scale)} so that the expected output equals the input",
                       "Inverted dropout: mask = keep / (1 - p), applied while training; eval is the identity.")
        if np.allclose(ratio, 1.0 / p, rtol=1e-6):
            probe.fail(evidence, f"kept units scaled by 1/p = {fmt(1 / p)} instead of 1/(1 − p) = {fmt(scale)}: "
                                 f"p used as the keep probability")
        if np.allclose(ratio, 1.0 - p, rtol=1e-6):
            probe.fail(evidence, "kept units multiplied by (1 − p) instead of divided by it")
        spread = f"y/x ranges over [{fmt(float(ratio.min()))}, {fmt(float(ratio.max()))}]"
        probe.fail(f"{evidence}; {spread}", f"kept units are not all scaled by 1/(1 − p): {spread}")
    mean_ratio = float(y.mean() / x.mean())
    # the mean of n kept-or-dropped elements scaled by 1/(1 - p): relative std ≈ sqrt(p / (1 - p) / n)
    if abs(mean_ratio - 1.0) > 0.005 + 6 * float(np.sqrt(p / (1 - p) / y.size)):
        probe.fail(f"mean(y)/mean(x) = {fmt(mean_ratio)}", "the mean of the output is not the mean of the input")
    return f"{fraction:.1%} zeroed, kept ×{fmt(float(np.median(ratio)))}, mean ratio {mean_ratio:.3f}"


def probe_backward_mask(ctx: ProbeContext) -> None:
    with ctx.probe("backward multiplies grad by the mask forward used (p = 0.3)") as probe:
        p = 0.3
        layer = new_dropout(ctx, p)
        x = positive_input(11)
        y = layer.forward(x)
        grad = np.random.default_rng(12).normal(size=SHAPE)
        dx = layer.backward(grad)
        expected = grad * (y / x)
        if matches(dx, expected):
            return
        evidence = explain(dx, expected, "dx").evidence
        if matches(dx, grad):
            probe.fail(evidence, "backward ignores the mask: gradient flows through the dropped units",
                       "Keep the mask in forward (self.mask = ...) and return grad * self.mask.")
        if matches(dx, grad * (y != 0)):
            probe.fail(evidence, f"backward applies the 0/1 mask without the 1/(1 − p) = {fmt(1 / (1 - p))} scale "
                                 f"that forward used")
        if dx.shape == y.shape:
            differ = float(np.mean((dx == 0) != (y == 0)))
            if differ > 0.05:
                probe.fail(f"{evidence}; the zeros of dx and y differ at {differ:.0%} of the positions",
                           "backward draws a new mask instead of reusing the one forward used",
                           "Store the mask in forward and multiply grad by that same mask.")
        probe.fail(evidence, f"dx is not grad × the forward's mask: {evidence}")


def probe_fresh_mask(ctx: ProbeContext) -> None:
    with ctx.probe("each training forward draws a new mask") as probe:
        layer = new_dropout(ctx, 0.3)
        x = positive_input(13)
        first, second = layer.forward(x), layer.forward(x)
        if first.shape == second.shape and np.array_equal(first == 0, second == 0):
            probe.fail("two forward calls dropped exactly the same elements",
                       "the same mask is reused on every forward: draw a new one each time",
                       "Draw the mask inside forward, not in __init__.")


def probe_eval(ctx: ProbeContext) -> None:
    with ctx.probe("eval(): forward and backward are the identity; train() turns dropout back on") as probe:
        p = 0.3
        layer = new_dropout(ctx, p)
        x = positive_input(14)
        layer.eval()
        y = layer.forward(x)
        if not matches(y, x):
            evidence = explain(y, x, "output").evidence
            if matches(y, x * (1 - p)):
                probe.fail(evidence, "dropout scaled at test time: eval multiplies by (1 − p), but inverted dropout "
                                     "already scaled while training, so eval must be the identity")
            if matches(y, x / (1 - p)):
                probe.fail(evidence, "dropout scaled at test time: eval divides by (1 − p); it must be the identity")
            if y.shape == x.shape and (y == 0).any():
                probe.fail(evidence, f"dropout still drops units in eval mode ({float(np.mean(y == 0)):.0%} zeroed): "
                                     "check self.training", "if not self.training: return x")
            probe.fail(evidence, f"eval mode is not the identity: {evidence}")
        grad = np.random.default_rng(15).normal(size=SHAPE)
        dx = layer.backward(grad)
        if not matches(dx, grad):
            probe.fail(explain(dx, grad, "dx").evidence,
                       "backward in eval mode must pass grad through unchanged (forward was the identity)")
        layer.train()
        y = layer.forward(x)
        if y.shape == x.shape and not (y == 0).any():
            probe.fail("nothing dropped after train()", "after train() the layer still acts as in eval mode")


def probe_any_shape(ctx: ProbeContext) -> None:
    """The contract says any shape: on 1-D, 3-D and 4-D inputs the mask has the input's shape, the kept units
    get the same scale as on (N, D) inputs, backward goes through that mask and eval is the identity."""
    shapes = [tuple(shape) for shape in ctx.exercise.probe_data.get("any_shapes", ())]
    if not shapes:
        return
    p = 0.3
    with ctx.probe(f"any shape: {', '.join(shape_text(s) for s in shapes)} inputs, training and eval") as probe:
        x2 = positive_input(40)  # a failure on (N, D) already is not about shapes
        y2 = new_dropout(ctx, p).forward(x2)
        scales = np.unique(np.round(y2[y2 != 0] / x2[y2 != 0], 9))
        for seed, shape in enumerate(shapes):
            x = np.random.default_rng(40 + seed).uniform(0.5, 1.5, size=shape)
            layer = new_dropout(ctx, p)
            try:
                y = layer.forward(x)
                grad = np.random.default_rng(50 + seed).normal(size=shape)
                dx = layer.backward(grad)
                layer.eval()
                y_eval = layer.forward(x)
            except UserCodeFailed as exc:
                probe.fail(f"input of shape {shape_text(shape)}: {exc.evidence}",
                           f"dropout breaks on an input of shape {shape_text(shape)} ({exc.evidence}): the contract "
                           f"says any shape — draw the mask with x.shape as a whole (rand(*x.shape)), not "
                           f"(x.shape[0], x.shape[1])", traceback=exc.info.get("traceback") or None)
            if y.shape != shape or dx.shape != shape:
                probe.fail(f"input {shape_text(shape)}: output {shape_text(y.shape)}, dx {shape_text(dx.shape)}",
                           f"dropout changes the shape of an input of shape {shape_text(shape)}: the mask must "
                           f"have the input's shape")
            kept = y != 0
            ratios = np.unique(np.round(y[kept] / x[kept], 9))
            if not (kept.any() and np.isin(ratios, scales).all()):
                probe.fail(f"input {shape_text(shape)}: kept ×{fmt(float(np.median(y[kept] / x[kept])))} "
                           f"where (N, D) inputs get ×{fmt(float(np.median(scales)))}",
                           f"dropout of an input of shape {shape_text(shape)} is not scaled like a (N, D) input")
            if not matches(dx, grad * (y / x)):
                probe.fail(f"input {shape_text(shape)}: {explain(dx, grad * (y / x), 'dx').evidence}",
                           f"backward of an input of shape {shape_text(shape)} is not grad × the forward's mask")
            if not matches(y_eval, x):
                probe.fail(f"input {shape_text(shape)} in eval: {explain(y_eval, x, 'output').evidence}",
                           f"eval is not the identity for an input of shape {shape_text(shape)}")
        probe.evidence = f"{len(shapes)} shapes: mask of the input's shape"
