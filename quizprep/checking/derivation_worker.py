"""The worker's side of a derivation check: parse the steps, compare each with the one before, explain.

Runs in the time box's worker process (see derivation.py, timebox.py); it may import SymPy freely.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

import sympy

from quizprep.bank.model import Mistake, Question, Text
from quizprep.checking.derivation import MAX_STEPS, DerivationReport, StepVerdict, blank_report
from quizprep.checking.equivalence import compare, prove_equal
from quizprep.checking.feedback import NOT_EQUAL, STEP, diagnose, matching_mistake
from quizprep.checking.messages import message
from quizprep.checking.parser import ParseError, Usage, parse_expression
from quizprep.checking.printing import one_line
from quizprep.checking.restrictions import (
    answer_matrices,
    answer_symbols,
    derivative_free,
    expand_definitions,
    forbidden_problem,
)


def chain_stream(steps: list[str], symbols: Mapping[str, str] | None, matrices: Mapping[str, tuple[str, str]] | None,
                 start: str | None, answer: str | None, mistakes: list[Mistake],
                 lang: str, question: Question | None = None) -> Iterator[tuple[DerivationReport, bool]]:
    """Yield the report as it fills: after parsing, after each step, complete, then with proofs."""
    report = blank_report(steps, start)
    step_symbols = answer_symbols(question) if question is not None else symbols
    matrices = answer_matrices(question) if question is not None else matrices
    domains = dict(symbols or {})
    if len(steps) > MAX_STEPS:
        report.steps[-1].status = "invalid"
        report.steps[-1].feedback = message("too_many_steps", lang, most=MAX_STEPS)
        yield report, True
        return
    parsed: list[sympy.Basic | None] = []
    usages: list[Usage] = []
    for step in report.steps:
        usages.append(Usage())
        try:
            expr = parse_expression(step.expression, step_symbols, matrices, usages[-1])
            if question is not None:
                expr = expand_definitions(expr, question)
        except ParseError as exc:
            step.status, step.feedback = "invalid", exc.in_lang(lang)
            parsed.append(None)
            continue
        step.read_as = one_line(expr)
        parsed.append(expr)
    if parsed[0] is not None:
        report.steps[0].status = "start"
    yield report, False
    comparisons = {}
    for i in range(1, len(report.steps)):
        step, before, current = report.steps[i], parsed[i - 1], parsed[i]
        if before is None or current is None:
            continue
        comparison = compare(current, before, domains)
        result = comparison.result
        comparisons[i] = comparison
        if result.status == "unknown":
            step.status = "invalid"
            step.feedback = result.message.in_lang(lang) if result.message else "could not compare"
        elif result.equal:
            step.status, step.method = "correct", result.method
        else:
            step.status, step.counterexample = "wrong", result.counterexample
            mistake = matching_mistake(current, mistakes, symbols, matrices)
            step.mistake = str(mistake.answer) if mistake else None
            step.feedback = _step_feedback(step, report.steps[i - 1], mistake, diagnose(comparison, STEP), lang)
        yield report, False
    if answer is not None:
        report.answer_read_as = _read(answer, symbols, matrices)
    if question is not None and answer is not None and report.status == "correct":
        report.restated = _restated(usages[-1], question, answer, lang)
        if report.restated:  # read back as typed: σ'(x) read as σ(x)(1 − σ(x)) would give the answer away
            report.steps[-1].read_as = report.steps[-1].expression
    if answer is not None and report.status == "correct" and parsed[-1] is not None:
        _check_answer(report, parsed[-1], answer, symbols, matrices, mistakes, lang)
    yield report, True
    for i, comparison in comparisons.items():
        if comparison.result.equal and prove_equal(comparison.answer, comparison.reference):
            report.steps[i].method = "proved"
            yield report, True


def _restated(last: Usage, question: Question, answer: str, lang: str) -> str:
    """Why a chain whose steps all hold is still no answer: it ends in a derivative, or a forbidden name."""
    if last.derivatives and derivative_free(answer, question):
        return message("restated_step", lang, form=last.derivatives[0])
    return forbidden_problem(last, question, lang) or ""


def _step_feedback(step: StepVerdict, before: StepVerdict, mistake: Mistake | None, found: Text,
                   lang: str) -> str:
    head = Text(f"Step {step.step} does not follow from step {before.step}: ",
                f"Шаг {step.step} не следует из шага {before.step}: ")
    if before.step == 0:
        head = Text(f"Step {step.step} does not follow from the start: ",
                    f"Шаг {step.step} не следует из исходного выражения: ")
    if mistake is None and found is NOT_EQUAL:
        return head.in_lang(lang).rstrip(": ") + "."
    return head.in_lang(lang) + (mistake.feedback if mistake else found).in_lang(lang)


def _check_answer(report: DerivationReport, last: sympy.Basic, answer: str, symbols: Mapping[str, str] | None,
                  matrices: Mapping[str, tuple[str, str]] | None, mistakes: Sequence[Mistake], lang: str) -> None:
    """Every step holds: does the chain arrive at the answer, written out (no diff left)?"""
    if last.has(sympy.Derivative):
        report.reaches_answer = False
        report.answer_feedback = Text(
            "Every step holds, but the last one still contains diff(...): carry the derivative out.",
            "Все шаги верны, но в последнем ещё остался diff(...): вычислите производную.").in_lang(lang)
        return
    result = compare(last, parse_expression(answer, symbols, matrices), dict(symbols or {})).result
    report.reaches_answer = result.equal
    if not result.equal:
        mistake = matching_mistake(last, mistakes, symbols, matrices)
        report.answer_feedback = mistake.feedback.in_lang(lang) if mistake else Text(
            "Every step holds, but the last one is not the expected answer yet.",
            "Все шаги верны, но последний ещё не совпадает с ответом.").in_lang(lang)


def _read(text: str, symbols: Mapping[str, str] | None, matrices: Mapping[str, tuple[str, str]] | None) -> str:
    try:
        return one_line(parse_expression(text, symbols, matrices))
    except ParseError:
        return text
