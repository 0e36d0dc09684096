"""What the progress store knows about exercises: graded checks (recorded like answers), passes, hints seen.

A check is recorded as an attempt at the exercise's code question (`implement-<id>`, via 'check'; a
quiz records the same question via 'code'); the number of hints shown per exercise is kept in the
store's key/value table under `exercise-hints:<id>` (not a study setting: `quizprep config` ignores it).
"""

from __future__ import annotations

from quizprep.exercises.catalog import Exercise
from quizprep.exercises.report import CheckReport
from quizprep.study.store import Attempt, ProgressStore

HINTS_KEY = "exercise-hints:{}"


def hints_seen(store: ProgressStore, exercise: Exercise) -> int:
    """How many of the exercise's hints were shown so far."""
    try:
        return int(store.settings_items().get(HINTS_KEY.format(exercise.id), 0))
    except ValueError:
        return 0


def next_hint(exercise: Exercise) -> tuple[int, int, str]:
    """(number, total, text) of the next hint not yet shown (the last one again once all were shown)."""
    with ProgressStore() as store:
        number = min(hints_seen(store, exercise) + 1, len(exercise.hints))
        store.set_setting(HINTS_KEY.format(exercise.id), str(number))
    return number, len(exercise.hints), exercise.hints[number - 1]


def passed_question_ids() -> set[str]:
    """The code questions (`implement-<id>`) passed, by `quizprep check` or in a quiz."""
    with ProgressStore() as store:
        return {row.question_id for row in store.attempts()
                if row.via in ("check", "code") and row.status == "correct"}


def solution_unlocked(exercise: Exercise) -> bool:
    """True once the exercise was passed, or given up in a quiz (whose closing points to --solution)."""
    with ProgressStore() as store:
        return any(row.question_id == exercise.question_id and
                   ((row.via == "check" and row.status == "correct") or row.via == "code")
                   for row in store.attempts())


def record_check(exercise: Exercise, report: CheckReport, source: str) -> None:
    """Record a graded check like an answer: 'correct' if it passed, 'wrong' if not; the answer is the code."""
    with ProgressStore() as store:
        store.record_attempt(Attempt(
            exercise.question_id, exercise.topic, "code", report.status, source, via="check",
            duration_ms=int(report.timings.get("total", 0.0) * 1000), hints_used=hints_seen(store, exercise)))
