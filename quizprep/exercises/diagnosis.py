"""Name the bug: compare the user's arrays with the reference and recognise known wrong answers.

Generic signatures live here (a shape mismatch or a transpose, an exact constant factor such as N for
sum vs mean or −1 for a sign error, non-finite values); each family's probes add their own known
wrong variants (`Variant`: an array computed the wrong way, and the sentence that names the bug).
When nothing known matches, `differences` names the worst offending entries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

RTOL, ATOL = 1e-6, 1e-9
RTOL_FLOAT32 = 1e-4


@dataclass(frozen=True)
class Variant:
    """A known wrong way to compute something: the array it gives and the sentence naming the bug."""

    message: str
    value: np.ndarray
    hint: str | None = None
    convention: bool = False  # a convention that differs from torch's, not a bug: named after real bugs


def _tolerance(got: np.ndarray) -> float:
    return RTOL_FLOAT32 if got.dtype == np.float32 else RTOL


def _scale(expected: np.ndarray) -> float:
    finite = np.abs(expected[np.isfinite(expected)])
    return float(finite.max()) if finite.size else 1.0


def matches(got: np.ndarray, expected: np.ndarray, rtol: float | None = None) -> bool:
    """True if `got` has expected's shape and every entry is close (relative to the array's scale too)."""
    got, expected = np.asarray(got), np.asarray(expected, dtype=np.float64)
    if got.shape != expected.shape and not (got.size == expected.size == 1):
        return False
    got = got.reshape(expected.shape).astype(np.float64)
    rtol = _tolerance(np.asarray(got)) if rtol is None else rtol
    atol = ATOL + rtol * 1e-3 * _scale(expected)
    return bool(np.allclose(got, expected, rtol=rtol, atol=atol, equal_nan=False))


def fmt(value: float) -> str:
    """A number for the evidence: 6 significant digits."""
    return f"{value:.6g}"


def fmt_index(index: tuple[int, ...]) -> str:
    return "[" + ", ".join(str(i) for i in index) + "]"


def shape_text(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"


CHANGED_IN_PLACE = "after the call vs before"  # the two sides when an argument was changed in place


def differences(got: np.ndarray, expected: np.ndarray, compared: str = "yours vs reference") -> str:
    """Evidence for a mismatch: the shapes, the non-finite entries, or the worst offending entries
    (`compared` names the two sides: "after vs before the call" for an argument changed in place)."""
    got, expected = np.asarray(got, dtype=np.float64), np.asarray(expected, dtype=np.float64)
    if got.shape != expected.shape and not (got.size == expected.size == 1):
        return f"shape {shape_text(got.shape)}, expected {shape_text(expected.shape)}"
    got = got.reshape(expected.shape)
    bad_values = ~np.isfinite(got) & np.isfinite(expected)
    if bad_values.any():
        first = tuple(int(i) for i in np.argwhere(bad_values)[0])
        kinds = "/".join(sorted({"nan" if np.isnan(v) else "inf" for v in got[bad_values]}))
        return (f"{kinds} at {int(bad_values.sum())} of {got.size} entries, e.g. {fmt_index(first)} "
                f"where {fmt(expected[first])} is expected")
    return worst_entries_text(got, expected, compared)


def worst_entries(got: np.ndarray, expected: np.ndarray, k: int = 3) -> list[tuple[tuple[int, ...], float, float]]:
    """The k entries with the largest |got - expected|: (index, got, expected); index () for a scalar."""
    error = np.atleast_1d(np.abs(got - expected)).astype(np.float64)
    error[np.isnan(error)] = np.inf
    worst = []
    for flat in np.argsort(error, axis=None)[::-1][:k]:
        if error.flat[flat] > 0:
            index = tuple(int(i) for i in np.unravel_index(flat, got.shape)) if got.ndim else ()
            worst.append((index, float(got[index]), float(expected[index])))
    return worst


def worst_entries_text(got: np.ndarray, expected: np.ndarray, compared: str = "yours vs reference") -> str:
    rtol = _tolerance(got)
    close = np.atleast_1d(np.isclose(got, expected, rtol=rtol, atol=ATOL + rtol * 1e-3 * _scale(expected)))
    entries = worst_entries(got, expected)
    if got.ndim == 0 and entries:
        return f"yours {fmt(entries[0][1])}, reference {fmt(entries[0][2])}"
    shown = "; ".join(f"{fmt_index(i) if i else 'value'}: {fmt(g)} vs {fmt(e)}" for i, g, e in entries)
    count = f"{int((~close).sum())} of {got.size} entries differ" if got.size > 1 else "differs"
    return f"{count} ({compared}) — {shown}" if shown else count


def constant_factor(got: np.ndarray, expected: np.ndarray) -> float | None:
    """c if got == c·expected everywhere for one constant c ≠ 1 (found by least squares), else None."""
    got, expected = np.asarray(got, dtype=np.float64), np.asarray(expected, dtype=np.float64)
    if got.size != expected.size or not (np.isfinite(got).all() and np.isfinite(expected).all()):
        return None
    got = got.reshape(expected.shape)
    norm = float(np.sum(expected * expected))
    if norm == 0.0:
        return None
    c = float(np.sum(got * expected)) / norm
    if abs(c - 1.0) < 1e-6 or not matches(got, c * expected, rtol=1e-6):
        return None
    return c


def describe_factor(c: float, what: str, batch: int | None = None, elements: int | None = None) -> str:
    """One sentence for `what` being c times the reference, naming sum vs mean and sign errors."""
    def near(value: float) -> bool:
        return abs(c - value) <= 1e-6 * max(1.0, abs(value))

    if near(-1.0):
        return f"sign error: your {what} is exactly the negative of the reference"
    if elements and elements != batch and near(elements):
        return (f"your {what} is off by exactly N·D = {elements}: a sum over all elements where the "
                f"reference takes the mean")
    if elements and elements != batch and near(1.0 / elements):
        return (f"your {what} is off by exactly 1/(N·D) = 1/{elements}: divided by the number of elements "
                f"where the reference sums")
    if batch and batch > 1 and near(batch):
        return f"your {what} is off by exactly N = {batch} (sum vs mean over the batch): the reference averages"
    if batch and batch > 1 and near(1.0 / batch):
        return (f"your {what} is off by exactly 1/N = 1/{batch} (mean vs sum over the batch): the reference "
                f"sums over the batch")
    if elements and batch and elements % batch == 0 and near(elements / batch) and elements != batch:
        return (f"your {what} is off by exactly D = {elements // batch}: averaged over the batch only, where "
                f"the mean runs over all N·D = {elements} elements")
    if near(2.0) or near(0.5):
        return f"your {what} is off by a factor of exactly {'2' if near(2.0) else '1/2'}"
    return f"your {what} is {fmt(c)} × the reference everywhere"


def transposed(got: np.ndarray, expected: np.ndarray) -> bool:
    """True if `got` is the transpose of a non-square 2-D `expected`."""
    return (got.ndim == 2 and expected.ndim == 2 and got.shape == expected.shape[::-1]
            and got.shape != expected.shape and matches(got.T, expected))


def first_variant(got: np.ndarray, variants: Iterable[Variant]) -> Variant | None:
    """The first known wrong variant that `got` matches; a real bug before a convention difference."""
    found = [variant for variant in variants if matches(got, variant.value)]
    return next((v for v in found if not v.convention), found[0] if found else None)


@dataclass(frozen=True)
class Explanation:
    """Why an array is wrong: the evidence, and a diagnosis when a known signature matched."""

    evidence: str
    diagnosis: str | None = None
    hint: str | None = None
    convention: bool = False


def explain(got: np.ndarray, expected: np.ndarray, what: str, variants: Iterable[Variant] = (),
            batch: int | None = None, elements: int | None = None,
            compared: str = "yours vs reference") -> Explanation:
    """Explain a mismatch of `what`: a known variant, a transpose, a constant factor, or the worst entries."""
    evidence = differences(got, expected, compared)
    variant = first_variant(got, variants)
    if variant is not None:
        return Explanation(evidence, variant.message, variant.hint, variant.convention)
    if transposed(got, expected):
        return Explanation(evidence, f"missing transpose: your {what} has shape {shape_text(got.shape)}, the "
                                     f"transpose of the expected {shape_text(expected.shape)}")
    if got.shape != expected.shape and not (got.size == expected.size == 1):
        return Explanation(evidence, f"shape mismatch: your {what} has shape {shape_text(got.shape)}, expected "
                                     f"{shape_text(expected.shape)}")
    c = constant_factor(got, expected)
    if c is not None:
        return Explanation(evidence, describe_factor(c, what, batch, elements))
    return Explanation(evidence)
