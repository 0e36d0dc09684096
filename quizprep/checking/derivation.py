"""Derivations: a chain of expressions, each equal to the one before, checked step by step.

Steps may contain diff(expr, x), carried out before comparing. `check_chain` serves `quizprep derive`
(any identifier is a variable outside a question) and derivation questions, whose chain starts at the
question's `start` (e.g. diff(sigmoid(x), x)) and must end at an expression equal to its answer. The
report types live here; the checking itself runs in the time box's worker (derivation_worker.py), so
this module does not import SymPy.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from quizprep.bank.instance import QuestionInstance
from quizprep.bank.model import Mistake, Question, Text
from quizprep.checking.timebox import PROOF_SECONDS, TOOK_TOO_LONG, TOTAL_SECONDS, run_streaming
from quizprep.checking.verdict import Verdict

MAX_STEPS = 30
SECONDS_PER_STEP = 0.2  # added to the cap of a chain for each step beyond the first
EQUALS_SIGN = re.compile(r"(?<![<>=!])=(?!=)")  # "=" but not "<=", ">=", "==", "!="
STEP_SEPARATOR = re.compile(r"=>|->|[⇒⟹→]|(?<![<>=!])=(?!=)")  # '=' and the arrows written between steps
# what a chain may start with to say what is derived: dσ/dx, ∂L/∂z, f'(x), y', ∇_W f
DERIVATIVE_LABEL = re.compile(r"^(?:[d∂][^\s()=/]*\s*/\s*[d∂]\s*[^\s()=/]+|[A-Za-z][A-Za-z0-9_]*\s*['′]+"
                              r"(?:\(\s*[^\s()]+\s*\))?|∇\S*(?:\s+[A-Za-z]\w*)?)$")
LABEL_NOTE = Text("The first part ('{label}') was read as the name of what is derived, not as a step.",
                  "Первая часть ('{label}') прочитана как обозначение производной, а не как шаг.")


@dataclass
class StepVerdict:
    """One step of a chain: 'start' (the first), 'correct', 'wrong', 'invalid' or 'unchecked'."""

    step: int
    expression: str
    status: str = "unchecked"
    feedback: str = ""
    read_as: str | None = None
    method: str | None = None
    counterexample: dict[str, str] | None = None
    mistake: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class DerivationReport:
    """Every step's verdict; for a question, also whether the last step is an accepted answer."""

    steps: list[StepVerdict]
    reaches_answer: bool | None = None  # None: no answer to reach (plain `quizprep derive`)
    answer_feedback: str = ""
    answer_read_as: str | None = None  # the expected answer as the checker read it
    notes: list[str] = field(default_factory=list)
    restated: str = ""  # why the chain is no answer although its steps hold (it ends in a derivative)

    @property
    def first_wrong_step(self) -> int | None:
        """The 1-based number of the first step that does not follow from the one before."""
        return next((s.step for s in self.steps if s.status == "wrong"), None)

    @property
    def status(self) -> str:
        if any(s.status in ("invalid", "unchecked") for s in self.steps) or self.restated:
            return "invalid"
        if self.first_wrong_step is not None or self.reaches_answer is False:
            return "wrong"
        return "correct"

    @property
    def valid(self) -> bool:
        return self.status == "correct"

    def to_dict(self) -> dict[str, Any]:
        return {"valid": self.valid, "first_wrong_step": self.first_wrong_step, "status": self.status,
                "reaches_answer": self.reaches_answer, "steps": [s.to_dict() for s in self.steps]}


def split_steps(text: str) -> list[str]:
    """The steps in typed text: one per line, or separated by '=' or an arrow (⇒, →, =>, ->); '#' starts a
    comment."""
    steps = []
    for line in text.splitlines():
        line = line.split("#", 1)[0]
        steps += [part.strip() for part in STEP_SEPARATOR.split(line) if part.strip()]
    return steps


def check_chain(steps: Sequence[str], symbols: Mapping[str, str] | None = None,
                matrices: Mapping[str, tuple[str, str]] | None = None, *, start: str | None = None,
                answer: str | None = None, mistakes: Sequence[Mistake] = (), lang: str = "en",
                timeout: float | None = None, question: Question | None = None) -> DerivationReport:
    """Check that each step equals the one before (the first is compared with `start` when given).

    symbols None: any identifier is a real variable. With `answer`, the last step must equal it and be
    free of diff(...). `mistakes` are known wrong expressions whose feedback a matching step gets.
    The work runs in a killable worker; a step not checked in time is 'invalid'. `question`, when given,
    adds its rules: the names it defines, its forbidden names, and a last step free of derivatives.
    """
    if timeout is None:
        timeout = TOTAL_SECONDS + SECONDS_PER_STEP * max(0, len(steps) - 1)
    outcome = run_streaming("quizprep.checking.derivation_worker:chain_stream", list(steps), symbols, matrices,
                            start, answer, list(mistakes), lang, question, timeout=timeout, grace=PROOF_SECONDS)
    report = outcome.value if outcome.value is not None else blank_report(list(steps), start)
    for step in report.steps:
        if step.status == "unchecked" and not _after_invalid(report, step):
            step.status, step.feedback = "invalid", TOOK_TOO_LONG.in_lang(lang)
    return report


def blank_report(steps: list[str], start: str | None) -> DerivationReport:
    """Every step unchecked, numbered from 0 when there is a given start (the question's), else from 1."""
    first = 0 if start is not None else 1
    texts = ([start] if start is not None else []) + steps
    return DerivationReport([StepVerdict(first + i, text) for i, text in enumerate(texts)])


def _after_invalid(report: DerivationReport, step: StepVerdict) -> bool:
    earlier = [s for s in report.steps if s.step == step.step - 1]
    return bool(earlier) and earlier[0].status in ("invalid", "unchecked")


def summary(report: DerivationReport, lang: str = "en") -> str:
    """One or two sentences on the whole chain: the first wrong step and why, or that it holds."""
    first = report.first_wrong_step
    if report.restated and not any(s.status in ("invalid", "unchecked") for s in report.steps):
        return report.restated
    if report.status == "invalid":
        bad = next(s for s in report.steps if s.status in ("invalid", "unchecked"))
        return Text(f"Step {bad.step} could not be checked: {bad.feedback}",
                    f"Шаг {bad.step} не удалось проверить: {bad.feedback}").in_lang(lang)
    if first is not None:
        return next(s.feedback for s in report.steps if s.step == first)
    if report.reaches_answer is False:
        return report.answer_feedback
    checked = len(report.steps) - 1
    if checked == 1:
        return Text("The step holds.", "Шаг верен.").in_lang(lang)
    return Text(f"All {checked} steps hold.", f"Все шаги ({checked}) верны.").in_lang(lang)


def method_of(report: DerivationReport) -> str | None:
    methods = [s.method for s in report.steps if s.method]
    if not methods:
        return None
    return "proved" if all(m == "proved" for m in methods) else "each step " + next(
        m for m in methods if m != "proved")


def check_derivation_answer(instance: QuestionInstance, text: str, lang: str = "en") -> Verdict:
    """Grade the steps typed for a derivation question (one per line), from its start to its answer."""
    question = instance.question
    steps = split_steps(text)
    notes = []
    if len(steps) > 1 and DERIVATIVE_LABEL.match(steps[0]):  # "dσ/dx = …": the label is no step
        notes.append(LABEL_NOTE.in_lang(lang).format(label=steps[0]))
        steps = steps[1:]
    if not steps:
        return Verdict(question.id, "invalid", Text("Type the steps of the derivation, one per line.",
                                                    "Введите шаги вывода, по одному в строке.").in_lang(lang))
    report = check_chain(steps, question.symbols, question.matrices, start=question.start,
                         answer=str(instance.answer), mistakes=question.mistakes, lang=lang, question=question)
    wrong = next((s for s in report.steps if s.status == "wrong"), None)
    mistake = wrong.mistake if wrong else None
    read_as = " = ".join(s.read_as or s.expression for s in report.steps)
    return Verdict(question.id, report.status, "Correct." if report.valid else summary(report, lang),  # type: ignore[arg-type]
                   read_as=read_as, expected=report.answer_read_as or str(instance.answer),
                   method=method_of(report) if report.valid else None,
                   counterexample=wrong.counterexample if wrong else None,
                   steps=[s.to_dict() for s in report.steps], mistake=mistake, notes=notes)
