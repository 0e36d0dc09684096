"""Which questions a session asks, and in what order: due cards first, then new ones, or a mock interview's mix.

Pure functions over the bank and the stored cards, so a test can plan a session for any moment.
"""

from __future__ import annotations

import importlib.util
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from quizprep.bank.model import KINDS, Question
from quizprep.errors import QuizprepError
from quizprep.study.card_state import CardFlags
from quizprep.study.exercises_bridge import MISSING_MESSAGE, exercises_available
from quizprep.study.store import CardRow

Reason = Literal["due", "new", "mock", "learning"]

# What each kind costs in a mock interview, in minutes, and the part of the interview it belongs to.
MOCK_MINUTES = {"choice": 1.0, "numeric": 2.0, "self-graded": 3.0, "symbolic": 3.0, "derivation": 5.0,
                "code": 10.0}
MOCK_PARTS = {"theory": ("choice", "numeric", "self-graded"), "derivation": ("symbolic", "derivation"),
              "code": ("code",)}


class PlanError(QuizprepError):
    """The session cannot be planned as asked (an unknown topic or kind)."""


@dataclass(frozen=True)
class PlannedQuestion:
    """One question of a session: why it is asked, and the seed of its numbers (None: the notes' own)."""

    question: Question
    reason: Reason
    seed: int | None = None
    due: datetime | None = None


@dataclass(frozen=True)
class Plan:
    """The questions of a session, and what the user should know about the choice."""

    items: tuple[PlannedQuestion, ...]
    due_total: int = 0
    new_left_today: int = 0
    next_due: datetime | None = None
    left_out: dict[str, int] = field(default_factory=dict)


def unavailable_kinds() -> dict[str, str]:
    """Kinds this installation cannot grade yet, with the reason (a checker or the exercises module missing)."""
    missing: dict[str, str] = {}
    checkers = (("symbolic", "quizprep.checking.symbolic"), ("derivation", "quizprep.checking.derivation"))
    for kind, module in checkers:
        try:
            found = importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            missing[kind] = f"{kind} questions need {module}, which is not installed"
    if not exercises_available():
        missing["code"] = MISSING_MESSAGE
    return missing


def refuse_unknown(what: str, given: Iterable[str], valid: Iterable[str]) -> None:
    """The one check of filter values (topics, kinds): an unknown one is refused with the list of valid ones."""
    valid = sorted(set(valid)) if what != "kind" else list(valid)
    for value in given:
        if value not in valid:
            raise PlanError(f"unknown {what} '{value}' (known: {', '.join(valid)})")


def select_questions(questions: Iterable[Question], topics: Sequence[str] = (),
                     kinds: str | Sequence[str] | None = None,
                     unavailable: dict[str, str] | None = None) -> tuple[list[Question], dict[str, int]]:
    """The questions matching every given topic and kind that can be graded here, and how many were left out.

    Several topics (or kinds) select the questions of any of them; an unknown one is refused.
    """
    questions = list(questions)
    wanted_kinds = [kinds] if isinstance(kinds, str) else list(kinds or ())
    refuse_unknown("topic", topics, {q.topic for q in questions})
    refuse_unknown("kind", wanted_kinds, KINDS)
    unavailable = unavailable or {}
    chosen: list[Question] = []
    left_out: dict[str, int] = {}
    for question in questions:
        if (topics and question.topic not in topics) or (wanted_kinds and question.kind not in wanted_kinds):
            continue
        if question.kind in unavailable:
            reason = unavailable[question.kind]
            left_out[reason] = left_out.get(reason, 0) + 1
            continue
        chosen.append(question)
    return chosen, left_out


def interleave_topics(questions: Sequence[Question]) -> list[Question]:
    """Round-robin over topics (in order of first appearance), keeping each topic's own order."""
    by_topic: dict[str, list[Question]] = {}
    for question in questions:
        by_topic.setdefault(question.topic, []).append(question)
    queues = list(by_topic.values())
    mixed: list[Question] = []
    while any(queues):
        for queue in queues:
            if queue:
                mixed.append(queue.pop(0))
    return mixed


def code_allowed(position: int, codes_so_far: int) -> bool:
    """At most one code exercise per five new questions: the n-th code may come at position 5(n-1)+1 or later."""
    return codes_so_far < (position + 4) // 5


def mix_new(questions: Sequence[Question], limit: int, code_only: bool = False) -> list[Question]:
    """Up to `limit` new questions, kinds and topics interleaved (never the same kind or topic twice in a row
    when another is left), at most one code exercise per five unless only code was asked for.

    The input order is the preference order (questions skipped before come last); each pick is the first
    question that differs from the last one in kind and topic, else in kind, else in topic.
    """
    pool = interleave_topics(questions)
    picked: list[Question] = []
    codes = 0
    while pool and len(picked) < limit:
        allowed = [q for q in pool if code_only or q.kind != "code" or code_allowed(len(picked) + 1, codes)]
        if not allowed:
            break
        last = picked[-1] if picked else None
        choice = allowed[0]
        if last is not None:
            choice = (next((q for q in allowed if q.kind != last.kind and q.topic != last.topic), None)
                      or next((q for q in allowed if q.kind != last.kind), None)
                      or next((q for q in allowed if q.topic != last.topic), None) or allowed[0])
        pool.remove(choice)
        picked.append(choice)
        codes += choice.kind == "code"
    return picked


def plan_review(questions: Sequence[Question], cards: dict[str, CardRow], now: datetime, count: int,
                new_limit: int, rng: random.Random | None = None, left_out: dict[str, int] | None = None,
                flags: dict[str, CardFlags] | None = None) -> Plan:
    """Due cards first (most overdue first), then never-seen questions up to `new_limit`, `count` in all.

    Suspended questions and those buried until later are left out; questions skipped before come after the
    others. A due question with generated numbers gets a fresh seed, so a review is not a memory of the last
    numbers; a new question shows the notes' own numbers.
    """
    rng = rng or random.Random()
    flags = flags or {}
    no_flags = CardFlags()
    questions = [q for q in questions if not flags.get(q.id, no_flags).hidden_at(now)]

    def skipped_last(question: Question) -> tuple[bool, datetime]:
        skipped = flags.get(question.id, no_flags).skipped_at
        return (skipped is not None, skipped or now)

    seen = [q for q in questions if q.id in cards]
    due = sorted((q for q in seen if cards[q.id].due <= now), key=lambda q: (*skipped_last(q), cards[q.id].due))
    fresh = sorted((q for q in questions if q.id not in cards), key=skipped_last)
    items = [PlannedQuestion(q, "due", rng.randrange(1, 1_000_000) if q.is_parameterized else None,
                             cards[q.id].due) for q in due[:count]]
    new_count = max(0, min(new_limit, count - len(items)))
    code_only = bool(fresh) and all(q.kind == "code" for q in fresh)
    items += [PlannedQuestion(q, "new") for q in mix_new(fresh, new_count, code_only)]
    upcoming = [cards[q.id].due for q in seen if cards[q.id].due > now]
    return Plan(tuple(items), due_total=len(due), new_left_today=max(0, new_limit),
                next_due=min(upcoming) if upcoming else None, left_out=dict(left_out or {}))


def plan_mock(questions: Sequence[Question], cards: dict[str, CardRow], minutes: float,
              rng: random.Random | None = None, left_out: dict[str, int] | None = None) -> Plan:
    """The rotation of a mock interview: theory, derivation and code questions in turn, across topics.

    Within each part, never-seen questions and those due soonest come first, topics interleaved; a part
    with nothing available is simply left out. The session goes round this rotation until `minutes` are
    up (see Session), taking the next question that fits in the time left.
    """
    rng = rng or random.Random()
    parts: list[list[Question]] = []
    for kinds in MOCK_PARTS.values():
        pool = [q for q in questions if q.kind in kinds]
        rng.shuffle(pool)
        pool.sort(key=lambda q: (q.id in cards, cards[q.id].due.timestamp() if q.id in cards else 0.0))
        if pool:
            parts.append(interleave_topics(pool))
    items: list[PlannedQuestion] = []
    while any(parts):
        for part in parts:
            if part:
                question = part.pop(0)
                seed = rng.randrange(1, 1_000_000) if question.is_parameterized and question.id in cards else None
                items.append(PlannedQuestion(question, "mock", seed))
    return Plan(tuple(items), left_out=dict(left_out or {}))
