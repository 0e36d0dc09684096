"""Numerical gradient checking: compare backward's gradients with centred differences in float64.

For a layer y = f(x; params) pick a random upstream gradient g (the shape of y) and look at the scalar
s = <g, f(x)>. Its exact gradients are what backward(g) returns (dx) and accumulates (param.grad).
Numerically, along a direction v:

    <ds/dT, v>  ≈  (s(T + eps·v) - s(T - eps·v)) / (2·eps)       (error O(eps²))

- full mode (fast=False): v runs over every element of every tensor -> 2 forwards per element.
- fast mode (fast=True): one random direction v per tensor -> 2 forwards per tensor, whatever its
  size, comparing the analytic <grad, v> with the difference quotient.

What can be checked (the target is never modified: gradcheck works on a float64 deep copy):
- a Layer: `gradcheck(layer, x)`: dx and every Param's grad (forward must be deterministic:
  check Dropout in eval mode, or a layer without it); a layer of several inputs whose backward returns
  a tuple (ScaledDotProductAttention: `gradcheck(layer, q, k, v, mask)`) gets every floating input
  checked;
- a Loss: `gradcheck(loss, pred, target)`: d loss / d pred (s = u · loss with a random scalar u);
- a plain function `fn(*inputs) -> (y, backward)` where `backward(g)` returns dx for a single input
  or a tuple with one dx per input (None for inputs that have no gradient): every floating input.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from quizprep.engine.backend import (
    Array,
    Rng,
    clone,
    convert,
    is_array,
    is_floating,
    is_torch,
    namespace,
    to_float,
)
from quizprep.engine.base import Layer
from quizprep.engine.losses import Loss

Index = tuple[int, ...] | str


@dataclass
class TensorCheck:
    """The comparison for one tensor (an input or a Param)."""

    name: str
    shape: tuple[int, ...]
    ok: bool
    rel_error: float  # ||analytic - numeric|| / (||analytic|| + ||numeric||)
    max_abs_error: float
    worst: list[tuple[Index, float, float]]  # (index, analytic, numeric), worst first


@dataclass
class GradcheckReport:
    """All tensor checks of one gradcheck call; truthy when every tensor passed."""

    checks: list[TensorCheck]
    fast: bool
    evaluations: int  # forward passes spent on numerical derivatives
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    def __bool__(self) -> bool:
        return self.ok

    @property
    def failures(self) -> list[TensorCheck]:
        return [check for check in self.checks if not check.ok]

    def __getitem__(self, name: str) -> TensorCheck:
        for check in self.checks:
            if check.name == name:
                return check
        raise KeyError(name)

    def __str__(self) -> str:
        mode = "fast (random directions)" if self.fast else "full (every element)"
        lines = [f"gradcheck {mode}, {self.evaluations} forward passes: {'ok' if self.ok else 'FAILED'}"]
        for c in self.checks:
            line = f"  {'ok  ' if c.ok else 'FAIL'}  {c.name:<16} {c.shape!s:<14} rel error {c.rel_error:.2e}"
            if not c.ok and c.worst:
                index, analytic, numeric = c.worst[0]
                line += f"   worst {index}: analytic {analytic:.6g}, numeric {numeric:.6g}"
            lines.append(line)
        lines.extend(f"  note: {note}" for note in self.notes)
        return "\n".join(lines)


class _Slot:
    """One checked tensor: how to read and replace its value, and its analytic gradient."""

    def __init__(self, name: str, get: Callable[[], Array], put: Callable[[Array], None],
                 analytic: Array) -> None:
        self.name, self.get, self.put, self.analytic = name, get, put, analytic


def gradcheck(target: Layer | Callable[..., Any], *inputs: Any, eps: float = 1e-6, atol: float = 1e-5,
              rtol: float = 1e-3, fast: bool = True, seed: int = 0, n_worst: int = 3) -> GradcheckReport:
    """Check the gradients of a Layer, a Loss or a function `fn(*inputs) -> (y, backward)`.

    Entries pass when |analytic - numeric| <= atol + rtol·|numeric|. Returns a GradcheckReport
    (truthy on success) with each tensor's relative error and its worst entries.
    """
    rng = Rng(seed)
    args = [convert(x, dtype="float64") if is_array(x) and is_floating(x) else x for x in inputs]
    notes: list[str] = []

    if isinstance(target, Layer):
        model = copy.deepcopy(target).to(dtype="float64")
        model.zero_grad()
        if isinstance(model, Loss):
            out = model.forward(*args)
            upstream: Any = to_float(rng.normal((1,), like=out))
            dx = model.backward(upstream)

            def scalar() -> float:
                return upstream * to_float(model.forward(*args))
        else:
            out = model.forward(*args)
            upstream = rng.normal(tuple(out.shape), like=out)
            dx = model.backward(upstream)

            def scalar() -> float:
                return to_float(namespace(upstream).sum(upstream * model.forward(*args)))

        slots = []
        if isinstance(dx, (tuple, list)):  # a layer of several inputs (attention): one dx per input
            slots.extend(_input_slot(f"input[{i}]", args, i, g) for i, g in enumerate(dx)
                         if g is not None and is_array(args[i]) and is_floating(args[i]))
        elif dx is None:
            notes.append("backward returned None (needs_input_grad=False or integer input): input not checked")
        else:
            slots.append(_input_slot("input", args, 0, dx))
        for name, param in model.named_parameters():
            slots.append(_Slot(name, lambda p=param: p.data, lambda v, p=param: setattr(p, "data", v),
                               clone(param.grad)))
    elif callable(target):
        out, backward = target(*args)
        upstream = rng.normal(tuple(out.shape), like=out)
        grads = backward(upstream)
        grads = grads if isinstance(grads, (tuple, list)) else (grads,)
        slots = [_input_slot("input" if len(args) == 1 else f"input[{i}]", args, i, g)
                 for i, g in enumerate(grads) if g is not None and is_array(args[i]) and is_floating(args[i])]

        def scalar() -> float:
            return to_float(namespace(upstream).sum(upstream * target(*args)[0]))
    else:
        raise TypeError(f"gradcheck needs a Layer, a Loss or a function, got {type(target).__name__}")

    counter = _Counter(scalar)
    check = _check_fast if fast else _check_full
    checks = [check(slot, counter, rng, eps, atol, rtol, n_worst) for slot in slots]
    return GradcheckReport(checks, fast, counter.calls, notes)


def _input_slot(name: str, args: list[Any], i: int, grad: Array) -> _Slot:
    return _Slot(name, lambda: args[i], lambda v: args.__setitem__(i, v), grad)


class _Counter:
    def __init__(self, fn: Callable[[], float]) -> None:
        self.fn, self.calls = fn, 0

    def __call__(self) -> float:
        self.calls += 1
        return self.fn()


def _check_fast(slot: _Slot, f: _Counter, rng: Rng, eps: float, atol: float, rtol: float,
                n_worst: int) -> TensorCheck:
    value = slot.get()
    v = rng.normal(tuple(value.shape), like=value)
    analytic = to_float(namespace(v).sum(slot.analytic * v))  # <grad, v>
    slot.put(value + eps * v)
    f_plus = f()
    slot.put(value - eps * v)
    f_minus = f()
    slot.put(value)
    numeric = (f_plus - f_minus) / (2.0 * eps)
    error = abs(analytic - numeric)
    ok = bool(np.isfinite(analytic) and error <= atol + rtol * abs(numeric))
    rel = error / max(abs(analytic) + abs(numeric), np.finfo(np.float64).tiny)
    return TensorCheck(slot.name, tuple(value.shape), ok, rel, error, [("<grad, v>", analytic, numeric)])


def _check_full(slot: _Slot, f: _Counter, rng: Rng, eps: float, atol: float, rtol: float,
                n_worst: int) -> TensorCheck:
    value = slot.get()
    work = clone(value)
    if is_torch(work):
        work = work.contiguous()
    slot.put(work)
    flat = namespace(work).reshape(work, (-1,))  # a view: writing flat[i] changes work
    numeric = np.empty(flat.shape[0])
    for i in range(flat.shape[0]):
        original = to_float(flat[i])
        flat[i] = original + eps
        f_plus = f()
        flat[i] = original - eps
        f_minus = f()
        flat[i] = original
        numeric[i] = (f_plus - f_minus) / (2.0 * eps)
    slot.put(value)

    analytic = np.asarray(convert(slot.analytic, "numpy"), dtype=np.float64).reshape(-1)
    error = np.abs(analytic - numeric)
    excess = error - (atol + rtol * np.abs(numeric))
    ok = bool(np.all(np.isfinite(analytic)) and np.all(excess <= 0))
    denominator = np.linalg.norm(analytic) + np.linalg.norm(numeric)
    rel = float(np.linalg.norm(analytic - numeric) / denominator) if denominator > 0 else 0.0
    shape = tuple(value.shape)
    worst = []
    for i in np.argsort(-np.nan_to_num(excess, nan=np.inf))[:n_worst]:
        index = tuple(int(k) for k in np.unravel_index(int(i), shape)) if shape else ()
        worst.append((index, float(analytic[i]), float(numeric[i])))
    return TensorCheck(slot.name, shape, ok, rel, float(error.max(initial=0.0)), worst)
