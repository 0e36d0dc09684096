"""Validate a bank: schema (by loading), unique ids, every reference answer accepted, every mistake rejected."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from quizprep.bank.duplicates import duplicate_messages
from quizprep.bank.instance import instantiate
from quizprep.bank.loader import Bank, load_bank, shipped_bank_dir
from quizprep.bank.model import Question
from quizprep.checking.dispatch import answer_as_text, check, field_problems
from quizprep.errors import QuizprepError

SEEDS_TRIED = (None, 1, 2, 3)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a bank, located as precisely as possible."""

    file: str
    question_id: str | None
    message: str

    def __str__(self) -> str:
        where = self.file + (f": question '{self.question_id}'" if self.question_id else "")
        return f"{where}: {self.message}" if where else self.message


@dataclass(frozen=True)
class ValidationReport:
    questions: int
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def validate_bank(directory: Path | None = None) -> ValidationReport:
    """Check the bank in `directory` (the shipped bank when None) and list every problem found."""
    try:
        if directory is None:
            bank = load_bank(include_env=False)
        else:
            bank = load_bank([directory], include_shipped=False, include_env=False)
    except QuizprepError as exc:
        return ValidationReport(0, (Problem("", None, str(exc)),))
    problems: list[Problem] = []
    if directory is not None:
        problems += _clashes_with_the_shipped_bank(bank, directory)
    for question in bank:
        problems += _check_question(question)
    problems += [Problem(str(q.file), q.id, message) for q, message in duplicate_messages(bank)]  # bank-infra
    return ValidationReport(len(bank), tuple(problems))


def _clashes_with_the_shipped_bank(bank: Bank, directory: Path) -> list[Problem]:
    """A user's bank joins the shipped one, so its ids must not be taken there (`--bank` would refuse it)."""
    if directory.resolve() == shipped_bank_dir().resolve():
        return []
    shipped = {q.id: q for q in load_bank(include_env=False)}
    return [Problem(str(q.file), q.id, f"id already used by the shipped bank ({shipped[q.id].file})")
            for q in bank if q.id in shipped]


def _check_question(question: Question) -> list[Problem]:
    file = str(question.file)
    if question.kind in ("code", "self-graded"):
        return _check_untyped(question)
    problems = [Problem(file, question.id, message) for message in field_problems(question)]  # checker's fields
    seeds = SEEDS_TRIED if question.is_parameterized else (None,)
    for seed in seeds:
        try:
            instance = instantiate(question, seed)
        except QuizprepError as exc:
            return [Problem(file, question.id, str(exc))]
        except Exception as exc:  # noqa: BLE001 - a generator bug is reported, it must not crash validation
            return [Problem(file, question.id, f"generator failed for seed {seed}: {exc!r}")]
        reference = answer_as_text(question, instance.answer)
        verdict = check(instance, reference)
        if not verdict.correct:
            problems.append(Problem(file, question.id, f"reference answer {reference!r} (seed {seed}) is not "
                                                       f"accepted by its own checker: {verdict.feedback}"))
        if seed is None:
            for i, mistake in enumerate(question.mistakes, 1):
                typed = answer_as_text(question, mistake.answer)
                verdict = check(instance, typed)
                if verdict.status != "wrong":
                    problems.append(Problem(file, question.id, f"mistakes[{i}] {typed!r} is not rejected "
                                                               f"(checker says {verdict.status})"))
    return problems


def _check_untyped(question: Question) -> list[Problem]:
    if question.kind == "code":
        try:
            from quizprep.exercises.catalog import EXERCISES
        except ImportError:
            return []
        if question.exercise not in EXERCISES:
            return [Problem(str(question.file), question.id, f"unknown exercise '{question.exercise}'")]
    return []
