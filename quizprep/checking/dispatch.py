"""Route an answer to the checker for its question's kind; give validation the reference answer as typed text."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from quizprep.bank.instance import QuestionInstance
from quizprep.bank.model import Question
from quizprep.checking.messages import message
from quizprep.checking.verdict import Verdict

Checker = Callable[[QuestionInstance, str, str], Verdict]

# kind -> "module:function"; imported on first use so that a numeric answer never loads SymPy.
CHECKERS: dict[str, str] = {
    "numeric": "quizprep.checking.numbers:check_numeric",
    "choice": "quizprep.checking.choice:check_choice",
    "symbolic": "quizprep.checking.symbolic:check_symbolic",
    "derivation": "quizprep.checking.derivation:check_derivation_answer",
}

NOT_TYPED = {"code": "not_typed_code", "self-graded": "not_typed_self"}  # kind -> key in messages.py


def checker_for(kind: str) -> Checker | None:
    target = CHECKERS.get(kind)
    if target is None:
        return None
    module_name, function_name = target.split(":")
    return getattr(importlib.import_module(module_name), function_name)


def warm_up() -> None:
    """Start the symbolic checker's worker process now, loading SymPy there in the background.

    A command that may grade a symbolic or derivation answer calls this first, before slow work of its
    own (loading the bank): the first check then finds SymPy loaded instead of waiting for it. Cheap and
    harmless when no such answer comes.
    """
    from quizprep.checking.timebox import start_worker

    start_worker(warm="quizprep.checking.symbolic_worker:warm")


def check(instance: QuestionInstance, text: str, lang: str = "en") -> Verdict:
    """Grade `text` as an answer to `instance`; never raises for bad input (that is an 'invalid' verdict)."""
    question = instance.question
    if question.kind in NOT_TYPED:
        return Verdict(question.id, "invalid", message(NOT_TYPED[question.kind], lang, exercise=question.exercise))
    checker = checker_for(question.kind)
    if checker is None:  # pragma: no cover - every kind is in CHECKERS or NOT_TYPED
        return Verdict(question.id, "invalid", f"no checker for questions of kind '{question.kind}'")
    return checker(instance, text, lang)


def answer_as_text(question: Question, answer: object) -> str:
    """A reference answer or a listed mistake, written as a user would type it."""
    if isinstance(answer, list):
        return "[" + ", ".join(repr(float(v)) if question.kind == "numeric" else str(v) for v in answer) + "]"
    if question.kind == "numeric":
        return repr(float(answer))  # type: ignore[arg-type]
    return str(answer)


def field_problems(question: Question) -> list[str]:
    """What is wrong with the checker's fields of a question (forbid, define) as authored: for validate."""
    if question.kind not in CHECKERS or not (question.forbid or question.define or question.kind in (
            "symbolic", "derivation")):
        return []
    from quizprep.checking.restrictions import question_field_problems

    accepted = [str(question.answer)] if question.kind in ("symbolic", "derivation") else []
    return question_field_problems(question, accepted)
