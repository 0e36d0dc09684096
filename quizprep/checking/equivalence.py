"""Is an answer equal to the reference? Numeric refutation first, then a cheap symbolic proof.

A wrong verdict on a right answer is the worst bug this product can have, so "different" is only said
with a counterexample: a point drawn from the declared domains where both sides are defined and differ
by more than the tolerance plus the error bounds of both values (see evaluation.py; points that lose
too many digits are evaluated again with more, or left out), confirmed once more with 100 extra digits.
Points where the reference is undefined are redrawn; points where only the answer is undefined mean its
domain is wrong. Answers with kinks (Heaviside, Piecewise, max, abs) are compared almost everywhere:
the value at the kink is a convention.

Matrices get random entries and distinct sizes per dimension (N=5, D=3, M=2...), so that a missing
transpose shows up as a wrong shape before any number is compared.
"""

from __future__ import annotations

import math
import random
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any, Literal

import mpmath
import sympy
from sympy.core.relational import Relational

from quizprep.bank.model import Text
from quizprep.checking.evaluation import (
    Overflow,
    Uncertain,
    Undefined,
    Unsupported,
    evaluate,
    evaluate_matrix,
    evaluate_with_error,
)
from quizprep.checking.functions import elementary
from quizprep.checking.messages import text
from quizprep.checking.parser import dimension_symbol, shape_text
from quizprep.checking.timebox import PROOF_SECONDS, TOOK_TOO_LONG, TOTAL_SECONDS, run_streaming

POINTS = 20  # sample points for a scalar comparison
MIN_POINTS = 5  # fewer usable points than this decides nothing
WIDER_POINTS = 3  # points where only the answer is defined that make a domain mismatch
MATRIX_TRIALS = 3  # random instances of the matrices
DIGITS, CONFIRM_DIGITS = 50, 100
MAX_DIGITS = 1500  # most digits spent on one point before it is left out
REL_TOL, ABS_TOL = mpmath.mpf("1e-15"), mpmath.mpf("1e-30")
MATRIX_REL_TOL = 1e-9
SHOWN_POINT_DIGITS = (3, 4, 6, 10)  # significant digits tried for the point a counterexample shows
SIZES = (5, 3, 2, 4, 6, 7, 8, 9, 10, 11)  # distinct sizes for the dimensions, in order of appearance
NONSMOOTH = (sympy.Heaviside, sympy.Piecewise, sympy.Max, sympy.Min, sympy.Abs, sympy.sign, sympy.DiracDelta)

Status = Literal["equal", "different", "unknown"]


@dataclass
class EquivalenceResult:
    """Whether an answer equals the reference, how that was established, and why not.

    status: 'equal', 'different', or 'unknown' (nothing could be compared, or it took too long).
    method: 'proved' or 'checked at N points' (for 'equal').
    counterexample: variable -> value, with 'yours' and 'expected', where they differ.
    issue: for 'different' or 'unknown': 'shape', 'transposed', 'domain', 'values', 'unsupported', 'timeout'.
    message: what the issue means for the user (shapes, domain), in English and Russian.
    notes: remarks that do not change the status, e.g. the value at a kink is a convention.
    """

    status: Status
    method: str | None = None
    counterexample: dict[str, str] | None = None
    issue: str | None = None
    message: Text | None = None
    notes: list[Text] = field(default_factory=list)

    @property
    def equal(self) -> bool:
        return self.status == "equal"


@dataclass
class Sample:
    """One point of a scalar comparison: the values drawn and both sides' values (None: undefined)."""

    point: dict[sympy.Symbol, Any]
    expected: Any
    yours: Any


@dataclass
class Comparison:
    """The result plus what diagnosis needs: the prepared expressions and the sample points."""

    result: EquivalenceResult
    answer: sympy.Basic
    reference: sympy.Basic
    domains: dict[str, str]
    samples: list[Sample] = field(default_factory=list)


def check_equivalence(answer: sympy.Basic, reference: sympy.Basic, symbols: Mapping[str, str] | None = None,
                      *, prove: bool = True, timeout: float | None = TOTAL_SECONDS,
                      seed: int | None = None) -> EquivalenceResult:
    """Compare two parsed expressions (see `parse_expression`) over the declared domains.

    symbols: name -> domain for sampling (undeclared names are real); matrix shapes come with the
    expressions' matrix symbols. The work runs in a killable worker capped at `timeout` seconds (None:
    in this process, no cap); a proof that overruns leaves the numeric verdict ('checked at N points').

        >>> check_equivalence(parse_expression("sech(x)^2"), parse_expression("1 - tanh(x)^2")).method
        'proved'
    """
    outcome = run_streaming(_equivalence_stream, answer, reference, dict(symbols or {}), prove, seed,
                            timeout=timeout, grace=PROOF_SECONDS)
    if outcome.value is None:
        return EquivalenceResult("unknown", issue="timeout", message=TOOK_TOO_LONG)
    return outcome.value


def _equivalence_stream(answer: sympy.Basic, reference: sympy.Basic, symbols: dict[str, str], prove: bool,
                        seed: int | None) -> Iterator[tuple[EquivalenceResult, bool]]:
    comparison = compare(answer, reference, symbols, seed=seed)
    yield comparison.result, True
    if prove and comparison.result.equal and prove_equal(comparison.answer, comparison.reference):
        yield replace(comparison.result, method="proved"), True


def prepare(expr: sympy.Basic) -> sympy.Basic:
    """Carry out the derivatives a step asks for (diff(f, x)), leaving everything else as typed."""
    return expr.doit() if expr.has(sympy.Derivative) else expr


def compare(answer: sympy.Basic, reference: sympy.Basic, domains: Mapping[str, str], *, seed: int | None = None,
            points: int = POINTS) -> Comparison:
    """The numeric comparison of `answer` with `reference` (no proof), with its samples for diagnosis.

    The points are drawn per check: seeded by the two expressions (the same check always draws the same
    points, another check others), or by `seed`."""
    if seed is None:
        seed = zlib.crc32(f"{sympy.srepr(answer)}|{sympy.srepr(reference)}".encode())
    answer, reference = prepare(answer), prepare(reference)
    domains = dict(domains)
    if isinstance(answer, sympy.MatrixExpr) or isinstance(reference, sympy.MatrixExpr):
        result, entries = _compare_matrices(answer, reference, domains, seed)
        return Comparison(result, answer, reference, domains, entries)
    if not scalar_symbols(answer, reference):
        return Comparison(compare_constants(answer, reference), answer, reference, domains)
    rng = random.Random(seed)
    try:
        samples = draw_samples(answer, reference, domains, rng, points)
    except Unsupported as exc:
        return Comparison(EquivalenceResult("unknown", issue="unsupported", message=_cannot_evaluate(exc)),
                          answer, reference, domains)
    comparison = Comparison(_judge(answer, reference, samples), answer, reference, domains,
                            [s for s in samples if s.expected is not None])
    if comparison.result.equal:
        comparison.result.notes += kink_notes(answer, reference, domains)
    return comparison


# ---------------------------------------------------------------- constants

CONSTANT_DIGITS = (50, 200, 1000)  # digits tried in turn before two constants count as equal


def compare_constants(answer: sympy.Basic, reference: sympy.Basic) -> EquivalenceResult:
    """Two constants (rationals, powers, π, e, radicals...) compared exactly, never within a tolerance:
    99999999/10^8 is not 99999998/99999999. Rationals are compared as fractions; anything else is
    evaluated with the error bound of evaluation.py at more and more digits: different as soon as the
    gap exceeds both bounds, equal when it stays within them at 1000 digits (and SymPy may prove it)."""
    if answer.is_Rational and reference.is_Rational:
        if answer == reference:
            return EquivalenceResult("equal", method="proved")
        shown = _distinct_texts(_mpf(answer), _mpf(reference))
        return EquivalenceResult("different", counterexample={"yours": shown[0], "expected": shown[1]},
                                 issue="values")
    for digits in CONSTANT_DIGITS:
        try:
            expected, expected_error = evaluate_with_error(reference, {}, digits)
        except Undefined:
            return EquivalenceResult("unknown", issue="unsupported", message=Text(
                "the expected value is not a real number", "ожидаемое значение — не вещественное число"))
        except (Uncertain, Unsupported) as exc:
            return EquivalenceResult("unknown", issue="unsupported", message=_cannot_evaluate(exc))
        try:
            yours, yours_error = evaluate_with_error(answer, {}, digits)
        except Undefined:
            return EquivalenceResult("different", counterexample={"yours": "undefined",
                                                                  "expected": _number_text(expected)},
                                     issue="domain", message=Text(
                                         "Your answer has no real value.", "У вашего ответа нет вещественного значения."))
        except (Uncertain, Unsupported) as exc:
            return EquivalenceResult("unknown", issue="unsupported", message=_cannot_evaluate(exc))
        slack = expected_error + yours_error + mpmath.mpf(10) ** (10 - digits) * max(abs(expected), abs(yours))
        if abs(yours - expected) > slack:
            shown = _distinct_texts(yours, expected)
            return EquivalenceResult("different", counterexample={"yours": shown[0], "expected": shown[1]},
                                     issue="values")
    return EquivalenceResult("equal", method=f"checked to {CONSTANT_DIGITS[-1]} digits")


def _distinct_texts(a: Any, b: Any) -> tuple[str, str]:
    """The two values with as few digits as tell them apart (6 at least, 25 at most)."""
    for digits in (6, 10, 15, 20, 25):
        shown = mpmath.nstr(a, digits), mpmath.nstr(b, digits)
        if shown[0] != shown[1]:
            break
    return shown[0].removesuffix(".0"), shown[1].removesuffix(".0")


def _mpf(value: sympy.Rational) -> Any:
    with mpmath.workdps(40):
        return mpmath.mpf(int(value.p)) / int(value.q)


# ---------------------------------------------------------------- scalars


def draw_value(domain: str, rng: random.Random) -> float:
    """A random value from a domain: mostly moderate, sometimes wide (|x| up to 40) to test stability."""
    u = rng.random()
    if domain == "probability":
        if u < 0.8:
            return rng.uniform(0.02, 0.98)
        tail = math.exp(rng.uniform(math.log(1e-4), math.log(0.02)))
        return tail if rng.random() < 0.5 else 1 - tail
    if domain in ("positive", "nonnegative", "negative"):
        magnitude = rng.uniform(0.05, 3) if u < 0.6 else math.exp(rng.uniform(math.log(1e-3), math.log(40)))
        return -magnitude if domain == "negative" else magnitude
    if u < 0.6:
        return rng.uniform(-3, 3)
    return rng.uniform(-10, 10) if u < 0.85 else rng.uniform(-40, 40)


def scalar_symbols(*exprs: sympy.Basic) -> list[sympy.Symbol]:
    """The variables of the expressions (matrix dimensions left out), in a stable order."""
    found: set[sympy.Symbol] = set()
    for expr in exprs:
        found |= {s for s in expr.free_symbols if isinstance(s, sympy.Symbol) and not s.is_integer}
    return sorted(found, key=lambda s: s.name)


def draw_samples(answer: sympy.Basic, reference: sympy.Basic, domains: Mapping[str, str], rng: random.Random,
                 points: int = POINTS) -> list[Sample]:
    """`points` samples where both values can be trusted, redrawing where the reference is undefined.

    A value is trusted when its error bound is a quarter of the comparison's tolerance; otherwise both
    sides are evaluated again with as many more digits as the bound says were lost (up to MAX_DIGITS).
    """
    variables = scalar_symbols(answer, reference)
    samples: list[Sample] = []
    wider: list[Sample] = []  # points where only the answer is defined
    for _ in range(points * 6):
        if len(samples) == points:
            break
        point = {s: mpmath.mpf(draw_value(domains.get(s.name, "real"), rng)) for s in variables}
        sample = _sample_at(answer, reference, point)
        if sample is not None:
            (wider if sample.expected is None else samples).append(sample)
    return samples + wider[:WIDER_POINTS]


def _sample_at(answer: sympy.Basic, reference: sympy.Basic, point: dict[sympy.Symbol, Any]) -> Sample | None:
    digits = DIGITS
    while digits <= MAX_DIGITS:
        try:
            expected, expected_error = evaluate_with_error(reference, point, digits)
            yours, yours_error = evaluate_with_error(answer, point, digits)
        except (Overflow, Uncertain):  # beyond 10^30000, or rounding decides: no verdict from this point
            return None
        except Undefined:
            return _undefined_answer(answer, reference, point)
        lost = (expected_error + yours_error) / tolerance(yours, expected)
        if lost <= 0.25:
            return Sample(point, expected, yours)
        digits += int(mpmath.log10(lost)) + 15 if mpmath.isfinite(lost) else MAX_DIGITS
    return None


def _undefined_answer(answer: sympy.Basic, reference: sympy.Basic, point: dict[sympy.Symbol, Any]) -> Sample | None:
    """A sample saying 'the answer is undefined here' when the reference is defined and that is certain."""
    try:
        expected = evaluate(reference, point, CONFIRM_DIGITS)
    except Overflow:
        return None
    except Undefined:
        return _defined_answer(answer, point)
    except Uncertain:
        return None
    try:
        evaluate(answer, point, CONFIRM_DIGITS)
    except Overflow:
        return None
    except Undefined:
        return Sample(point, expected, None)
    except Uncertain:
        return None
    return None  # defined at more digits: undecided, leave the point out


def _defined_answer(answer: sympy.Basic, point: dict[sympy.Symbol, Any]) -> Sample | None:
    """A sample saying 'only the answer is defined here' (expected None), when that is certain."""
    try:
        return Sample(point, None, evaluate(answer, point, CONFIRM_DIGITS))
    except (Undefined, Uncertain):
        return None


def tolerance(a: Any, b: Any) -> Any:
    """How far apart two values may be and still count as equal: relative, with a floor near zero."""
    return ABS_TOL + REL_TOL * max(abs(a), abs(b))


def close(a: Any, b: Any) -> bool:
    """Equal up to the rounding of 50-digit arithmetic (relative, with an absolute floor near zero)."""
    return abs(a - b) <= tolerance(a, b)


def _judge(answer: sympy.Basic, reference: sympy.Basic, samples: list[Sample]) -> EquivalenceResult:
    """Different at the first point that says so; else equal, noting a region where only the answer is
    defined (log(a²b) is 2·log(a) + log(b) wherever the latter is defined: right, on a wider domain)."""
    wider = [s for s in samples if s.expected is None]
    samples = [s for s in samples if s.expected is not None]
    if len(samples) < MIN_POINTS:
        return EquivalenceResult("unknown", issue="unsupported", message=Text(
            "could not evaluate both expressions at enough points (values undefined or astronomically large)",
            "не удалось вычислить оба выражения в достаточном числе точек (значения не определены или "
            "астрономически велики)"))
    for sample in samples:
        if sample.yours is None:
            return EquivalenceResult("different", counterexample=_point_text(sample.point) | {
                "yours": "undefined", "expected": _number_text(sample.expected)}, issue="domain",
                message=_domain_message(sample))
        if not close(sample.yours, sample.expected) and _confirm_mismatch(answer, reference, sample):
            return EquivalenceResult("different", counterexample=_shown_counterexample(answer, reference, sample),
                                     issue="values")
    defined = sum(1 for s in samples if s.yours is not None)
    notes = [_wider_message(wider[0])] if len(wider) >= WIDER_POINTS else []
    return EquivalenceResult("equal", method=f"checked at {defined} points", notes=notes)


def _confirm_mismatch(answer: sympy.Basic, reference: sympy.Basic, sample: Sample) -> bool:
    """Belt and braces: the difference still exceeds tolerance plus both error bounds at 100 more digits."""
    digits = DIGITS + CONFIRM_DIGITS
    try:
        yours, yours_error = evaluate_with_error(answer, sample.point, digits)
        expected, expected_error = evaluate_with_error(reference, sample.point, digits)
    except (Undefined, Uncertain):
        return False
    return bool(abs(yours - expected) > tolerance(yours, expected) + yours_error + expected_error)


def _shown_counterexample(answer: sympy.Basic, reference: sympy.Basic, sample: Sample) -> dict[str, str]:
    """The counterexample as the user reads it: a point with as few digits as still shows the mismatch,
    and both values computed at that shown point, so that "x = 3.25, yours = -3.25" adds up (a value
    computed at the unrounded 3.24573 next to "x = 3.25" does not)."""
    for digits in SHOWN_POINT_DIGITS:
        point = {s: mpmath.mpf(mpmath.nstr(v, digits)) for s, v in sample.point.items()}
        try:
            expected, yours = evaluate(reference, point, DIGITS), evaluate(answer, point, DIGITS)
        except (Overflow, Uncertain, Undefined):
            continue
        shown = Sample(point, expected, yours)
        if not close(yours, expected) and _confirm_mismatch(answer, reference, shown):
            return {s.name: mpmath.nstr(v, digits, min_fixed=-4, max_fixed=6) for s, v in point.items()} | {
                "yours": _number_text(yours), "expected": _number_text(expected)}
    return {s.name: mpmath.nstr(v, 17, min_fixed=-4, max_fixed=6) for s, v in sample.point.items()} | {
        "yours": _number_text(sample.yours), "expected": _number_text(sample.expected)}


def _domain_message(sample: Sample) -> Text:
    where = ", ".join(f"{k} = {v}" for k, v in _point_text(sample.point).items())
    return text("domain_mismatch", where=where, value=_number_text(sample.expected))


def _wider_message(sample: Sample) -> Text:
    where = ", ".join(f"{k} = {v}" for k, v in _point_text(sample.point).items())
    return text("domain_wider", where=where, value=_number_text(sample.yours))


def _cannot_evaluate(exc: Exception) -> Text:
    return Text(f"could not evaluate the expression ({exc})", f"не удалось вычислить выражение ({exc})")


def _number_text(value: Any) -> str:
    text = mpmath.nstr(value, 6, min_fixed=-4, max_fixed=6)
    return text.removesuffix(".0")


def _point_text(point: Mapping[sympy.Symbol, Any]) -> dict[str, str]:
    return {s.name: mpmath.nstr(v, 3, min_fixed=-4, max_fixed=6) for s, v in point.items()}


def constant_text(value: Any) -> str:
    """A constant for feedback: a simple fraction when it is one (-1, 2, 1/2), else 4 significant digits."""
    number = float(value)
    fraction = Fraction(number).limit_denominator(100)
    if abs(float(fraction) - number) <= 1e-9 * max(1.0, abs(number)):
        return str(fraction)
    return mpmath.nstr(value, 4)


# ---------------------------------------------------------------- kinks


def kink_notes(answer: sympy.Basic, reference: sympy.Basic, domains: Mapping[str, str]) -> list[Text]:
    """A note when either side has a kink or a jump: the value exactly there is a convention."""
    if not (answer.has(*NONSMOOTH) or reference.has(*NONSMOOTH)):
        return []
    kinks = sorted(_kinks(answer) | _kinks(reference), key=str)
    if not kinks:
        return [Text("The value exactly at a kink is a convention: it does not affect the grade.",
                     "Значение ровно в точке излома — соглашение: на оценку оно не влияет.")]
    symbol, at = kinks[0]
    where = f"{symbol} = {at}"
    values = [_value_at(expr, symbol, at) for expr in (answer, reference)]
    differ = values[0] != values[1] and None not in values
    detail_en = f" (yours gives {values[0]}, the reference {values[1]})" if differ else ""
    detail_ru = f" (у вас {values[0]}, в эталоне {values[1]})" if differ else ""
    return [Text(f"The value at {where} (the kink) is a convention{detail_en}; frameworks usually take 0 "
                 f"there. It does not affect the grade.",
                 f"Значение в точке {where} (излом) — соглашение{detail_ru}; фреймворки обычно берут там 0. "
                 f"На оценку это не влияет.")]


def _value_at(expr: sympy.Basic, symbol: sympy.Symbol, at: sympy.Rational) -> str | None:
    if set(scalar_symbols(expr)) - {symbol}:
        return None
    try:
        return _number_text(evaluate(expr, {symbol: mpmath.mpf(int(at.p)) / int(at.q)}, DIGITS))
    except Undefined:
        return "undefined"
    except (Unsupported, Uncertain):
        return None


def _kinks(expr: sympy.Basic) -> set[tuple[sympy.Symbol, sympy.Rational]]:
    """(variable, point) for the kinks whose location is a linear equation in one variable."""
    edges: list[sympy.Basic] = []
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, (sympy.Heaviside, sympy.Abs, sympy.sign, sympy.DiracDelta)):
            edges.append(node.args[0])
        elif isinstance(node, (sympy.Max, sympy.Min)) and len(node.args) == 2:
            edges.append(node.args[0] - node.args[1])
        elif isinstance(node, Relational):
            edges.append(node.lhs - node.rhs)
    found = set()
    for edge in edges:
        variables = scalar_symbols(edge)
        if len(variables) == 1:
            poly = sympy.Poly(edge, variables[0]) if edge.is_polynomial(variables[0]) else None
            if poly is not None and poly.degree() == 1:
                root = -poly.nth(0) / poly.nth(1)
                if root.is_Rational:
                    found.add((variables[0], root))
    return found


# ---------------------------------------------------------------- proof


def prove_equal(answer: sympy.Basic, reference: sympy.Basic) -> bool:
    """True when SymPy shows answer − reference = 0; False when it cannot (which proves nothing).

    Expressions with kinks are left to the numeric check: they are equal only almost everywhere.
    """
    answer, reference = prepare(answer), prepare(reference)
    if answer == reference:
        return True
    if isinstance(answer, sympy.MatrixExpr) or isinstance(reference, sympy.MatrixExpr):
        difference = (answer - reference).doit()
        return bool(difference == 0 or isinstance(difference, sympy.ZeroMatrix)
                    or isinstance(difference.expand().doit(), sympy.ZeroMatrix))
    if answer.has(*NONSMOOTH) or reference.has(*NONSMOOTH):
        return False
    difference = elementary(answer) - elementary(reference)
    attempts = (lambda d: d, sympy.cancel, lambda d: sympy.cancel(d.rewrite(sympy.exp)), sympy.simplify)
    return any(attempt(difference) == 0 for attempt in attempts)


# ---------------------------------------------------------------- matrices


def matrix_sizes(*exprs: sympy.Basic) -> dict[sympy.Symbol, int]:
    """Distinct sizes for the dimension symbols (N=5, D=3, M=2, ...), in order of first appearance."""
    names: list[str] = []
    for expr in exprs:
        for matrix in sorted(expr.atoms(sympy.MatrixSymbol), key=lambda m: m.name):
            for dim in matrix.shape:
                if str(dim) not in names:
                    names.append(str(dim))
    return {dimension_symbol(name): SIZES[i % len(SIZES)] + 10 * (i // len(SIZES)) for i, name in enumerate(names)}


def _shape(expr: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic] | None:
    return tuple(expr.shape) if isinstance(expr, sympy.MatrixExpr) else None  # type: ignore[return-value]


def _compare_matrices(answer: sympy.Basic, reference: sympy.Basic, domains: Mapping[str, str],
                      seed: int) -> tuple[EquivalenceResult, list[Sample]]:
    """Shapes first, then the entries for a few random instances; the entries compared come back as
    samples (one per entry) for diagnosis."""
    import numpy as np

    shapes = _shape(answer), _shape(reference)
    if shapes[0] != shapes[1]:
        return EquivalenceResult("different", issue="transposed" if shapes[0] == (shapes[1] or ())[::-1]
                                 else "shape", message=shape_message(shapes[0], shapes[1], reference)), []
    sizes = matrix_sizes(answer, reference)
    rng = np.random.default_rng(seed)
    py_rng = random.Random(seed)
    variables = scalar_symbols(answer, reference)
    matrices = sorted(answer.atoms(sympy.MatrixSymbol) | reference.atoms(sympy.MatrixSymbol), key=lambda m: m.name)
    entries: list[Sample] = []
    for _ in range(MATRIX_TRIALS):
        arrays = {m.name: rng.standard_normal((sizes[m.shape[0]], sizes[m.shape[1]])) for m in matrices}
        scalars = {s: mpmath.mpf(draw_value(domains.get(s.name, "real"), py_rng)) for s in variables}
        try:
            expected = np.asarray(evaluate_matrix(reference, arrays, sizes, scalars), dtype=float)
            yours = np.asarray(evaluate_matrix(answer, arrays, sizes, scalars), dtype=float)
        except (Undefined, Uncertain):
            continue
        except Unsupported as exc:
            return EquivalenceResult("unknown", issue="unsupported", message=_cannot_evaluate(exc)), entries
        entries += [Sample({}, mpmath.mpf(e), mpmath.mpf(y)) for e, y in zip(expected.flat, yours.flat)]
        scale = max(1.0, float(np.max(np.abs(expected))) if expected.size else 1.0)
        if not np.allclose(yours, expected, rtol=MATRIX_REL_TOL, atol=MATRIX_REL_TOL * scale):
            square_transposed = yours.shape == expected.T.shape and np.allclose(
                yours, expected.T, rtol=MATRIX_REL_TOL, atol=MATRIX_REL_TOL * scale)
            index = np.unravel_index(int(np.argmax(np.abs(yours - expected))), expected.shape) \
                if expected.ndim == 2 else (0, 0)
            counterexample = {str(dim): str(size) for dim, size in sizes.items()} | {
                "entry": f"({index[0] + 1}, {index[1] + 1})",
                "yours": f"{float(yours[index]):.6g}", "expected": f"{float(expected[index]):.6g}"}
            if square_transposed:
                return EquivalenceResult("different", counterexample=counterexample, issue="transposed",
                                         message=Text("Your answer is the transpose of the expected one.",
                                                      "Ваш ответ — транспонированный правильный.")), entries
            return EquivalenceResult("different", counterexample=counterexample, issue="values"), entries
    dims = ", ".join(f"{dim}={size}" for dim, size in sizes.items())
    return EquivalenceResult("equal", method=f"checked with {MATRIX_TRIALS} random matrices ({dims})"), entries


def shape_message(yours: tuple | None, expected: tuple | None, reference: sympy.Basic) -> Text:
    """'your answer is M×D, ∇_W must be D×M like W — a missing transpose?' and the like."""
    if expected is None:
        shown = shape_text(yours) if yours else "?"
        return Text(f"Your answer is a {shown} matrix, but the answer is a number.",
                    f"Ваш ответ — матрица {shown}, а ответ должен быть числом.")
    like = [m.name for m in sorted(reference.atoms(sympy.MatrixSymbol), key=lambda m: m.name)
            if tuple(m.shape) == expected]
    must_en = f"∇_{like[0]} must be {shape_text(expected)} like {like[0]}" if like else \
        f"it must be {shape_text(expected)}"
    must_ru = f"∇_{like[0]} должен иметь размер {shape_text(expected)}, как {like[0]}" if like else \
        f"ответ должен иметь размер {shape_text(expected)}"
    if yours is None:
        return Text(f"Your answer is a number, but {must_en}.", f"Ваш ответ — число, а {must_ru}.")
    if yours == expected[::-1]:
        return Text(f"Your answer is {shape_text(yours)}, {must_en} — a missing transpose?",
                    f"Ваш ответ размера {shape_text(yours)}, а {must_ru} — пропущено транспонирование?")
    return Text(f"Your answer is {shape_text(yours)}, but {must_en}.",
                f"Ваш ответ размера {shape_text(yours)}, а {must_ru}.")
