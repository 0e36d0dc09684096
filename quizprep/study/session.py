"""A study session without a terminal: it is fed lines of input and answers with plain Step objects.

The command layer loops: `start_next()` gives the question to render, each line the user types goes to
`submit(line)`, and the returned Step says what to render. Every graded answer is committed to the
progress store the moment it is given (attempt, card and review log in one transaction), so leaving at
any prompt loses nothing already answered.

Rules of a question:
- The first graded answer is the review: it rates the card (see scheduler.rating_for) and sets when it
  comes back. Invalid input (unparsable) can be retyped without penalty.
- After a wrong answer the user may try again (up to `max_tries` graded answers in all; the retries are
  recorded as attempts, the card is not rated twice), ask for a hint, reveal the answer or skip.
- `answer` reveals the reference answer; before any graded answer it counts as a lapse (Again).
- `skip` before any graded answer leaves the card untouched: the question stays due (or new).
- Self-graded questions reveal the model answer on any input (`answer` too: it is not a lapse there), then
  ask Again/Hard/Good/Easy.
- Code questions write the exercise's template; each check of the file (on save, or on `check`) reports
  back; passing ends the question, giving up after a failed check is a lapse.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from pathlib import Path
from typing import Literal

from quizprep.bank.instance import QuestionInstance, instantiate
from quizprep.bank.model import Question
from quizprep.checking.verdict import Verdict
from quizprep.study.clock import Clock, SystemClock
from quizprep.study.planner import PlannedQuestion
from quizprep.study.scheduler import RATING_NAMES, Outcome, StudyScheduler, parse_rating, rating_for
from quizprep.study.store import Attempt, ProgressStore

COMMANDS = {"hint": "hint", "?": "hint", "skip": "skip", "answer": "answer", "quit": "quit", "check": "check"}
# What the session itself says (the checkers and the exercise runner speak for themselves).
MESSAGES = {
    "en": {"no-hints": "no hints for this question; `answer` reveals it",
           "no-more-hints": "no more hints; `answer` reveals it",
           "rate": "rate your answer: 1 again, 2 hard, 3 good, 4 easy", "continuing": "continuing your file"},
    "ru": {"no-hints": "у этого вопроса нет подсказок; `answer` покажет ответ",
           "no-more-hints": "подсказок больше нет; `answer` покажет ответ",
           "rate": "оцените свой ответ: 1 снова, 2 трудно, 3 хорошо, 4 легко", "continuing": "продолжаем ваш файл"},
}

Event = Literal["graded", "invalid", "hint", "no-hint", "revealed", "skipped", "model-answer", "rated",
                "code-ready", "code-failed", "code-passed", "unavailable", "quit", "ignored"]


class Phase(str, Enum):
    """What the current question waits for."""

    ANSWER = "answer"
    RATE = "rate"
    CODE = "code"


@dataclass(frozen=True)
class Current:
    """The question on screen: its instance (numbers filled in), place in the session, and what it waits for."""

    instance: QuestionInstance
    position: int
    total: int
    reason: str
    phase: Phase

    @property
    def question(self) -> Question:
        return self.instance.question


@dataclass(frozen=True)
class Closing:
    """What is shown when a question is over: the answer (if revealed), the explanation, when it comes back."""

    instance: QuestionInstance
    explain: bool
    rating: str | None
    due: datetime | None
    now: datetime


@dataclass(frozen=True)
class Step:
    """What one line of input did. `closing` is set when the question is over."""

    event: Event
    verdict: Verdict | None = None
    message: str | None = None
    closing: Closing | None = None
    tries_left: int | None = None
    path: Path | None = None

    @property
    def question_over(self) -> bool:
        return self.closing is not None or self.event == "quit"


@dataclass
class QuestionResult:
    """How one question of the session went (for the summary and the mock-interview rubric)."""

    question: Question
    outcome: str = "unanswered"  # correct | wrong | revealed | skipped | rated | unanswered
    first_status: str | None = None
    solved: bool = False
    rating: int | None = None
    hints_used: int = 0
    tries: int = 0
    duration_s: float | None = None
    due: datetime | None = None


@dataclass(frozen=True)
class Summary:
    """The end of a session: each question's result, and whether it ended early."""

    results: tuple[QuestionResult, ...]
    planned: int
    quit_early: bool
    time_up: bool
    started_at: datetime
    ended_at: datetime
    mode: str

    @property
    def answered(self) -> list[QuestionResult]:
        return [r for r in self.results if r.outcome not in ("skipped", "unanswered")]

    @property
    def correct(self) -> int:
        return sum(1 for r in self.results if r.first_status == "correct")

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.results if r.outcome == outcome)


@dataclass
class _Progress:
    """Mutable state of the question in progress."""

    item: PlannedQuestion
    display: QuestionInstance
    shown_at: datetime
    phase: Phase
    result: QuestionResult
    hints_given: int = 0
    reviewed: bool = False
    failed_checks: int = 0
    code_path: Path | None = None
    instance: QuestionInstance | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


def display_instance(item: PlannedQuestion) -> QuestionInstance:
    """The instance to render, computed without solving when possible (solving may load SymPy)."""
    question = item.question
    if question.generator is not None and item.seed is None:
        return QuestionInstance(question, None, dict(question.params), None)
    return instantiate(question, item.seed)


class Session:
    """One run of `quizprep quiz`: a planned list of questions, answered one line at a time."""

    def __init__(self, store: ProgressStore, items: list[PlannedQuestion] | tuple[PlannedQuestion, ...],
                 scheduler: StudyScheduler | None = None, clock: Clock | None = None, lang: str = "en",
                 mode: str = "review", minutes: float | None = None, exercise_dir: Path | None = None,
                 max_tries: int = 3, checker: Callable[[QuestionInstance, str, str], Verdict] | None = None):
        self.store = store
        self.items = list(items)
        self.scheduler = scheduler or StudyScheduler()
        self.clock = clock or SystemClock()
        self.lang = lang
        self.mode = mode
        self.max_tries = max_tries
        self.exercise_dir = exercise_dir
        self.started_at = self.clock.now()
        self.deadline = self.started_at + timedelta(minutes=minutes) if minutes else None
        self.results: list[QuestionResult] = []
        self.quit_early = False
        self.time_up = False
        self._index = -1
        self._progress: _Progress | None = None
        self._checker = checker

    # -- moving through the session -------------------------------------------------------------------

    def start_next(self) -> Current | None:
        """Move to the next question and return it, or None when the session is over."""
        if self.quit_early:
            return None
        if self.deadline is not None and self.clock.now() >= self.deadline:
            self.time_up = True
            return None
        self._index += 1
        if self._index >= len(self.items):
            return None
        item = self.items[self._index]
        phase = {"self-graded": Phase.ANSWER, "code": Phase.CODE}.get(item.question.kind, Phase.ANSWER)
        result = QuestionResult(item.question)
        self.results.append(result)
        self._progress = _Progress(item, display_instance(item), self.clock.now(), phase, result)
        return self.current

    @property
    def current(self) -> Current | None:
        progress = self._progress
        if progress is None or self._index >= len(self.items):
            return None
        return Current(progress.display, self._index + 1, len(self.items), progress.item.reason, progress.phase)

    def current_code_path(self) -> Path | None:
        """The file the user edits for the current code question (once prepare_code wrote it)."""
        return self._progress.code_path if self._progress else None

    def remaining(self) -> timedelta | None:
        """Time left in a mock interview (None outside one)."""
        if self.deadline is None:
            return None
        return max(self.deadline - self.clock.now(), timedelta(0))

    def warm_up(self) -> threading.Thread:
        """Compute the instance and import its checker in the background, while the user reads the question."""
        thread = threading.Thread(target=self._warm_up, daemon=True)
        thread.start()
        return thread

    def _warm_up(self) -> None:
        try:
            self._instance()
            from quizprep.checking.dispatch import checker_for

            checker_for(self._require().item.question.kind)
        except Exception:  # noqa: BLE001, S110 - only a head start; the same work is redone, with errors, on submit
            pass

    def _instance(self) -> QuestionInstance:
        progress = self._require()
        with progress.lock:
            if progress.instance is None:
                item = progress.item
                if item.question.generator is None or item.seed is not None:
                    progress.instance = progress.display
                else:
                    progress.instance = instantiate(item.question, item.seed)
            return progress.instance

    def _require(self) -> _Progress:
        if self._progress is None:
            raise RuntimeError("no question in progress: call start_next() first")
        return self._progress

    # -- input ----------------------------------------------------------------------------------------

    def submit(self, text: str) -> Step:
        """Handle one line (or, for a derivation, the steps joined by newlines) of input."""
        progress = self._require()
        command = COMMANDS.get(text.strip().lower())
        if command == "quit":
            self.stop()
            return Step("quit")
        if command == "hint":
            return self._hint()
        if progress.phase is Phase.RATE:
            return self._rate(text)
        if progress.phase is Phase.CODE:
            if command in ("skip", "answer"):
                return self._give_up_code(command)
            return self.check_code()
        if command == "skip":
            return self._skip()
        if command == "answer" and progress.item.question.kind != "self-graded":
            return self._reveal()
        if progress.item.question.kind == "self-graded":  # any input, `answer` too: the model answer, then a rating
            progress.phase = Phase.RATE
            return Step("model-answer", closing=None, message=self._instance().answer.in_lang(self.lang))
        return self._grade(text)

    def _hint(self) -> Step:
        progress = self._require()
        hints = progress.item.question.hints
        if progress.hints_given >= len(hints):
            return Step("no-hint", message=self._message("no-more-hints" if hints else "no-hints"))
        hint = hints[progress.hints_given].in_lang(self.lang)
        progress.hints_given += 1
        progress.result.hints_used = progress.hints_given
        return Step("hint", message=hint)

    def _grade(self, text: str) -> Step:
        progress = self._require()
        try:
            instance = self._instance()
            verdict = self._check(instance, text)
        except Exception as exc:  # noqa: BLE001 - a checker failure must not end the session; retype instead
            verdict = Verdict(progress.item.question.id, "invalid", f"could not check this answer ({exc})")
        if verdict.status == "invalid":
            return Step("invalid", verdict=verdict)
        result = progress.result
        if not progress.reviewed:
            self._record(verdict.status, text, "correct" if verdict.correct else "wrong")
            result.first_status = verdict.status
        else:
            self.store.record_attempt(self._attempt(verdict.status, text, via="retry"))
        result.tries += 1
        if verdict.correct:
            result.solved = True
            result.outcome = "correct" if result.first_status == "correct" else "wrong"
            return Step("graded", verdict=verdict, closing=self._closing(explain=True))
        result.outcome = "wrong"
        tries_left = self.max_tries - result.tries
        if tries_left <= 0:
            return Step("graded", verdict=verdict, closing=self._closing(explain=True), tries_left=0)
        return Step("graded", verdict=verdict, tries_left=tries_left)

    def _check(self, instance: QuestionInstance, text: str) -> Verdict:
        if self._checker is not None:
            return self._checker(instance, text, self.lang)
        from quizprep.checking.dispatch import check

        return check(instance, text, self.lang)

    def _skip(self) -> Step:
        progress = self._require()
        if progress.reviewed:
            return Step("skipped", closing=self._closing(explain=True))
        progress.result.outcome = "skipped"
        return Step("skipped", closing=self._closing(explain=False))

    def _reveal(self) -> Step:
        progress = self._require()
        if not progress.reviewed:
            self._record("wrong", "", "revealed", via="reveal")
            progress.result.first_status = "wrong"
            progress.result.outcome = "revealed"
        return Step("revealed", closing=self._closing(explain=True))

    def _rate(self, text: str) -> Step:
        progress = self._require()
        command = COMMANDS.get(text.strip().lower())
        if command == "skip":
            progress.result.outcome = "skipped"
            return Step("skipped", closing=self._closing(explain=True))
        rating = parse_rating(text)
        if rating is None:
            return Step("invalid", message=self._message("rate"))
        status = "wrong" if rating == 1 else "correct"
        self._record(status, RATING_NAMES[rating], None, via="self", rating=int(rating))
        progress.result.first_status = status
        progress.result.solved = status == "correct"
        progress.result.outcome = "rated"
        return Step("rated", closing=self._closing(explain=True))

    # -- code questions -------------------------------------------------------------------------------

    def prepare_code(self, backend: str = "numpy") -> Step:
        """Write (or reuse) the exercise file of the current code question; 'unavailable' ends the question."""
        from quizprep.study.exercises_bridge import MISSING_MESSAGE, prepare_exercise

        progress = self._require()
        question = progress.item.question
        directory = self.exercise_dir or _default_exercise_dir()
        try:
            path, existed = prepare_exercise(question.exercise or question.id, directory, backend)
        except ImportError:
            progress.result.outcome = "skipped"
            return Step("unavailable", message=MISSING_MESSAGE, closing=self._closing(explain=False))
        except Exception as exc:  # noqa: BLE001 - a template that cannot be written skips the question, not the session
            progress.result.outcome = "skipped"
            return Step("unavailable", message=f"cannot write the exercise template: {exc}",
                        closing=self._closing(explain=False))
        progress.code_path = path
        return Step("code-ready", path=path, message=self._message("continuing") if existed else None)

    def check_code(self) -> Step:
        """Check the current code question's file; passing ends the question."""
        from quizprep.study.exercises_bridge import check_exercise

        progress = self._require()
        if progress.code_path is None:
            return Step("invalid", message="the exercise file is not written yet")
        question = progress.item.question
        try:
            outcome = check_exercise(question.exercise or question.id, progress.code_path)
        except ImportError:
            return Step("invalid", message="quizprep.exercises cannot be imported: `skip` this question")
        progress.result.tries += 1
        if not outcome.passed:
            progress.failed_checks += 1
            return Step("code-failed", message=outcome.details, path=progress.code_path)
        self._record("correct", str(progress.code_path), "correct", via="code")
        progress.result.first_status = "correct"
        progress.result.solved = True
        progress.result.outcome = "correct"
        return Step("code-passed", message=outcome.details, closing=self._closing(explain=True))

    def _give_up_code(self, command: str) -> Step:
        progress = self._require()
        if command == "skip" and progress.failed_checks == 0:
            progress.result.outcome = "skipped"
            return Step("skipped", closing=self._closing(explain=False))
        self._record("wrong", str(progress.code_path or ""), "revealed", via="code")
        progress.result.first_status = "wrong"
        progress.result.outcome = "revealed" if command == "answer" else "wrong"
        return Step("revealed" if command == "answer" else "skipped", closing=self._closing(explain=True))

    def _message(self, key: str) -> str:
        return MESSAGES.get(self.lang, MESSAGES["en"])[key]

    # -- recording ------------------------------------------------------------------------------------

    def _attempt(self, status: str, answer: str, via: str) -> Attempt:
        progress = self._require()
        question = progress.item.question
        now = self.clock.now()
        return Attempt(question.id, question.topic, question.kind, status, answer, progress.item.seed, via=via,
                       answered_at=now, duration_ms=int((now - progress.shown_at).total_seconds() * 1000),
                       hints_used=progress.hints_given)

    def _record(self, status: str, answer: str, outcome: Outcome | None, via: str = "answer",
                rating: int | None = None) -> None:
        """Commit the attempt with the card's review (rated from the outcome, or the user's own rating)."""
        progress = self._require()
        question = progress.item.question
        attempt = self._attempt(status, answer, "mock" if self.mode == "mock" and via == "answer" else via)
        duration_s = (attempt.duration_ms or 0) / 1000
        from fsrs import Rating

        fsrs_rating = Rating(rating) if rating is not None else rating_for(
            outcome or "wrong", question.kind, progress.hints_given, duration_s)
        row = self.store.card(question.id)
        now = self.clock.now()
        card = self.scheduler.card_for(question.id, row, now)
        card, review = self.scheduler.review(question.id, question.topic, card, fsrs_rating, now,
                                             attempt.duration_ms)
        self.store.record_review(attempt, review)
        progress.reviewed = True
        progress.result.rating = int(fsrs_rating)
        progress.result.due = card.due
        progress.result.duration_s = duration_s

    def _closing(self, explain: bool) -> Closing:
        progress = self._require()
        rating = RATING_NAMES.get(progress.result.rating) if progress.result.rating else None  # type: ignore[call-overload]
        instance = self._instance() if explain else progress.display
        return Closing(instance, explain, rating, progress.result.due, self.clock.now())

    # -- the end --------------------------------------------------------------------------------------

    def stop(self) -> None:
        """End the session early (Ctrl-C, end of input); what was answered is already saved."""
        self.quit_early = True

    def summary(self) -> Summary:
        """What happened in this session so far."""
        return Summary(tuple(self.results), len(self.items), self.quit_early, self.time_up, self.started_at,
                       self.clock.now(), self.mode)


def _default_exercise_dir() -> Path:
    from quizprep.study.paths import data_dir

    return data_dir() / "exercises"
