"""Probes every deterministic layer gets: forward and backward against the engine, parameters, accumulation,
arguments left unchanged, the user's own gradients against numerical ones, a batch of 1, huge inputs.

A family describes its layer with a `LayerPlan` (constructor configurations, inputs, known wrong
variants) and calls `run_layer_probes`; probes specific to the family are added around it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from quizprep.exercises.diagnosis import (
    CHANGED_IN_PLACE,
    Explanation,
    Variant,
    explain,
    fmt,
    matches,
    shape_text,
)
from quizprep.exercises.probes.base import ProbeContext, Remote, UserCodeFailed, call_text, reference_class

Config = tuple[tuple[Any, ...], dict[str, Any]]
Arrays = dict[str, np.ndarray]
SEEDS = (0, 1, 2)
GRADCHECK_EPS = 1e-5
GRADCHECK_DIRECTIONS = 2


@dataclass(frozen=True)
class Case:
    """One probed call: the input, the constructor configuration, the parameter values, the upstream grad."""

    x: np.ndarray
    config: Config
    values: Arrays
    grad: np.ndarray = field(default_factory=lambda: np.zeros(0))


@dataclass
class LayerPlan:
    """How to probe one layer class.

    configs: constructor (args, kwargs), the first one the main; make_input(rng, batch) an input
    for a batch size; forward_variants(case) and backward_variants(case) known wrong results of
    forward and of dx; huge_input(rng) an input with |x| ~ 1000 (or None: not probed);
    overflow_message: the diagnosis when the huge input gives nan/inf.
    """

    configs: list[Config]
    make_input: Callable[[np.random.Generator, int], np.ndarray]
    batches: tuple[int, ...] = (4, 3, 6)
    forward_variants: Callable[[Case], list[Variant]] = lambda case: []
    backward_variants: Callable[[Case], list[Variant]] = lambda case: []
    huge_input: Callable[[np.random.Generator], np.ndarray] | None = None
    overflow_message: str = ""
    overflow_hint: str | None = None
    batch_of_one: bool = True
    extra: list[Callable[[ProbeContext, LayerPlan], None]] = field(default_factory=list)
    any_shapes: tuple[tuple[int, ...], ...] = ()
    make_shaped: Callable[[np.random.Generator, tuple[int, ...]], np.ndarray] | None = None


def config_text(exercise_class: str, config: Config) -> str:
    return call_text(exercise_class, *config)


def reference_layer(ctx: ProbeContext, config: Config) -> Any:
    """The engine's layer for the exercise (see reference_class), constructed with `config`."""
    args, kwargs = config
    return reference_class(ctx.exercise)(*args, **kwargs)


def param_values(name: str, shape: tuple[int, ...], rng: np.random.Generator) -> np.ndarray:
    """Random parameter values: around 1 for scales (gamma), around 0 otherwise."""
    if name == "gamma":
        return rng.uniform(0.5, 1.5, size=shape)
    return rng.normal(0.0, 0.5, size=shape)


class LayerPair:
    """The user's layer and the engine's, constructed alike and given the same parameter values."""

    def __init__(self, ctx: ProbeContext, config: Config, rng: np.random.Generator):
        args, kwargs = config
        self.reference = reference_layer(ctx, config)
        self.user: Remote = ctx.new(*args, **kwargs)
        self.values: Arrays = {name: param_values(name, param.shape, rng)
                               for name, param in self.reference.named_parameters()}
        if self.values:
            self.user.set_params(data=self.values, grad={n: np.zeros_like(v) for n, v in self.values.items()})
            for name, param in self.reference.named_parameters():
                param.data[...] = self.values[name]

    def forward(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(user's y, reference y) for the same input."""
        return self.user.forward(x), np.asarray(self.reference.forward(x.copy()))

    def backward(self, grad: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(user's dx, reference dx); parameter grads accumulate on both sides."""
        return self.user.backward(grad), np.asarray(self.reference.backward(grad.copy()))

    def param_grads(self) -> tuple[Arrays, Arrays]:
        """(user's .grad per Param, reference .grad per Param)."""
        user = {name: grad for name, (_, grad) in self.user.params().items()}
        return user, {name: np.asarray(p.grad) for name, p in self.reference.named_parameters()}


def run_layer_probes(ctx: ProbeContext, plan: LayerPlan) -> None:
    """The common probes, in the order a failure is easiest to understand."""
    has_params = bool(reference_layer(ctx, plan.configs[0]).parameters())
    probe_construct(ctx, plan)
    if has_params:
        probe_parameters(ctx, plan)
    probe_forward(ctx, plan)
    probe_input_unchanged(ctx, plan)
    probe_backward(ctx, plan)
    probe_grad_unchanged(ctx, plan)
    if has_params:
        probe_accumulation(ctx, plan)
    else:
        probe_backward_repeatable(ctx, plan)
    probe_own_gradients(ctx, plan)
    if plan.batch_of_one:
        probe_batch_of_one(ctx, plan)
    if plan.huge_input is not None:
        probe_huge_inputs(ctx, plan)
    if plan.any_shapes and plan.make_shaped is not None:
        probe_any_shape(ctx, plan)
    for extra in plan.extra:
        extra(ctx, plan)


def probe_construct(ctx: ProbeContext, plan: LayerPlan) -> None:
    configs = [config_text(ctx.exercise.class_name, config) for config in plan.configs]
    with ctx.probe(f"construct {', '.join(configs)}", required=True):
        for args, kwargs in plan.configs:
            ctx.new(*args, **kwargs)


def probe_parameters(ctx: ProbeContext, plan: LayerPlan) -> None:
    reference = reference_layer(ctx, plan.configs[0])
    expected = {name: param.shape for name, param in reference.named_parameters()}
    listed = " and ".join(f"{name} {shape_text(shape)}" for name, shape in expected.items())
    args, kwargs = plan.configs[0]
    with ctx.probe(f"Params {listed}", required=True) as p:
        found = ctx.new(*args, **kwargs).params()
        for name, shape in expected.items():
            if name not in found:
                p.fail(f"no Param attribute {name} (found: {', '.join(found) or 'none'})",
                       f"the layer has no Param named {name}: keep the template's self.{name} = Param(...)")
            data, grad = found[name]
            if data.shape != shape:
                swapped = data.ndim == 2 and data.shape == shape[::-1]
                p.fail(f"{name} has shape {shape_text(data.shape)}, expected {shape_text(shape)}",
                       f"{name} has shape {shape_text(data.shape)}: "
                       + ("torch's (out, in) layout; the notes use y = x·W with W of shape (in_features, "
                          f"out_features) = {shape_text(shape)}" if swapped else f"expected {shape_text(shape)}"))
            if grad.shape != shape:
                p.fail(f"{name}.grad has shape {shape_text(grad.shape)}, expected {shape_text(shape)}")
        p.evidence = "shapes as in the engine"


def probe_forward(ctx: ProbeContext, plan: LayerPlan) -> None:
    batches = ", ".join(shape_text(plan.make_input(np.random.default_rng(0), n).shape) for n in plan.batches)
    with ctx.probe(f"forward matches the reference on {batches} inputs, seeds 0-2") as p:
        for config in plan.configs:
            for seed, batch in zip(SEEDS, plan.batches, strict=True):
                rng = np.random.default_rng(seed)
                pair = LayerPair(ctx, config, rng)
                x = plan.make_input(rng, batch)
                y, expected = pair.forward(x)
                if not matches(y, expected):
                    explanation = explain(y, expected, "forward output",
                                          plan.forward_variants(Case(x, config, pair.values)))
                    p.fail_mismatch(_with_config(explanation, ctx, config, plan))
        p.evidence = f"{len(plan.configs) * len(SEEDS)} cases agree"


def _with_config(explanation: Explanation, ctx: ProbeContext, config: Config, plan: LayerPlan) -> Explanation:
    """Say which constructor call an evidence is about when several are probed."""
    if len(plan.configs) == 1:
        return explanation
    return replace(explanation, evidence=f"{config_text(ctx.exercise.class_name, config)}: {explanation.evidence}")


def probe_input_unchanged(ctx: ProbeContext, plan: LayerPlan) -> None:
    with ctx.probe("forward leaves its input unchanged") as p:
        rng = np.random.default_rng(3)
        pair = LayerPair(ctx, plan.configs[0], rng)
        x = plan.make_input(rng, plan.batches[0])
        returned = pair.user.call("forward", x, return_args=True)
        after = returned.args[0].value if returned.args else x
        if not np.array_equal(after, x):
            p.fail(f"x changed in place: {explain(after, x, 'input', compared=CHANGED_IN_PLACE).evidence}",
                   "forward modifies its input in place (x is the caller's array: use new arrays, not x[...] = "
                   "or x *= ...)", "Write y = ... instead of changing x; the caller may still need x.")


def probe_backward(ctx: ProbeContext, plan: LayerPlan) -> None:
    names = [name for name, _ in reference_layer(ctx, plan.configs[0]).named_parameters()]
    targets = " and ".join(["dx", *(f"d{name}" for name in names)])
    with ctx.probe(f"backward: {targets} match the reference for random upstream gradients") as p:
        for config in plan.configs:
            for seed, batch in zip(SEEDS, plan.batches, strict=True):
                rng = np.random.default_rng(10 + seed)
                pair = LayerPair(ctx, config, rng)
                x = plan.make_input(rng, batch)
                _, y = pair.forward(x)
                grad = rng.normal(size=y.shape)
                dx, expected = pair.backward(grad)
                if not matches(dx, expected):
                    variants = plan.backward_variants(Case(x, config, pair.values, grad))
                    explanation = explain(dx, expected, "dx", variants, batch=batch)
                    p.fail_mismatch(_with_config(explanation, ctx, config, plan))
                user_grads, reference_grads = pair.param_grads()
                for name in names:
                    got = user_grads.get(name)
                    if got is None:
                        p.fail(f"no Param {name} after backward")
                    if not matches(got, reference_grads[name]):
                        p.fail_mismatch(_param_explanation(got, reference_grads[name], name, grad, batch))
        p.evidence = f"{len(plan.configs) * len(SEEDS)} cases agree"


def _param_explanation(got: np.ndarray, expected: np.ndarray, name: str, grad: np.ndarray,
                       batch: int) -> Explanation:
    variants = []
    if name == "b" and got.size == 1 and np.isclose(float(got.reshape(-1)[0]), float(grad.sum())):
        variants.append(Variant("db sums grad over everything: sum over the batch axis only "
                                f"(axis 0), giving shape {shape_text(expected.shape)}", got))
    return explain(got, expected, f"{name}.grad", variants, batch=batch)


def probe_grad_unchanged(ctx: ProbeContext, plan: LayerPlan) -> None:
    with ctx.probe("backward leaves the upstream gradient unchanged") as p:
        rng = np.random.default_rng(4)
        pair = LayerPair(ctx, plan.configs[0], rng)
        x = plan.make_input(rng, plan.batches[0])
        y, _ = pair.forward(x)
        grad = rng.normal(size=y.shape)
        returned = pair.user.call("backward", grad, return_args=True)
        after = returned.args[0].value if returned.args else grad
        if not np.array_equal(after, grad):
            p.fail(f"grad changed in place: {explain(after, grad, 'grad', compared=CHANGED_IN_PLACE).evidence}",
                   "backward modifies the upstream gradient in place: dx = grad makes dx the same array, so "
                   "dx[...] = 0 (or grad *= ...) changes the caller's grad", "Compute dx = grad * ... as a new array.")


def probe_accumulation(ctx: ProbeContext, plan: LayerPlan) -> None:
    with ctx.probe("two backward calls accumulate the parameter gradients (+=)") as p:
        rng = np.random.default_rng(5)
        pair = LayerPair(ctx, plan.configs[0], rng)
        x = plan.make_input(rng, plan.batches[0])
        _, y = pair.forward(x)
        grad = rng.normal(size=y.shape)
        pair.backward(grad)
        once, _ = pair.param_grads()
        pair.backward(grad)
        twice, reference = pair.param_grads()
        for name, expected in reference.items():
            got = twice.get(name)
            if got is None:
                p.fail(f"no Param {name}")
            if matches(got, expected):
                continue
            if matches(got, expected / 2) or (once.get(name) is not None and matches(got, once[name])):
                p.fail(f"after two backward calls {name}.grad equals one call's gradient",
                       f"parameter grads overwritten instead of accumulated: after two backward calls "
                       f"{name}.grad holds one call's gradient",
                       f"Write self.{name}.grad += d{name} (the caller zeroes grads with zero_grad()).")
            explanation = explain(got, expected, f"{name}.grad after two calls", batch=plan.batches[0])
            p.fail_mismatch(explanation)
        p.evidence = "grads after two calls = 2 × one call"


def probe_backward_repeatable(ctx: ProbeContext, plan: LayerPlan) -> None:
    with ctx.probe("backward called twice after one forward gives the same dx") as p:
        rng = np.random.default_rng(6)
        pair = LayerPair(ctx, plan.configs[0], rng)
        x = plan.make_input(rng, plan.batches[0])
        y, _ = pair.forward(x)
        grad = rng.normal(size=y.shape)
        first = pair.user.backward(grad)
        second = pair.user.backward(grad)
        if not matches(second, first):
            p.fail(f"second dx differs: {explain(second, first, 'dx').evidence}",
                   "backward changes the state forward kept (an in-place update of a stored array), so a "
                   "second call gives another dx")


def probe_own_gradients(ctx: ProbeContext, plan: LayerPlan) -> None:
    """Central differences of the user's own forward vs the user's backward, along random directions."""
    with ctx.probe("your backward agrees with numerical gradients of your forward (float64)") as p:
        rng = np.random.default_rng(7)
        pair = LayerPair(ctx, plan.configs[0], rng)
        user = pair.user
        x = plan.make_input(rng, plan.batches[0])
        y = user.forward(x)
        grad = rng.normal(size=y.shape)
        dx = user.backward(grad)
        grads = {name: g for name, (_, g) in user.params().items() if name in pair.values}

        def objective(x_in: np.ndarray) -> float:
            return float(np.sum(grad * user.forward(x_in)))

        worst = 0.0
        for name in ["x", *grads]:
            analytic_grad = dx if name == "x" else grads[name]
            base = x if name == "x" else pair.values[name]
            for _ in range(GRADCHECK_DIRECTIONS):
                direction = rng.normal(size=base.shape)
                values = []
                for sign in (1.0, -1.0):
                    moved = base + sign * GRADCHECK_EPS * direction
                    if name != "x":
                        user.set_params(data={name: moved})
                    values.append(objective(moved if name == "x" else x))
                if name != "x":
                    user.set_params(data={name: base})
                numeric = (values[0] - values[1]) / (2 * GRADCHECK_EPS)
                analytic = float(np.sum(analytic_grad * direction)) if analytic_grad.shape == base.shape else np.nan
                error = abs(analytic - numeric) / (abs(analytic) + abs(numeric) + 1e-8)
                worst = max(worst, error)
                if not error < 1e-5:
                    label = "dx" if name == "x" else f"{name}.grad"
                    p.fail(f"{label} along a random direction: your backward {fmt(analytic)}, numerical "
                           f"{fmt(numeric)}")
        p.evidence = f"relative error ≤ {worst:.1e}"


def probe_batch_of_one(ctx: ProbeContext, plan: LayerPlan) -> None:
    with ctx.probe("a batch of 1 works (forward and backward)") as p:
        rng = np.random.default_rng(8)
        pair = LayerPair(ctx, plan.configs[0], rng)
        x = plan.make_input(rng, 1)
        y, expected = pair.forward(x)
        if not matches(y, expected):
            variants = plan.forward_variants(Case(x, plan.configs[0], pair.values))
            p.fail_mismatch(explain(y, expected, "forward output for a batch of 1", variants))
        grad = rng.normal(size=expected.shape)
        dx, expected_dx = pair.backward(grad)
        if not matches(dx, expected_dx):
            p.fail_mismatch(explain(dx, expected_dx, "dx for a batch of 1"))
        user_grads, reference_grads = pair.param_grads()
        for name, expected_grad in reference_grads.items():
            if not matches(user_grads.get(name, np.array(np.nan)), expected_grad):
                p.fail_mismatch(explain(user_grads.get(name, np.array(np.nan)), expected_grad,
                                        f"{name}.grad for a batch of 1"))


def probe_huge_inputs(ctx: ProbeContext, plan: LayerPlan) -> None:
    assert plan.huge_input is not None
    with ctx.probe("huge inputs (|x| ~ 1000) give finite, correct outputs and gradients") as p:
        rng = np.random.default_rng(9)
        pair = LayerPair(ctx, plan.configs[0], rng)
        x = plan.huge_input(rng)
        y, expected = pair.forward(x)
        if not np.isfinite(y).all():
            p.fail(explain(y, expected, "output").evidence, plan.overflow_message, plan.overflow_hint)
        if not matches(y, expected):
            p.fail_mismatch(explain(y, expected, "forward output for huge inputs"))
        grad = rng.normal(size=expected.shape)
        dx, expected_dx = pair.backward(grad)
        if not np.isfinite(dx).all():
            p.fail(explain(dx, expected_dx, "dx").evidence, plan.overflow_message, plan.overflow_hint)
        if not matches(dx, expected_dx):
            p.fail_mismatch(explain(dx, expected_dx, "dx for huge inputs"))



def shapes_text(shapes: tuple[tuple[int, ...], ...]) -> str:
    return ", ".join(shape_text(shape) for shape in shapes)


def probe_any_shape(ctx: ProbeContext, plan: LayerPlan) -> None:
    """An element-wise layer promises any shape: on 1-D, 3-D and 4-D inputs, forward and backward give what
    they give for the same numbers laid out as one (1, n) row (the values themselves are other probes' job)."""
    assert plan.make_shaped is not None
    with ctx.probe(f"any shape: {shapes_text(plan.any_shapes)} inputs, forward and backward") as p:
        rng = np.random.default_rng(12)
        for shape in plan.any_shapes:
            x = plan.make_shaped(rng, shape)
            grad = rng.normal(size=shape)
            row = LayerPair(ctx, plan.configs[0], rng).user
            y_row = row.forward(x.reshape(1, -1))  # a failure here already is not about shapes
            dx_row = row.backward(grad.reshape(1, -1))
            layer = LayerPair(ctx, plan.configs[0], rng).user
            try:
                y = layer.forward(x)
                dx = layer.backward(grad)
            except UserCodeFailed as exc:
                p.fail(f"input of shape {shape_text(shape)}: {exc.evidence}",
                       f"the layer breaks on an input of shape {shape_text(shape)} ({exc.evidence}): the contract "
                       f"says any shape — do not unpack x.shape into (N, D) or index x.shape[1]",
                       "Element-wise operations need no shape: np.maximum(x, 0), x * mask, np.where(...) work on "
                       "any x.", traceback=exc.info.get("traceback") or None)
            for got, want, what in ((y, y_row, "forward output"), (dx, dx_row, "dx")):
                if got.shape != shape or not matches(got, want.reshape(shape)):
                    evidence = (f"shape {shape_text(got.shape)}" if got.shape != shape
                                else explain(got, want.reshape(shape), what).evidence)
                    p.fail(f"input {shape_text(shape)}: {evidence}",
                           f"the {what} for an input of shape {shape_text(shape)} is not what the same numbers give "
                           f"as one row ({evidence}): an element-wise layer must treat every shape alike")
        p.evidence = f"{len(plan.any_shapes)} shapes agree"
