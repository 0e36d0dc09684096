"""Numeric answers: one number or a vector (like a softmax output), compared within a tolerance."""

from __future__ import annotations

import math
import re
from typing import Any

from quizprep.bank.instance import QuestionInstance
from quizprep.bank.model import Tolerance
from quizprep.checking.verdict import Verdict

MAX_NUMERIC_INPUT = 2000
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?$")
_FRACTION = re.compile(r"^([+-]?\d{1,12})/(\d{1,12})$")


class NumberFormatError(ValueError):
    """The text is not a number or a list of numbers."""


def parse_numbers(text: str) -> list[float]:
    """Read '0.5', '1/3', '-2e-3' or a vector '[0.1, 0.2, 0.7]' / '0.1 0.2 0.7' into floats (no eval)."""
    if len(text) > MAX_NUMERIC_INPUT:
        raise NumberFormatError(f"the answer is too long ({len(text)} characters, at most {MAX_NUMERIC_INPUT})")
    body = text.strip().replace("−", "-").replace("，", ",")
    opened, closed = body[:1] in ("[", "("), body[-1:] in ("]", ")")
    if opened != closed:
        raise NumberFormatError("unbalanced brackets: write a vector as [0.1, 0.2, 0.7]")
    if opened:
        body = body[1:-1]
    parts = [p for p in re.split(r"[,;\s]+", body) if p]
    if not parts:
        raise NumberFormatError("the answer is empty: type a number, or numbers separated by commas")
    values = []
    for position, part in enumerate(parts, 1):
        values.append(_parse_one(part, position if len(parts) > 1 else None))
    return values


def _parse_one(part: str, position: int | None) -> float:
    where = f" (item {position})" if position else ""
    if _NUMBER.match(part):
        value = float(part)
    elif match := _FRACTION.match(part):
        denominator = int(match.group(2))
        if denominator == 0:
            raise NumberFormatError(f"division by zero in '{part}'{where}")
        value = int(match.group(1)) / denominator
    else:
        raise NumberFormatError(f"'{part}'{where} is not a number (write e.g. 0.25, 1/4 or 2.5e-3)")
    if not math.isfinite(value):
        raise NumberFormatError(f"'{part}'{where} is not a finite number")
    return value


def as_vector(value: Any) -> list[float]:
    return [float(v) for v in value] if isinstance(value, list) else [float(value)]


def close(given: list[float], expected: list[float], tolerance: Tolerance) -> bool:
    return len(given) == len(expected) and all(
        abs(g - e) <= tolerance.abs + tolerance.rel * abs(e) for g, e in zip(given, expected)
    )


def format_vector(values: list[float]) -> str:
    shown = [f"{v + 0.0:.6g}" for v in values]  # + 0.0 turns -0.0 into 0.0
    return shown[0] if len(shown) == 1 else "[" + ", ".join(shown) + "]"


def check_numeric(instance: QuestionInstance, text: str, lang: str = "en") -> Verdict:
    """Grade a number or vector against the instance's computed answer, naming known mistakes."""
    question = instance.question
    try:
        given = parse_numbers(text)
    except NumberFormatError as exc:
        return Verdict(question.id, "invalid", str(exc))
    expected = as_vector(instance.answer)
    read_as = format_vector(given)
    if len(given) != len(expected):  # a miscount is not an attempt at the value: let the user retype
        return Verdict(question.id, "invalid", f"this answer has {len(expected)} number(s); you typed {len(given)}",
                       read_as=read_as)
    if close(given, expected, question.tolerance):
        return Verdict(question.id, "correct", "Correct.", read_as=read_as, expected=format_vector(expected))
    # Authored mistakes are worked out for the notes' own numbers; a drawn instance has other numbers.
    mistakes = question.mistakes if instance.seed is None or not question.is_parameterized else ()
    for mistake in mistakes:
        if close(given, as_vector(mistake.answer), question.tolerance):
            return Verdict(question.id, "wrong", mistake.feedback.in_lang(lang), read_as=read_as,
                           expected=format_vector(expected), mistake=format_vector(as_vector(mistake.answer)))
    return Verdict(question.id, "wrong", _explain_numeric_miss(given, expected, question.tolerance),
                   read_as=read_as, expected=format_vector(expected))


def significant_digits_needed(tolerance: Tolerance) -> int:
    """How many significant digits keep a rounded answer within the relative tolerance."""
    if tolerance.rel <= 0:
        return 15
    return max(1, math.ceil(math.log10(5 / tolerance.rel)))


def _explain_numeric_miss(given: list[float], expected: list[float], tolerance: Tolerance) -> str:
    worst = max(range(len(given)), key=lambda i: abs(given[i] - expected[i]))
    g, e = given[worst], expected[worst]
    where = f" at position {worst + 1}" if len(given) > 1 else ""
    if len(given) > 1 and abs(sum(given) - 1) > 1e-3 and abs(sum(expected) - 1) < 1e-9:
        return f"Not quite{where}: these values should sum to 1 (yours sum to {sum(given):.4g})."
    if e != 0 and g != 0 and math.isclose(g, -e, rel_tol=tolerance.rel, abs_tol=tolerance.abs):
        return f"Sign flipped{where}: you have {g:.6g}."
    if abs(g - e) <= 10 * (tolerance.abs + tolerance.rel * abs(e)):
        return f"Close but outside the tolerance{where}: {g:.6g} (keep more digits)."
    return f"Not right{where}: you have {g:.6g}."
