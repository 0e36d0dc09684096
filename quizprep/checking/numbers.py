"""Numeric answers: one number or a vector (like a softmax output), compared within a tolerance."""

from __future__ import annotations

import math
import re
from typing import Any

from quizprep.bank.instance import QuestionInstance
from quizprep.bank.model import Tolerance
from quizprep.checking.messages import message
from quizprep.checking.verdict import Verdict

MAX_NUMERIC_INPUT = 2000
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?$")
_FRACTION = re.compile(r"^([+-]?\d{1,12})/(\d{1,12})$")


class NumberFormatError(ValueError):
    """The text is not a number or a list of numbers."""


def parse_numbers(text: str, lang: str = "en") -> list[float]:
    """Read '0.5', '1/3', '-2e-3' or a vector '[0.1, 0.2, 0.7]' / '0.1 0.2 0.7' into floats (no eval).

    Under lang 'ru' a decimal comma is a decimal point where that is unambiguous: '0,3679', '[0,1; 0,2]'.
    Anything else raises NumberFormatError (check_numeric then tries it as a constant expression).
    """
    values = []
    items = split_items(text, lang)
    for position, part in enumerate(items, 1):
        values.append(_parse_one(part, position if len(items) > 1 else None, lang))
    return values


def split_items(text: str, lang: str = "en") -> list[str]:
    """The items of a typed number or vector: split at top-level commas or semicolons (under 'ru', at
    semicolons when there are any, and a comma between digits is a decimal comma), or at spaces when
    every part is a plain number ('0.1 0.2 0.7'); '1 / 4' and 'exp(-1)' are one item each."""
    if len(text) > MAX_NUMERIC_INPUT:
        raise NumberFormatError(message("too_long", lang, length=len(text), most=MAX_NUMERIC_INPUT))
    body = text.strip().replace("−", "-").replace("，", ",")
    if not _balanced(body):
        raise NumberFormatError(message("unbalanced", lang))
    if body[:1] in "([" and _closing(body, 0) == len(body) - 1:
        body = body[1:-1]
    if lang == "ru" and (";" in body or "." not in body):
        body = _DECIMAL_COMMA.sub(r"\1.\2", body)
    separators = ";" if lang == "ru" and ";" in body else ",;"
    items = [p.strip() for p in _split_top_level(body, separators)]
    if len(items) == 1:
        spaced = items[0].split()
        if len(spaced) > 1 and all(_NUMBER.match(p) or _FRACTION.match(p) for p in spaced):
            items = spaced
    if not any(items):
        raise NumberFormatError(message("empty", lang))
    return items


_DECIMAL_COMMA = re.compile(r"(\d),(\d)")


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += (char in "([{") - (char in ")]}")
        if depth < 0:
            return False
    return depth == 0


def _closing(text: str, start: int) -> int:
    depth = 0
    for i in range(start, len(text)):
        depth += (text[i] in "([{") - (text[i] in ")]}")
        if depth == 0:
            return i
    return -1


def _split_top_level(text: str, separators: str) -> list[str]:
    parts, depth, current = [], 0, []
    for char in text:
        depth += (char in "([{") - (char in ")]}")
        if depth == 0 and char in separators:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _parse_one(part: str, position: int | None, lang: str = "en") -> float:
    where = message("item", lang, position=position) if position else ""
    if _NUMBER.match(part):
        value = float(part)
    elif match := _FRACTION.match(part):
        denominator = int(match.group(2))
        if denominator == 0:
            raise NumberFormatError(message("division_by_zero", lang, part=part, where=where))
        value = int(match.group(1)) / denominator
    else:
        raise NumberFormatError(message("not_a_number", lang, part=part[:40], where=where))
    if not math.isfinite(value):
        raise NumberFormatError(message("not_finite", lang, part=part[:40], where=where))
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


_COMMA_DECIMAL = re.compile(r"^\s*([+-]?\d+),(\d+)\s*$")


def _count_message(text: str, expected: int, given: int, lang: str) -> str:
    """Why the count is off; '0,3679' for one number is a decimal comma, said so (English reads a comma as
    a separator)."""
    if expected == 1:
        comma = _COMMA_DECIMAL.match(text)
        if comma:
            return message("decimal_comma", lang, suggestion=f"{comma[1]}.{comma[2]}")
        return message("count_one", lang, given=given)
    return message("count", lang, expected=expected, given=given)


def check_numeric(instance: QuestionInstance, text: str, lang: str = "en") -> Verdict:
    """Grade a number or vector against the instance's computed answer, naming known mistakes.

    Plain numbers are read here; other items ('exp(-1)', '1/e', 'sqrt(2)/2') are constant expressions,
    evaluated by the safe parser in the checker's worker (numeric_worker.py)."""
    question = instance.question
    try:
        given, typed = read_numbers(text, question, lang)
    except NumberFormatError as exc:
        return Verdict(question.id, "invalid", str(exc))
    expected = as_vector(instance.answer)
    read_as = format_vector(given)
    if len(given) != len(expected):  # a miscount is not an attempt at the value: let the user retype
        return Verdict(question.id, "invalid", _count_message(text, len(expected), len(given), lang),
                       read_as=read_as)
    if close(given, expected, question.tolerance):
        return Verdict(question.id, "correct", "Correct.", read_as=read_as,
                       expected=format_vector(expected))
    # Authored mistakes are worked out for the notes' own numbers; a drawn instance has other numbers.
    mistakes = question.mistakes if instance.seed is None or not question.is_parameterized else ()
    for mistake in mistakes:
        if close(given, as_vector(mistake.answer), question.tolerance):
            return Verdict(question.id, "wrong", mistake.feedback.in_lang(lang), read_as=read_as,
                           expected=format_vector(expected), mistake=format_vector(as_vector(mistake.answer)))
    needed = significant_digits_needed(question.tolerance, instance.answer)
    if rounded_too_far(given, typed, expected, question.tolerance, needed):
        shown = next(t for t, g, e in zip(typed, given, expected) if t and not close([g], [e], question.tolerance))
        return Verdict(question.id, "invalid", message("significant_digits", lang, digits=needed, typed=shown),
                       read_as=read_as)
    return Verdict(question.id, "wrong", _explain_numeric_miss(given, expected, question.tolerance, lang),
                   read_as=read_as, expected=format_vector(expected))


def read_numbers(text: str, question: Any, lang: str = "en") -> tuple[list[float], list[str | None]]:
    """The values typed, and for each the decimal literal it was typed as (None for an expression)."""
    items = split_items(text, lang)
    values: list[float | None] = []
    typed: list[str | None] = []
    for item in items:
        try:
            values.append(_parse_one(item, None, lang))
            typed.append(item if _NUMBER.match(item) else None)
        except NumberFormatError:
            values.append(None)
            typed.append(None)
    pending = [item for item, value in zip(items, values) if value is None]
    if pending:
        computed = iter(evaluate_constants(pending, question, lang))
        values = [next(computed) if value is None else value for value in values]
    for position, (item, value) in enumerate(zip(items, values), 1):
        if not math.isfinite(float(value)):  # exp(1000): beyond any float, no value to compare
            where = message("item", lang, position=position) if len(items) > 1 else ""
            raise NumberFormatError(message("too_large", lang, part=item[:40], where=where))
    return [float(v) for v in values], typed  # type: ignore[arg-type]


def evaluate_constants(items: list[str], question: Any, lang: str) -> list[float]:
    """The values of constant expressions, computed exactly by the safe parser in the checker's worker."""
    from quizprep.checking.timebox import TOOK_TOO_LONG, TOTAL_SECONDS, run_streaming

    outcome = run_streaming("quizprep.checking.numeric_worker:constants_stream", items, tuple(question.allow),
                            tuple(question.forbid), lang, timeout=TOTAL_SECONDS)
    if outcome.value is None:
        raise NumberFormatError(TOOK_TOO_LONG.in_lang(lang) if not outcome.error else
                                message("checker_failed", lang, error=outcome.error.strip().splitlines()[-1]))
    values, problem = outcome.value
    if problem:
        raise NumberFormatError(problem)
    return values


def significant_digits(literal: str) -> int:
    """How many significant digits a decimal literal carries: '0.37' 2, '0.3680' 4, '3e-4' 1."""
    mantissa = re.split(r"[eE]", literal.lstrip("+-"))[0]
    digits = mantissa.replace(".", "").lstrip("0")
    return max(1, len(digits)) if "." in mantissa else max(1, len(digits.rstrip("0")))


def rounded_too_far(given: list[float], typed: list[str | None], expected: list[float], tolerance: Tolerance,
                    needed: int) -> bool:
    """Whether every value outside the tolerance is the right value correctly rounded to the digits typed,
    with fewer digits than the tolerance needs ('0.37' for 0.3679): a request for digits, not a wrong try."""
    off = [(g, t, e) for g, t, e in zip(given, typed, expected) if not close([g], [e], tolerance)]
    if not off:
        return False
    for g, literal, e in off:
        if literal is None or e == 0 or significant_digits(literal) >= needed or (
                "." not in literal and significant_digits(literal) < 2):  # '2' for 2.4 is no rounding
            return False
        place = math.floor(math.log10(abs(e))) - significant_digits(literal) + 1  # of the last digit typed
        if abs(g - e) > 0.5 * 10 ** place * (1 + 1e-9):
            return False
    return True


def significant_digits_needed(tolerance: Tolerance, answer: Any = None) -> int:
    """How many significant digits keep a rounded answer within the relative tolerance; with an absolute
    tolerance only, as many as reach the place it allows in `answer` (a count of 29 steps: 2, not 15)."""
    if tolerance.rel > 0:
        return max(1, math.ceil(math.log10(5 / tolerance.rel)))
    values = [abs(v) for v in as_vector(answer)] if answer is not None else []
    if tolerance.abs <= 0 or not values or max(values) == 0:
        return 15
    largest = max(values)
    if all(float(v).is_integer() for v in values) and tolerance.abs < 0.5:
        return max(1, len(str(int(largest))))  # a whole number: all of its digits
    last_place = math.floor(math.log10(2 * tolerance.abs))  # rounding there errs by at most tolerance.abs
    return min(15, max(1, math.floor(math.log10(largest)) - last_place + 1))


def _explain_numeric_miss(given: list[float], expected: list[float], tolerance: Tolerance, lang: str = "en") -> str:
    worst = max(range(len(given)), key=lambda i: abs(given[i] - expected[i]))
    g, e = given[worst], expected[worst]
    where = message("at_position", lang, position=worst + 1) if len(given) > 1 else ""
    if len(given) > 1 and abs(sum(given) - 1) > 1e-3 and abs(sum(expected) - 1) < 1e-9:
        return message("sum_to_one", lang, where=where, total=f"{sum(given):.4g}")
    if e != 0 and g != 0 and math.isclose(g, -e, rel_tol=tolerance.rel, abs_tol=tolerance.abs):
        return message("sign_flipped", lang, where=where, given=f"{g:.6g}")
    whole = tolerance.rel <= 0 and all(float(v).is_integer() for v in expected)  # a count: no digits to add
    if abs(g - e) <= 10 * (tolerance.abs + tolerance.rel * abs(e)) and not whole:
        return message("close", lang, where=where, given=f"{g:.6g}")
    return message("not_right", lang, where=where, given=f"{g:.6g}")
