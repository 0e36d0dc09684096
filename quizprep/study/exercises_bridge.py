"""Code questions in a quiz, through `quizprep.exercises` (written separately): write the template, check a file.

The quiz only needs two names from that package: `templates.write_template(exercise_id, directory,
backend=..., force=...) -> Path` and `runner.check_file(exercise_id, path) -> report with .passed`.
When the package is missing, code questions are left out of a quiz with a note saying why.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MISSING_MESSAGE = "code questions need the quizprep.exercises module, which is not installed"


@dataclass(frozen=True)
class CodeCheck:
    """The outcome of checking the user's file: passed or not, and what the runner said."""

    passed: bool
    details: str


def exercises_available() -> bool:
    """Whether quizprep.exercises (templates and runner) can be imported, without importing it yet."""
    try:
        return all(importlib.util.find_spec(name) is not None
                   for name in ("quizprep.exercises.templates", "quizprep.exercises.runner"))
    except (ImportError, ValueError):
        return False


def prepare_exercise(exercise_id: str, directory: Path, backend: str = "numpy") -> tuple[Path, bool]:
    """The file to edit for `exercise_id` in `directory/<exercise_id>/`: (path, True if it was already there).

    A file the user already started is kept, never overwritten.
    """
    from quizprep.exercises.templates import write_template

    folder = directory / exercise_id
    existing = sorted(folder.glob("*.py")) if folder.is_dir() else []
    if existing:
        return existing[0], True
    folder.mkdir(parents=True, exist_ok=True)
    return Path(write_template(exercise_id, folder, backend=backend, force=False)), False


def check_exercise(exercise_id: str, path: Path) -> CodeCheck:
    """Run the exercise's checks on `path`; a broken file or a crash in it is a failed check, never an error."""
    from quizprep.errors import QuizprepError
    from quizprep.exercises.runner import check_file

    try:
        report = check_file(exercise_id, path)
    except QuizprepError as exc:  # the file is gone, unreadable, too large: the message says which
        return CodeCheck(False, str(exc))
    except Exception as exc:  # noqa: BLE001 - the user's code may fail in any way; report it, keep the quiz going
        return CodeCheck(False, f"{type(exc).__name__}: {exc}")
    return CodeCheck(bool(getattr(report, "passed", False)), describe_report(report))


def read_source(path: Path) -> str:
    """The checked file's text, recorded as the attempt's answer (as `quizprep check` does); '' if unreadable."""
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def describe_report(report: Any) -> str:
    """The runner's own words about a check: its summary line, then its hint and the user's traceback, if any."""
    lines: list[str] = []
    for name in ("summary", "message", "details"):
        value = getattr(report, name, None)
        if isinstance(value, str) and value.strip():
            lines.append(value.strip())
            break
    else:
        lines.append("all checks passed" if getattr(report, "passed", False) else "some checks failed")
    if not getattr(report, "passed", False):
        hint = getattr(report, "hint", None)
        if isinstance(hint, str) and hint.strip():
            lines.append(f"hint: {hint.strip()}")
        trace = getattr(report, "traceback", None)
        if isinstance(trace, str) and trace.strip():
            lines.append(trace.strip())
    return "\n".join(lines)
