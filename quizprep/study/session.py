"""A study session without a terminal: it is fed lines of input and answers with plain Step objects.

The command layer loops: `start_next()` gives the question to render, each line the user types goes to
`submit(line)`, and the returned Step says what to render. Every graded answer is committed to the
progress store the moment it is given (attempt, card and review log in one transaction), so leaving at
any prompt loses nothing already answered.

Rules of a question (a card's rating reflects the whole attempt, up to the first success):
- The card is rated once per serving, at the first decisive event: the first failure (a wrong answer, a
  failed code check, a revealed answer) rates it Again at once; a first success rates it from the hints
  used and the time taken (Hard after a hint). Invalid input (unreadable) is no attempt: retype it freely.
- After a wrong answer the user may try again (up to `max_tries` graded answers in all; the retries are
  recorded as attempts, the card is not rated twice), ask for a hint, reveal the answer or skip.
- `skip` before any graded answer leaves the card's schedule alone; it goes behind the other questions of
  the session (once) and behind the others next session too.
- `bury` hides the question until tomorrow, `suspend` until `quizprep unsuspend ID`; `undo` takes back
  the last rating of this session (its attempt, review log and schedule change) and asks that question again.
- Self-graded questions reveal the model answer on any input; with key points the user ticks the ones
  covered (all: Good, at least half: Hard, fewer: Again), otherwise rates Again/Hard/Good/Easy.
- Code questions write the exercise's template; each check of the file (on save, or on `check`) is
  recorded like `quizprep check` records it; passing ends the question, giving up is a lapse.
- In-session relearning (review mode): a card left in a learning step (rated Again, or new and not yet
  graduated) comes back once its step has elapsed, between other questions; when nothing else is left,
  learning cards due within LEARN_AHEAD are served early. The session ends when none is left.
- A mock interview serves theory, derivation and code in turn until its time is up, and never relearns;
  an answer given after 0:00 is not graded: the question closes as "time's up".
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import Enum
from pathlib import Path
from typing import Literal

from quizprep.bank.instance import QuestionInstance, instantiate
from quizprep.bank.model import Question
from quizprep.checking.verdict import Verdict
from quizprep.study.clock import Clock, SystemClock, start_of_day
from quizprep.study.planner import MOCK_MINUTES, PlannedQuestion
from quizprep.study.scheduler import RATING_NAMES, Outcome, StudyScheduler, parse_rating, rating_for
from quizprep.study.store import Attempt, CardRow, ProgressStore

# The words a user may type at any prompt, English and Russian, and what they mean.
COMMANDS = {
    "hint": "hint", "?": "hint", "подсказка": "hint",
    "skip": "skip", "пропустить": "skip",
    "answer": "answer", "ответ": "answer",
    "quit": "quit", "выход": "quit", "выйти": "quit",
    "check": "check", "проверить": "check",
    "bury": "bury", "отложить": "bury",
    "suspend": "suspend", "приостановить": "suspend",
    "undo": "undo", "отменить": "undo",
}
LEARN_AHEAD = timedelta(minutes=20)  # as Anki: with nothing else left, learning cards this close are served early
# What the session itself says (the checkers and the exercise runner speak for themselves).
MESSAGES = {
    "en": {"no-hints": "no hints for this question; `answer` reveals it",
           "no-more-hints": "no more hints; `answer` reveals it",
           "rate": "rate your answer: 1 again, 2 hard, 3 good, 4 easy", "continuing": "continuing your file",
           "tick": "type the numbers of the points you covered (e.g. 1 3), `all` or `none`",
           "nothing-to-undo": "nothing to undo in this session",
           "undone": "took back the last rating ({rating}) of “{title}”: it is asked again",
           "not-written": "the exercise file is not written yet",
           "untouched": "the file still holds the template: write your solution, save it, then check",
           "no-exercises": "quizprep.exercises cannot be imported: `skip` this question"},
    "ru": {"no-hints": "у этого вопроса нет подсказок; `ответ` покажет ответ",
           "no-more-hints": "подсказок больше нет; `ответ` покажет ответ",
           "rate": "оцените свой ответ: 1 снова, 2 трудно, 3 хорошо, 4 легко", "continuing": "продолжаем ваш файл",
           "tick": "введите номера пунктов, которые вы назвали (например, 1 3), `все` или `ничего`",
           "nothing-to-undo": "в этой сессии нечего отменять",
           "undone": "последняя оценка («{rating}») вопроса «{title}» отменена: он будет задан снова",
           "not-written": "файл упражнения ещё не записан",
           "untouched": "в файле пока только шаблон: напишите решение, сохраните файл и проверьте",
           "no-exercises": "модуль quizprep.exercises не импортируется: `пропустить` этот вопрос"},
}
ALL_WORDS = {"all", "все", "всё"}
NONE_WORDS = {"none", "ничего", "нет", "0", "-"}

Event = Literal["graded", "invalid", "hint", "no-hint", "revealed", "skipped", "model-answer", "rated",
                "code-ready", "code-failed", "code-passed", "unavailable", "quit", "ignored", "buried",
                "suspended", "undone", "time-up"]


class Phase(str, Enum):
    """What the current question waits for."""

    ANSWER = "answer"
    RATE = "rate"
    TICK = "tick"  # ticking the key points covered
    CODE = "code"


@dataclass(frozen=True)
class Current:
    """The question on screen: its instance (numbers filled in), place in the session, and what it waits for.

    `total` is None in a mock interview (it goes on until the time is up).
    """

    instance: QuestionInstance
    position: int
    total: int | None
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
    again_in_session: bool = False
    hidden: str | None = None  # "buried" | "suspended" | "time-up"


@dataclass(frozen=True)
class Step:
    """What one line of input did. `closing` is set when the question is over; `moves_on` also ends it."""

    event: Event
    verdict: Verdict | None = None
    message: str | None = None
    closing: Closing | None = None
    tries_left: int | None = None
    path: Path | None = None
    key_points: tuple[str, ...] = ()
    moves_on: bool = False

    @property
    def question_over(self) -> bool:
        return self.closing is not None or self.moves_on or self.event == "quit"


@dataclass
class QuestionResult:
    """How one serving of a question went (for the summary and the mock-interview rubric).

    `repeat` marks a card served again in the same session (relearning).
    """

    question: Question
    outcome: str = "unanswered"  # correct | wrong | revealed | skipped | rated | unanswered | time-up | hidden
    first_status: str | None = None
    solved: bool = False
    rating: int | None = None
    hints_used: int = 0
    tries: int = 0
    duration_s: float | None = None
    due: datetime | None = None
    repeat: bool = False

    @property
    def right_first_time(self) -> bool:
        """Right at the first graded attempt, with no hint, no failed check and no revealed answer."""
        return self.first_status == "correct" and self.hints_used == 0 and (self.rating or 0) >= 3


@dataclass(frozen=True)
class Summary:
    """The end of a session: each serving's result, and whether it ended early."""

    results: tuple[QuestionResult, ...]
    planned: int
    quit_early: bool
    time_up: bool
    started_at: datetime
    ended_at: datetime
    mode: str

    @property
    def first_servings(self) -> list[QuestionResult]:
        return [r for r in self.results if not r.repeat]

    @property
    def answered(self) -> list[QuestionResult]:
        return [r for r in self.first_servings if r.outcome not in ("skipped", "unanswered", "hidden", "time-up")]

    @property
    def correct(self) -> int:
        return sum(1 for r in self.first_servings if r.right_first_time)

    @property
    def relearned(self) -> int:
        return sum(1 for r in self.results if r.repeat and r.outcome not in ("skipped", "unanswered", "hidden"))

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.first_servings if r.outcome == outcome)


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
    untouched_source: str | None = None  # the template as written: checking it unchanged is no attempt
    instance: QuestionInstance | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass(frozen=True)
class _Rated:
    """A rating given in this session, with what `undo` needs to take it back."""

    item: PlannedQuestion
    result: QuestionResult
    attempt_id: int
    before: CardRow | None


def display_instance(item: PlannedQuestion) -> QuestionInstance:
    """The instance to render, computed without solving when possible (solving may load SymPy)."""
    question = item.question
    if question.generator is not None and item.seed is None:
        return QuestionInstance(question, None, dict(question.params), None)
    return instantiate(question, item.seed)


def parse_ticks(text: str, count: int) -> set[int] | None:
    """The key points ticked: '1 3', '1,3', 'all', 'none' (and Russian); None if it is not that."""
    words = text.replace(",", " ").lower().split()
    if len(words) == 1 and words[0] in ALL_WORDS:
        return set(range(1, count + 1))
    if len(words) == 1 and words[0] in NONE_WORDS:
        return set()
    if not words or not all(w.isdigit() and 1 <= int(w) <= count for w in words):
        return None
    return {int(w) for w in words}


def rating_for_ticks(covered: int, count: int) -> int:
    """All key points covered: Good; at least half: Hard; fewer: Again."""
    if covered >= count:
        return 3
    return 2 if covered * 2 >= count else 1


class Session:
    """One run of `quizprep quiz`: planned questions (plus relearning repeats), answered one line at a time."""

    def __init__(self, store: ProgressStore, items: list[PlannedQuestion] | tuple[PlannedQuestion, ...],
                 scheduler: StudyScheduler | None = None, clock: Clock | None = None, lang: str = "en",
                 mode: str = "review", minutes: float | None = None, exercise_dir: Path | None = None,
                 max_tries: int = 3, checker: Callable[[QuestionInstance, str, str], Verdict] | None = None,
                 rng: random.Random | None = None, learn_ahead: timedelta = LEARN_AHEAD):
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
        self.learn_ahead = learn_ahead
        self._rng = rng or random.Random()
        self._queue: list[PlannedQuestion] = list(self.items)
        self._learning: list[PlannedQuestion] = []  # due: when its learning step is over
        self._skipped_once: set[str] = set()
        self._rated: list[_Rated] = []
        self._mock_next = 0
        self._progress: _Progress | None = None
        self._checker = checker

    # -- moving through the session -------------------------------------------------------------------

    def start_next(self) -> Current | None:
        """Move to the next question and return it, or None when the session is over."""
        self._progress = None
        if self.quit_early:
            return None
        if self.deadline is not None and self.clock.now() >= self.deadline:
            self.time_up = True
            return None
        item = self._next_mock() if self.mode == "mock" else self._next_review()
        if item is None:
            return None
        phase = Phase.CODE if item.question.kind == "code" else Phase.ANSWER
        result = QuestionResult(item.question, repeat=item.reason == "learning")
        self.results.append(result)
        self._progress = _Progress(item, display_instance(item), self.clock.now(), phase, result)
        return self.current

    def _next_review(self) -> PlannedQuestion | None:
        now = self.clock.now()
        last = self.results[-1].question.id if self.results else None
        ready = sorted((i for i in self._learning if i.due is not None and i.due <= now), key=_due_key)
        ready = [i for i in ready if i.question.id != last] or (ready if not self._queue else [])
        if ready:
            return self._take_learning(ready[0])
        if self._queue:
            return self._queue.pop(0)
        ahead = sorted((i for i in self._learning if i.due is not None and i.due <= now + self.learn_ahead),
                       key=_due_key)
        return self._take_learning(ahead[0]) if ahead else None

    def _take_learning(self, item: PlannedQuestion) -> PlannedQuestion:
        self._learning.remove(item)
        return item

    def _next_mock(self) -> PlannedQuestion | None:
        """The next question of the rotation that fits in the time left (any, if none fits); round and round."""
        if not self.items:
            return None
        left_min = (self.remaining() or timedelta(0)).total_seconds() / 60
        count = len(self.items)
        for offset in range(count):
            candidate = self.items[(self._mock_next + offset) % count]
            if MOCK_MINUTES.get(candidate.question.kind, 3.0) <= max(left_min, 1.0) or offset == count - 1:
                break
        self._mock_next = self._mock_next + offset + 1
        if self._mock_next > count:  # a second round: fresh numbers where the question has them
            seed = self._rng.randrange(1, 1_000_000) if candidate.question.is_parameterized else None
            candidate = replace(candidate, seed=seed)
        return candidate

    @property
    def current(self) -> Current | None:
        progress = self._progress
        if progress is None:
            return None
        position = len(self.results)
        total = None if self.mode == "mock" else position + len(self._queue) + len(self._learning)
        return Current(progress.display, position, total, progress.item.reason, progress.phase)

    def current_code_path(self) -> Path | None:
        """The file the user edits for the current code question (once prepare_code wrote it)."""
        return self._progress.code_path if self._progress else None

    def remaining(self) -> timedelta | None:
        """Time left in a mock interview (None outside one)."""
        if self.deadline is None:
            return None
        return max(self.deadline - self.clock.now(), timedelta(0))

    def prepare_checker(self) -> None:
        """Import the current question's checker now, in this (the main) thread, before the prompt shows.

        Only a generated instance that needs solving is left to `warm_up`'s thread: an import racing the
        prompt in another thread is what made a Ctrl-C at the first prompt go unnoticed.
        """
        try:
            from quizprep.checking.dispatch import checker_for

            checker_for(self._require().item.question.kind)
        except Exception:  # noqa: BLE001, S110 - only a head start; a missing checker is reported on submit
            pass

    def warm_up(self) -> threading.Thread | None:
        """Compute a generated instance in the background while the user reads the question (None: no need)."""
        progress = self._require()
        if progress.item.question.generator is None or progress.item.seed is not None:
            return None
        thread = threading.Thread(target=self._warm_up, daemon=True)
        thread.start()
        return thread

    def _warm_up(self) -> None:
        try:
            self._instance()
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
        if self.deadline is not None and self.clock.now() >= self.deadline:
            return self.close_time_up()
        if command in ("bury", "suspend"):
            return self._hide(command)
        if command == "undo":
            return self.undo()
        if command == "hint":
            return self._hint()
        if progress.phase is Phase.RATE:
            return self._rate(text)
        if progress.phase is Phase.TICK:
            return self._tick(text)
        if progress.phase is Phase.CODE:
            if command in ("skip", "answer"):
                return self._give_up_code(command)
            return self.check_code()
        if command == "skip":
            return self._skip()
        if command == "answer" and progress.item.question.kind != "self-graded":
            return self._reveal()
        if progress.item.question.kind == "self-graded":  # any input, `answer` too: the model answer, then a rating
            question = progress.item.question
            points = tuple(point.in_lang(self.lang) for point in question.key_points)
            progress.phase = Phase.TICK if points else Phase.RATE
            return Step("model-answer", message=self._instance().answer.in_lang(self.lang), key_points=points)
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
        self._put_behind(progress.item)
        return Step("skipped", closing=self._closing(explain=False))

    def _put_behind(self, item: PlannedQuestion) -> None:
        """A skipped question goes behind the others (once per session) and behind the others next session."""
        from quizprep.study.card_state import mark_skipped

        mark_skipped(self.store, item.question.id, self.clock.now())
        if self.mode != "mock" and item.question.id not in self._skipped_once and item.reason != "learning":
            self._skipped_once.add(item.question.id)
            self._queue.append(item)

    def _reveal(self) -> Step:
        progress = self._require()
        if not progress.reviewed:
            self._record("wrong", "", "revealed", via="reveal")
            progress.result.first_status = "wrong"
            progress.result.outcome = "revealed"
        return Step("revealed", closing=self._closing(explain=True))

    def _skip_after_reveal(self) -> Step:
        """`skip` at the rating or ticking prompt: no rating; the question goes behind the others."""
        progress = self._require()
        progress.result.outcome = "skipped"
        self._put_behind(progress.item)
        return Step("skipped", closing=self._closing(explain=True))

    def _rate(self, text: str) -> Step:
        if COMMANDS.get(text.strip().lower()) == "skip":
            return self._skip_after_reveal()
        rating = parse_rating(text)
        if rating is None:
            return Step("invalid", message=self._message("rate"))
        return self._self_rated(int(rating), RATING_NAMES[rating])

    def _tick(self, text: str) -> Step:
        progress = self._require()
        if COMMANDS.get(text.strip().lower()) == "skip":
            return self._skip_after_reveal()
        count = len(progress.item.question.key_points)
        ticked = parse_ticks(text, count)
        if ticked is None:
            return Step("invalid", message=self._message("tick"))
        answer = f"key points {' '.join(map(str, sorted(ticked))) or '-'} of {count}"
        return self._self_rated(rating_for_ticks(len(ticked), count), answer)

    def _self_rated(self, rating: int, answer: str) -> Step:
        progress = self._require()
        if progress.hints_given and rating > 2:
            rating = 2  # Hard after a hint, whatever the user thinks of the answer
        status = "wrong" if rating == 1 else "correct"
        self._record(status, answer, None, via="self", rating=rating)
        progress.result.first_status = status
        progress.result.solved = status == "correct"
        progress.result.outcome = "rated"
        return Step("rated", closing=self._closing(explain=True))

    # -- bury, suspend, undo, time's up ---------------------------------------------------------------

    def _hide(self, command: str) -> Step:
        """`bury`: not before tomorrow; `suspend`: until `quizprep unsuspend ID`. The question closes."""
        from quizprep.study.card_state import bury, suspend

        progress = self._require()
        question = progress.item.question
        now = self.clock.now()
        if command == "bury":
            bury(self.store, question.id, start_of_day(now, self.clock.local_zone) + timedelta(days=1))
        else:
            suspend(self.store, question.id, now)
        self._queue = [i for i in self._queue if i.question.id != question.id]
        self._learning = [i for i in self._learning if i.question.id != question.id]
        if not progress.reviewed:
            progress.result.outcome = "hidden"
        hidden = "buried" if command == "bury" else "suspended"
        return Step(hidden, closing=replace(self._closing(explain=False), hidden=hidden, due=None))

    def undo(self) -> Step:
        """Take back the last rating of this session and ask that question again, next."""
        from quizprep.study.card_state import undo_review

        if not self._rated or self.mode == "mock":
            return Step("ignored", message=self._message("nothing-to-undo"))
        last = self._rated.pop()
        question = last.item.question
        undo_review(self.store, question.id, last.attempt_id, last.before)
        self._learning = [i for i in self._learning if i.question.id != question.id]
        rating = RATING_NAMES.get(last.result.rating) if last.result.rating else "?"  # type: ignore[call-overload]
        message = self._message("undone").format(rating=rating, title=question.title.in_lang(self.lang))
        progress = self._require()
        if last.result in self.results:
            self.results.remove(last.result)
        waiting = progress.result is not last.result and progress.result in self.results and not progress.reviewed
        if waiting:  # the question on screen was not answered: it comes right after the one taken back
            self.results.remove(progress.result)
            self._queue.insert(0, progress.item)
        self._queue.insert(0, last.item)
        self._progress = None
        return Step("undone", message=message, moves_on=True)

    def close_time_up(self) -> Step:
        """0:00 in a mock interview: the question on screen closes as "time's up", shown and not graded."""
        progress = self._require()
        self.time_up = True
        if not progress.reviewed:
            progress.result.outcome = "time-up"
        return Step("time-up", closing=replace(self._closing(explain=True), hidden="time-up"))

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
        if not existed:
            from quizprep.study.exercises_bridge import read_source

            progress.untouched_source = read_source(path)
        return Step("code-ready", path=path, message=self._message("continuing") if existed else None)

    def check_code(self) -> Step:
        """Check the current code question's file, recorded as an attempt; passing ends the question.

        The first failed check rates the card Again; a first check that passes rates it by time and hints.
        """
        from quizprep.study.exercises_bridge import check_exercise, read_source

        progress = self._require()
        if progress.code_path is None:
            return Step("invalid", message=self._message("not-written"))
        question = progress.item.question
        if progress.untouched_source is not None and read_source(progress.code_path) == progress.untouched_source:
            return Step("invalid", message=self._message("untouched"))
        try:
            outcome = check_exercise(question.exercise or question.id, progress.code_path)
        except ImportError:
            return Step("invalid", message=self._message("no-exercises"))
        if self.deadline is not None and self.clock.now() >= self.deadline:
            return self.close_time_up()
        progress.result.tries += 1
        status = "correct" if outcome.passed else "wrong"
        source = read_source(progress.code_path)
        if not progress.reviewed:
            self._record(status, source, status, via="check")  # type: ignore[arg-type]
            progress.result.first_status = status
        else:
            self.store.record_attempt(self._attempt(status, source, via="check"))
        if not outcome.passed:
            progress.failed_checks += 1
            progress.result.outcome = "wrong"
            return Step("code-failed", message=outcome.details, path=progress.code_path)
        progress.result.solved = True
        progress.result.outcome = "correct" if progress.result.first_status == "correct" else "wrong"
        return Step("code-passed", message=outcome.details, closing=self._closing(explain=True))

    def _give_up_code(self, command: str) -> Step:
        progress = self._require()
        if command == "skip" and progress.failed_checks == 0:
            progress.result.outcome = "skipped"
            self._put_behind(progress.item)
            return Step("skipped", closing=self._closing(explain=False))
        if not progress.reviewed:
            self._record("wrong", str(progress.code_path or ""), "revealed", via="code")
            progress.result.first_status = "wrong"
        else:  # the give-up is still what unlocks the solution (`quizprep exercise ID --solution`)
            self.store.record_attempt(self._attempt("wrong", str(progress.code_path or ""), via="code"))
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
        from fsrs import Rating, State

        fsrs_rating = Rating(rating) if rating is not None else rating_for(
            outcome or "wrong", question.kind, progress.hints_given, duration_s)
        before = self.store.card(question.id)
        now = self.clock.now()
        card = self.scheduler.card_for(question.id, before, now)
        card, review = self.scheduler.review(question.id, question.topic, card, fsrs_rating, now,
                                             attempt.duration_ms)
        attempt_id = self.store.record_review(attempt, review)
        from quizprep.study.card_state import clear_skipped

        clear_skipped(self.store, question.id)  # answered now: no longer behind the others
        progress.reviewed = True
        progress.result.rating = int(fsrs_rating)
        progress.result.due = card.due
        progress.result.duration_s = duration_s
        self._rated.append(_Rated(progress.item, progress.result, attempt_id, before))
        if self.mode != "mock" and card.state in (State.Learning, State.Relearning):
            seed = self._rng.randrange(1, 1_000_000) if question.is_parameterized else None
            self._learning.append(PlannedQuestion(question, "learning", seed, card.due))

    def _closing(self, explain: bool) -> Closing:
        progress = self._require()
        result = progress.result
        rating = RATING_NAMES.get(result.rating) if result.rating else None  # type: ignore[call-overload]
        instance = self._instance() if explain else progress.display
        again = any(i.question.id == progress.item.question.id for i in self._learning)
        return Closing(instance, explain, rating, result.due, self.clock.now(), again_in_session=again)

    # -- the end --------------------------------------------------------------------------------------

    def stop(self) -> None:
        """End the session early (Ctrl-C, end of input); what was answered is already saved."""
        self.quit_early = True

    def learning_left(self) -> list[PlannedQuestion]:
        """Cards still in a learning step when the session ended (they come back at their due time)."""
        return list(self._learning)

    def summary(self) -> Summary:
        """What happened in this session so far."""
        return Summary(tuple(self.results), len(self.items), self.quit_early, self.time_up, self.started_at,
                       self.clock.now(), self.mode)


def _due_key(item: PlannedQuestion) -> datetime:
    assert item.due is not None
    return item.due


def _default_exercise_dir() -> Path:
    from quizprep.study.paths import data_dir

    return data_dir() / "exercises"
