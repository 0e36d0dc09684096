"""The worker's side of a symbolic check: parse, compare with the reference, explain, try a proof.

Runs in the time box's worker process (see symbolic.py, timebox.py); it may import SymPy freely.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from quizprep.bank.model import Mistake, Question, Text
from quizprep.checking.derivation import EQUALS_SIGN
from quizprep.checking.equivalence import compare, prove_equal
from quizprep.checking.feedback import diagnose, matching_mistake
from quizprep.checking.messages import message
from quizprep.checking.parser import ParseError, ShapeError, Usage, parse_expression
from quizprep.checking.printing import one_line
from quizprep.checking.restrictions import parse_answer, restriction_problem
from quizprep.checking.verdict import Verdict

RIGHT_SIDE_NOTE = Text("Graded the right-hand side of '='.", "Оценена правая часть равенства.")
# a question that asks to differentiate says so: derivative, ∂, ∇, d/dx, dL/dz, gradient of / with respect to
_ABOUT_DERIVATIVES = re.compile(r"deriv|differentiat|∂|∇|\bd\w*/d\w+|(?:^|\bthe )gradient of|with respect to|"
                                r"jacobian", re.IGNORECASE | re.MULTILINE)


def about_derivatives(question: Question) -> bool:
    """Whether the question asks for a derivative: only then is "the function itself" an explanation."""
    return question.kind == "derivation" or bool(
        _ABOUT_DERIVATIVES.search(f"{question.title.en}\n{question.prompt.en}"))


def warm() -> None:
    """Exercise the whole check once, so that SymPy's lazy imports and caches are ready for the first answer."""
    symbols = {"x": "real"}
    answer = parse_expression("exp(-x)/(1 + exp(-x))^2", symbols)
    reference = parse_expression("sigmoid(x)*(1 - sigmoid(x))", symbols)
    comparison = compare(answer, reference, symbols)
    prove_equal(comparison.answer, comparison.reference)
    diagnose(compare(answer, -reference, symbols))


def grade_stream(question: Question, reference_text: str, text: str, lang: str) -> Iterator[tuple[Verdict, bool]]:
    """Yield the verdict for `text` (complete), then the same verdict with method 'proved' if SymPy proves it."""
    notes: list[str] = []
    if len(EQUALS_SIGN.findall(text)) == 1:  # "dσ/dx = σ(x)(1 − σ(x))": grade what follows '='
        text = EQUALS_SIGN.split(text)[1]
        notes.append(RIGHT_SIDE_NOTE.in_lang(lang))
    reference = parse_expression(reference_text, question.symbols, question.matrices)
    expected = one_line(reference)
    usage = Usage()
    try:
        answer = parse_answer(text, question, usage)
    except ShapeError as exc:
        mistake = _typed_mistake(question, text)
        feedback = mistake.feedback.in_lang(lang) if mistake else exc.in_lang(lang)
        yield Verdict(question.id, "wrong", feedback, read_as=text.strip(), expected=expected, notes=notes,
                      mistake=str(mistake.answer) if mistake else None), True
        return
    except ParseError as exc:
        yield Verdict(question.id, "invalid", exc.in_lang(lang), expected=None, notes=notes), True
        return
    read_as = one_line(answer)
    problem = restriction_problem(usage, question, reference_text, lang)
    if problem:  # read back as typed: σ'(x) read as σ(x)(1 − σ(x)) would give the answer away
        yield Verdict(question.id, "invalid", problem, read_as=text.strip(), notes=notes), True
        return
    comparison = compare(answer, reference, question.symbols)
    result = comparison.result
    if result.status == "unknown":
        why = result.message.in_lang(lang) if result.message else message("could_not_compare", lang)
        yield Verdict(question.id, "invalid", why, read_as=read_as, notes=notes), True
        return
    if result.equal:
        verdict = Verdict(question.id, "correct", "Correct.", read_as=read_as, expected=expected,
                          method=result.method, notes=notes + [n.in_lang(lang) for n in result.notes])
        yield verdict, True
        if prove_equal(comparison.answer, comparison.reference):
            yield replace(verdict, method="proved"), True
        return
    mistake = matching_mistake(answer, question.mistakes, question.symbols, question.matrices)
    feedback = mistake.feedback.in_lang(lang) if mistake else \
        diagnose(comparison, derivatives=about_derivatives(question)).in_lang(lang)
    yield Verdict(question.id, "wrong", feedback, read_as=read_as, expected=expected,
                  counterexample=result.counterexample, notes=notes,
                  mistake=str(mistake.answer) if mistake else None), True


def _typed_mistake(question: Question, text: str) -> Mistake | None:
    """A known mistake typed (spaces aside) as written: for answers whose shapes do not even fit."""
    typed = "".join(text.split())
    return next((m for m in question.mistakes if "".join(str(m.answer).split()) == typed), None)
