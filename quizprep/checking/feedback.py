"""Why an answer is wrong: a known mistake from the bank (`matching_mistake`), or one found without any
authoring (`diagnose`): a flipped sign, a constant factor or shift, the function itself instead of its
derivative, missing or extra variables, a wrong domain or shape.

Each test reuses the comparison's sample points; the messages come in English and Russian.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import mpmath
import sympy

from quizprep.bank.model import Mistake, Text
from quizprep.checking.equivalence import Comparison, Sample, compare, constant_text, scalar_symbols
from quizprep.checking.evaluation import Uncertain, Undefined, Unsupported, evaluate
from quizprep.checking.parser import ParseError, parse_expression

HEURISTIC_TOL = mpmath.mpf("1e-12")
NEARLY = mpmath.mpf("1e-3")
NOT_EQUAL = Text("Not equal to the expected answer.", "Не совпадает с правильным ответом.")


@dataclass(frozen=True)
class Wording:
    """Who is compared with what, in both languages (Russian needs three cases of the target)."""

    subject: str
    subject_ru: str
    target: str
    target_ru: str  # nominative
    target_ru_dat: str
    target_ru_gen: str


ANSWER = Wording("your answer", "ваш ответ", "the expected one", "правильный ответ", "правильному ответу",
                 "правильного ответа")
STEP = Wording("this step", "этот шаг", "the previous step", "предыдущий шаг", "предыдущему шагу",
               "предыдущего шага")


def matching_mistake(expr: sympy.Basic, mistakes: Sequence[Mistake], symbols: Mapping[str, str] | None,
                     matrices: Mapping[str, tuple[str, str]] | None = None) -> Mistake | None:
    """The known mistake (from the bank) that `expr` equals, if any."""
    for mistake in mistakes:
        try:
            wrong = parse_expression(str(mistake.answer), symbols, matrices)
        except ParseError:
            continue
        if compare(expr, wrong, dict(symbols or {})).result.equal:
            return mistake
    return None


def diagnose(comparison: Comparison, wording: Wording = ANSWER, derivatives: bool = True) -> Text:
    """The most specific explanation of a 'different' comparison the tests below can find.

    derivatives: whether the question is about differentiating, so that "this is the function itself"
    or "one differentiation too many" can be what happened (for `1/(1 − p)²` in a question on dropout's
    scaling factor it is a coincidence, not an explanation).
    """
    result = comparison.result
    if result.issue in ("shape", "transposed", "domain") and result.message is not None:
        return result.message
    pairs = [(s.yours, s.expected) for s in comparison.samples if s.yours is not None]
    found = _sign_or_factor(pairs, wording) or _shifted(pairs, wording) or (
        _derivative_mixup(comparison, wording) if derivatives else None)
    return found or variables_message(comparison.answer, comparison.reference, wording) or \
        _nearly(pairs, wording) or NOT_EQUAL


def _near(a: Any, b: Any, scale: Any) -> bool:
    return bool(abs(a - b) <= HEURISTIC_TOL * (1 + abs(scale)))


def _sign_or_factor(pairs: list[tuple[Any, Any]], w: Wording) -> Text | None:
    base = next(((y, e) for y, e in pairs if abs(e) > HEURISTIC_TOL), None)
    if base is None or len(pairs) < 3:
        return None
    factor = base[0] / base[1]
    if factor == 0 or abs(factor - 1) <= NEARLY or not all(_near(y, factor * e, max(abs(y), abs(e))) for y, e in pairs):
        return None  # a factor of 0.9998 is a rounded constant (see _nearly), not a forgotten one
    if _near(factor, -1, 1):
        return Text(f"The sign is flipped: {w.subject} is −1 times {w.target}.",
                    f"Перепутан знак: {w.subject_ru} равен {w.target_ru_dat}, умноженному на −1.")
    shown = constant_text(factor)
    return Text(f"Off by a constant factor: {w.subject} is {shown} times {w.target}.",
                f"Отличается постоянным множителем: {w.subject_ru} равен {w.target_ru_dat}, умноженному "
                f"на {shown}.")


def _shifted(pairs: list[tuple[Any, Any]], w: Wording) -> Text | None:
    if len(pairs) < 3:
        return None
    shift = pairs[0][0] - pairs[0][1]
    if not all(_near(y - e, shift, max(abs(y), abs(e))) for y, e in pairs):
        return None
    shown = constant_text(shift)
    signed = f"− {shown[1:]}" if shown.startswith("-") else f"+ {shown}"
    return Text(f"Off by an additive constant: {w.subject} is {w.target} {signed}.",
                f"Отличается на константу: {w.subject_ru} равен {w.target_ru_dat} {signed}.")


def _derivative_mixup(comparison: Comparison, w: Wording) -> Text | None:
    """The answer is the function itself (forgot to differentiate), or one derivative too many."""
    answer, reference = comparison.answer, comparison.reference
    if isinstance(answer, sympy.MatrixExpr) or isinstance(reference, sympy.MatrixExpr):
        return None
    # Differentiating by a variable the other side lacks (lr·g/√(1 − ρ) by g, for lr/√(1 − ρ)) is a
    # coincidence of linearity where more variables are in play: there the missing variable is the news.
    answer_vars, reference_vars = set(scalar_symbols(answer)), set(scalar_symbols(reference))
    for variable in scalar_symbols(answer):
        if variable not in reference_vars and len(reference_vars) > 0:
            continue
        if _matches(sympy.diff(answer, variable), comparison.samples, lambda s: s.expected):
            return Text(f"This is the function itself: its derivative by {variable} is {w.target}, so it "
                        f"still has to be differentiated.",
                        f"Это сама функция: её производная по {variable} равна {w.target_ru_dat}, так что её "
                        f"ещё нужно продифференцировать.")
    for variable in scalar_symbols(reference):
        if variable not in answer_vars and len(reference_vars) > 1:
            continue
        if _matches(sympy.diff(reference, variable), comparison.samples, lambda s: s.yours):
            return Text(f"This is the derivative of {w.target} by {variable}: one differentiation too many.",
                        f"Это производная {w.target_ru_gen} по {variable}: лишнее дифференцирование.")
    return None


def _nearly(pairs: list[tuple[Any, Any]], w: Wording) -> Text | None:
    """Within 0.1 % everywhere but not equal: a constant rounded (2.718 for e, 0.693 for ln 2)."""
    if len(pairs) < 3 or not all(abs(y - e) <= NEARLY * max(abs(y), abs(e)) for y, e in pairs):
        return None
    return Text(f"Very close, but not equal: {w.subject} differs from {w.target} by less than 0.1 %. A rounded "
                f"constant (2.718 for e, 0.693 for ln 2)? Write it exactly: e, exp(…), ln(2), sqrt(2).",
                f"Очень близко, но не равно: {w.subject_ru} отличается от {w.target_ru_gen} меньше чем на "
                f"0,1 %. Округлённая константа (2.718 вместо e, 0.693 вместо ln 2)? Пишите точно: e, exp(…), "
                f"ln(2), sqrt(2).")


def _matches(expr: sympy.Basic, samples: list[Sample], side: Callable[[Sample], Any]) -> bool:
    checked = 0
    for sample in samples:
        target = side(sample)
        if target is None:
            continue
        try:
            value = evaluate(expr, sample.point)
        except (Undefined, Uncertain, Unsupported):
            continue
        if not _near(value, target, max(abs(value), abs(target))):
            return False
        checked += 1
    return checked >= 3


def variables_message(answer: sympy.Basic, reference: sympy.Basic, w: Wording = ANSWER) -> Text | None:
    """'Your answer does not depend on eps, but the expected one does' (and the reverse)."""
    def names(expr: sympy.Basic) -> set[str]:
        return {s.name for s in scalar_symbols(expr)} | {m.name for m in expr.atoms(sympy.MatrixSymbol)}

    missing = sorted(names(reference) - names(answer))
    extra = sorted(names(answer) - names(reference))
    subject, subject_ru = w.subject[0].upper() + w.subject[1:], w.subject_ru[0].upper() + w.subject_ru[1:]
    if missing:
        listed = ", ".join(missing)
        return Text(f"{subject} does not depend on {listed}, but {w.target} does.",
                    f"{subject_ru} не зависит от {listed}, а {w.target_ru} зависит.")
    if extra:
        listed = ", ".join(extra)
        return Text(f"{subject} depends on {listed}, but {w.target} does not.",
                    f"{subject_ru} зависит от {listed}, а {w.target_ru} — нет.")
    return None
