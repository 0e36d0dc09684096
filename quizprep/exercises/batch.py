"""Grade many files at once (a whole class): `check_many(exercise_id, files, jobs) -> [BatchEntry]`.

Each file is checked by `runner.check_file` in its own sandbox; `jobs` checks run at a time (threads
here: the work is in the sandbox children, this process mostly waits on them). A file that cannot be
graded, or whose code is hostile, is one entry with its reason; it never stops the others. Batch
checks are not recorded in the progress store. The gradebook is one row per file, as CSV or JSON.
"""

from __future__ import annotations

import csv
import io
import json
import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quizprep.errors import QuizprepError
from quizprep.exercises.report import CheckReport

GRADEBOOK_FORMATS = (".csv", ".json")
GRADEBOOK_COLUMNS = ("file", "status", "passed", "checks_passed", "checks_total", "extras", "diagnosis", "seconds")
SKIPPED_DIRS = ("__pycache__", ".ipynb_checkpoints")


class BatchInterrupted(Exception):
    """Ctrl-C during a batch: `entries` are the files graded before it (in the order given), of `total`."""

    def __init__(self, entries: list[BatchEntry], total: int):
        super().__init__(f"interrupted after {len(entries)} of {total} files")
        self.entries, self.total = entries, total


@dataclass
class BatchEntry:
    """One file of a batch: its report, or why it could not be graded; the seconds its check took."""

    file: Path
    report: CheckReport | None = None
    error: str | None = None
    seconds: float = 0.0

    @property
    def status(self) -> str:
        """'passed', 'failed' or 'not graded'."""
        if self.report is None:
            return "not graded"
        return "passed" if self.report.passed else "failed"

    @property
    def checks(self) -> tuple[int, int]:
        """(checks passed, checks run)."""
        if self.report is None:
            return 0, 0
        # the graded rows where the report tells them apart (optional extras not attempted do not count)
        rows = getattr(self.report, "graded", self.report.probes)
        return sum(row.ok for row in rows), len(rows)

    @property
    def diagnosis(self) -> str:
        if self.report is None:
            return self.error or ""
        return "" if self.report.passed else (self.report.diagnosis or "")

    @property
    def extras(self) -> str:
        """The optional extras and how they went, when the report has them (empty otherwise)."""
        if self.report is None:
            return ""
        extras = self.report.to_dict().get("extras")
        if isinstance(extras, dict):
            return "; ".join(f"{name}: {value}" for name, value in extras.items())
        if isinstance(extras, (list, tuple)):
            return "; ".join(str(item) for item in extras)
        return "" if extras is None else str(extras)


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """The .py files named or inside the directories named (recursively), in order, each once.

    Raises QuizprepError naming a path that does not exist, or when no .py file is found at all.
    """
    found: list[Path] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given).expanduser()
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*.py")
                            if p.is_file() and not any(part in SKIPPED_DIRS or part.startswith(".")
                                                       for part in p.relative_to(path).parts[:-1]))
        elif path.exists():
            inside = [path]
        else:
            raise QuizprepError(f"{path}: no such file or directory")
        for file in inside:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                found.append(file)
    if not found:
        given = [Path(p) for p in paths]
        if len(given) == 1:
            raise QuizprepError(f"{given[0]}: is a directory with no .py files in it")
        raise QuizprepError(f"no .py files in {', '.join(str(p) for p in given)}")
    return found


def default_jobs() -> int:
    return os.cpu_count() or 1


def check_one(exercise_id: str, file: Path, options: dict[str, Any]) -> BatchEntry:
    """Check one file; whatever happens becomes an entry (never an exception)."""
    from quizprep.exercises.runner import check_file

    started = time.monotonic()
    entry = BatchEntry(file)
    try:
        entry.report = check_file(exercise_id, file, **options)
    except QuizprepError as exc:
        entry.error = str(exc)
    except Exception as exc:  # noqa: BLE001 - a checker bug on one file must not stop the class
        entry.error = f"internal error: {type(exc).__name__}: {exc} (please report it)"
    entry.seconds = time.monotonic() - started
    return entry


def check_many(exercise_id: str, files: list[Path], jobs: int | None = None,
               on_done: Callable[[BatchEntry], None] | None = None, **options: Any) -> list[BatchEntry]:
    """Check every file (`jobs` at a time; default: the number of CPUs); entries in the order of `files`.

    `options` are check_file's (timeout, backend, device, style); `on_done(entry)` is called as each ends.
    """
    from quizprep.exercises.catalog import get_exercise

    exercise_id = get_exercise(exercise_id).id
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise QuizprepError(f"--jobs must be at least 1 (got {jobs})")
    warm_up(exercise_id)  # imports and lazy loads happen once, here, not in several threads at a time
    entries: list[BatchEntry | None] = [None] * len(files)
    pool = ThreadPoolExecutor(max_workers=min(jobs, len(files)) or 1)
    try:
        futures = {pool.submit(check_one, exercise_id, file, options): i for i, file in enumerate(files)}
        for future in as_completed(futures):
            entry = future.result()
            entries[futures[future]] = entry
            if on_done is not None:
                on_done(entry)
    except KeyboardInterrupt:  # Ctrl-C: start no further file (those running end within their timeout)
        pool.shutdown(wait=False, cancel_futures=True)
        raise BatchInterrupted([entry for entry in entries if entry is not None], len(files)) from None
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return [entry for entry in entries if entry is not None]


def warm_up(exercise_id: str) -> None:
    """Import what a check imports lazily (numpy, the engine's namespace, the probes) once, before the threads."""
    import numpy as np

    from quizprep.engine.backend import namespace
    from quizprep.exercises.catalog import get_exercise
    from quizprep.exercises.probes import probes_for
    from quizprep.exercises.styles import probing  # noqa: F401 - imported for its side effect: loaded once

    namespace(np.zeros(1))
    probes_for(get_exercise(exercise_id).family)


def exit_code(entries: list[BatchEntry]) -> int:
    """0 all passed, 1 any failed or not graded, 2 nothing could be graded."""
    if not any(entry.report is not None for entry in entries):
        return 2
    return 0 if all(entry.status == "passed" for entry in entries) else 1


def gradebook_rows(entries: list[BatchEntry]) -> list[dict[str, Any]]:
    rows = []
    for entry in entries:
        passed, total = entry.checks
        rows.append({"file": str(entry.file), "status": entry.status, "passed": entry.status == "passed",
                     "checks_passed": passed, "checks_total": total, "extras": entry.extras,
                     "diagnosis": entry.diagnosis, "seconds": round(entry.seconds, 3)})
    return rows


def check_gradebook_path(path: Path) -> None:
    """Refuse, before any grading, a gradebook that could not be written."""
    if path.suffix.lower() not in GRADEBOOK_FORMATS:
        raise QuizprepError(f"{path}: a gradebook is a .csv or a .json file")
    if path.is_dir():
        raise QuizprepError(f"{path}: is a directory, not a gradebook file")
    if not path.parent.is_dir():
        raise QuizprepError(f"{path}: the directory {path.parent} does not exist")


def write_gradebook(path: Path, entries: list[BatchEntry]) -> None:
    """One row per file, as CSV or JSON by the file's suffix."""
    rows = gradebook_rows(entries)
    if path.suffix.lower() == ".json":
        text = json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=GRADEBOOK_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        text = buffer.getvalue()
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise QuizprepError(f"cannot write the gradebook {path}: {exc.strerror or exc}") from None
