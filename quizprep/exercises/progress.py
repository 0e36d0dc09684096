"""What the progress store knows about exercises: graded checks (recorded like answers), passes, hints seen.

A check is recorded as an attempt at the exercise's code question (`implement-<id>`, via 'check'; a
quiz records the same question via 'code'). The store's key/value table (not a study setting: `quizprep
config` ignores it) keeps, per exercise, how many hints were shown (`exercise-hints:<id>`) and the hint
for the bug the last failed check diagnosed (`exercise-diagnosed-hint:<id>`), which `--hint` shows next.
"""

from __future__ import annotations

from collections.abc import Iterable

from quizprep.exercises.catalog import Exercise
from quizprep.exercises.report import CheckReport
from quizprep.study.store import Attempt, ProgressStore

HINTS_KEY = "exercise-hints:{}"
DIAGNOSED_KEY = "exercise-diagnosed-hint:{}"
STATES = ("passed", "attempted", "new")


def _int_setting(store: ProgressStore, key: str) -> int:
    try:
        return int(store.settings_items().get(key, 0))
    except ValueError:
        return 0


def hints_seen(store: ProgressStore, exercise: Exercise) -> int:
    """How many of the exercise's hints were shown so far, one after another."""
    return _int_setting(store, HINTS_KEY.format(exercise.id))


def next_hint(exercise: Exercise, lang: str = "en") -> tuple[int, int, str]:
    """(number, total, text) of the hint to show now: the one for the bug the last failed check named, if
    it was not shown yet; else the next one not yet shown (the last one again once all were shown)."""
    total = len(exercise.hints)
    with ProgressStore() as store:
        diagnosed = _int_setting(store, DIAGNOSED_KEY.format(exercise.id))
        if 1 <= diagnosed <= total:
            store.set_setting(DIAGNOSED_KEY.format(exercise.id), "0")
            return diagnosed, total, exercise.hints[diagnosed - 1].in_lang(lang)
        number = min(hints_seen(store, exercise) + 1, total)
        store.set_setting(HINTS_KEY.format(exercise.id), str(number))
    return number, total, exercise.hints[number - 1].in_lang(lang)


def passed_question_ids() -> set[str]:
    """The code questions (`implement-<id>`) passed, by `quizprep check` or in a quiz."""
    with ProgressStore() as store:
        return {row.question_id for row in store.attempts()
                if row.via in ("check", "code") and row.status == "correct"}


def exercise_states(exercises: Iterable[Exercise]) -> dict[str, str]:
    """Each exercise's state: 'passed' (a check or a quiz passed it), 'attempted' (graded, never passed)
    or 'new'."""
    with ProgressStore() as store:
        rows = [row for row in store.attempts() if row.via in ("check", "code")]
    passed = {row.question_id for row in rows if row.status == "correct"}
    tried = {row.question_id for row in rows}
    return {e.id: "passed" if e.question_id in passed else "attempted" if e.question_id in tried else "new"
            for e in exercises}


def suggest_next(exercises: Iterable[Exercise], states: dict[str, str], after: str | None = None) -> Exercise | None:
    """The exercise to do next: the first one (in the catalog's order, after `after` if given, wrapping
    round) not passed yet; one already attempted comes before a new one only when it comes first."""
    ordered = list(exercises)
    if after is not None:
        index = next((i for i, e in enumerate(ordered) if e.id == after), -1)
        ordered = ordered[index + 1:] + ordered[:index + 1]
    return next((e for e in ordered if states.get(e.id) != "passed"), None)


def solution_unlocked(exercise: Exercise) -> bool:
    """True once the exercise was passed, or given up in a quiz (whose closing points to --solution)."""
    with ProgressStore() as store:
        return any(row.question_id == exercise.question_id and
                   ((row.via == "check" and row.status == "correct") or row.via == "code")
                   for row in store.attempts())


def recorded_answer(report: CheckReport, source: str) -> str:
    """The answer a check records: the code, and a last line saying which optional settings passed."""
    if not report.extras:
        return source
    states = "; ".join(f"{name} {state}" for name, state in report.extras.items())
    strict = " (--strict)" if report.strict else ""
    return f"{source.rstrip()}\n# quizprep check{strict}: optional settings: {states}\n"


def record_check(exercise: Exercise, report: CheckReport, source: str) -> None:
    """Record a graded check like an answer: 'correct' if it passed, 'wrong' if not; the answer is the code
    (with the optional settings' results). A failed check remembers the hint for the bug it named."""
    with ProgressStore() as store:
        store.record_attempt(Attempt(
            exercise.question_id, exercise.topic, "code", report.status, recorded_answer(report, source),
            via="check", duration_ms=int(report.timings.get("total", 0.0) * 1000),
            hints_used=hints_seen(store, exercise)))
        diagnosed = report.hint_number if not report.passed and report.hint_number else 0
        store.set_setting(DIAGNOSED_KEY.format(exercise.id), str(diagnosed))
