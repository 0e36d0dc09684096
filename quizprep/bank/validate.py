"""Validate a bank: schema (by loading), unique ids, every reference answer accepted, every mistake rejected.

Every problem of every file is reported in one run, each with its file, question and field. Checking the
answers is the slow part (it runs the checkers), so its results are kept in a cache keyed by each file's
content and by quizprep's own code: validating an unchanged bank again only re-reads the files.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from quizprep.bank.duplicates import duplicate_messages
from quizprep.bank.loader import Bank, collect_bank, load_bank, shipped_bank_dir
from quizprep.bank.model import Question
from quizprep.errors import BankError, QuizprepError

SEEDS_TRIED = (None, 1, 2, 3)
CACHE_FORMAT = 1
CACHE_ENTRIES = 2000  # files remembered (of every bank validated, edits included)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a bank, located as precisely as possible."""

    file: str
    question_id: str | None
    message: str
    field: str | None = None

    def __str__(self) -> str:
        where = self.file + (f": question '{self.question_id}'" if self.question_id else "")
        where += f": field '{self.field}'" if self.field else ""
        return f"{where}: {self.message}" if where else self.message

    @classmethod
    def from_error(cls, error: BankError) -> Problem:
        message = str(error).removeprefix(_location(error)).removeprefix(": ")
        return cls(error.file, error.question_id, message, error.field)


def _location(error: BankError) -> str:
    return str(Problem(error.file, error.question_id, "", error.field)).removesuffix(": ")


@dataclass(frozen=True)
class ValidationReport:
    questions: int
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def validate_bank(directory: Path | None = None, use_cache: bool = True) -> ValidationReport:
    """Check the bank in `directory` (the shipped bank when None) and list every problem found."""
    if directory is None:
        bank, errors = collect_bank(include_env=False)
    else:
        bank, errors = collect_bank([directory], include_shipped=False, include_env=False)
    problems = [Problem.from_error(error) for error in errors]
    not_loaded = {(p.file, p.question_id) for p in problems if p.question_id}
    if directory is not None and directory.is_dir():
        problems += _clashes_with_the_shipped_bank(bank, directory)
    problems += _check_answers(bank, use_cache)
    problems += [Problem(str(q.file), q.id, message) for q, message in duplicate_messages(bank)]  # bank-infra
    problems.sort(key=lambda problem: problem.file)  # stable: each file's problems together, in file order
    return ValidationReport(len(bank) + len(not_loaded), tuple(problems))


def _clashes_with_the_shipped_bank(bank: Bank, directory: Path) -> list[Problem]:
    """A user's bank joins the shipped one, so its ids must not be taken there (`--bank` would refuse it)."""
    if directory.resolve() == shipped_bank_dir().resolve():
        return []
    try:
        shipped = {q.id: q for q in load_bank(include_env=False)}
    except QuizprepError:
        return []
    return [Problem(str(q.file), q.id, f"id already used by the shipped bank ({shipped[q.id].file})")
            for q in bank if q.id in shipped]


def _check_answers(bank: Bank, use_cache: bool) -> list[Problem]:
    """Each file's questions checked with their own checkers, or their problems from the cache."""
    by_file: dict[Path, list[Question]] = {}
    for question in bank:
        by_file.setdefault(Path(question.file), []).append(question)
    cache = _read_cache() if use_cache else {}
    problems: list[Problem] = []
    fresh: dict[str, list[dict[str, str | None]]] = {}
    for path, questions in by_file.items():
        key = _file_key(path, questions)
        if key in cache:
            found = [Problem(**item) for item in cache[key]]  # type: ignore[arg-type]
        else:
            found = [problem for question in questions for problem in _check_question(question)]
        fresh[key] = [asdict(problem) for problem in found]
        problems += found
    if use_cache:
        _write_cache(fresh)
    return problems


def _file_key(path: Path, questions: Iterable[Question]) -> str:
    """A file's content hash (and which of its questions loaded: the rest are reported by the loader)."""
    digest = hashlib.sha256()
    try:
        digest.update(path.read_bytes())
    except OSError:
        digest.update(str(path).encode())
    digest.update(str(path.resolve()).encode())
    digest.update(",".join(q.id for q in questions).encode())
    return digest.hexdigest()


def _code_version() -> str:
    """Names, sizes and times of quizprep's own modules: a new checker or generator invalidates the cache."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(str(CACHE_FORMAT).encode())
    for module in sorted(package.rglob("*.py")):
        stat = module.stat()
        digest.update(f"{module.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()


def _cache_path() -> Path:
    from quizprep.study.paths import data_dir

    return data_dir() / "cache" / "validate.json"


def _read_cache() -> dict[str, list[dict[str, str | None]]]:
    try:
        data = json.loads(_cache_path().read_text(encoding="utf-8"))
    except Exception:  # noqa: BLE001 - a missing or damaged cache only means checking the answers again
        return {}
    if isinstance(data, dict) and data.get("code") == _code_version() and isinstance(data.get("files"), dict):
        return data["files"]
    return {}


def _write_cache(files: dict[str, list[dict[str, str | None]]]) -> None:
    """Keep the results of this run (merged with the cached ones of other banks), atomically."""
    try:
        merged = {key: value for key, value in _read_cache().items() if key not in files}
        merged.update(files)  # this run's files last: the oldest entries are the first to go
        merged = dict(list(merged.items())[-CACHE_ENTRIES:])
        target = _cache_path()
        target.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps({"code": _code_version(), "files": merged}, ensure_ascii=False)
        with tempfile.NamedTemporaryFile("w", dir=target.parent, delete=False, suffix=".tmp",
                                         encoding="utf-8") as handle:
            handle.write(payload)
        os.replace(handle.name, target)
    except OSError:
        pass


def _check_question(question: Question) -> list[Problem]:
    from quizprep.bank.instance import instantiate
    from quizprep.checking.dispatch import answer_as_text, check, field_problems

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
            return [Problem(file, question.id, f"generator failed for seed {seed}: {exc!r}", "generator")]
        reference = answer_as_text(question, instance.answer)
        verdict = check(instance, reference)
        if not verdict.correct:
            problems.append(Problem(file, question.id, f"reference answer {reference!r} (seed {seed}) is not "
                                                       f"accepted by its own checker: {verdict.feedback}",
                                    "answer"))
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
            return [Problem(str(question.file), question.id, f"unknown exercise '{question.exercise}'",
                            "exercise")]
    return []
