"""Which questions a session asks, and in what order: due cards first, then new ones, or a mock interview's mix.

Pure functions over the bank and the stored cards, so a test can plan a session for any moment.
"""

from __future__ import annotations

import importlib.util
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import cycle
from typing import Literal

from quizprep.bank.model import KINDS, Question
from quizprep.errors import QuizprepError
from quizprep.study.exercises_bridge import MISSING_MESSAGE, exercises_available
from quizprep.study.store import CardRow

Reason = Literal["due", "new", "mock"]

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


def select_questions(questions: Iterable[Question], topics: Sequence[str] = (), kind: str | None = None,
                     unavailable: dict[str, str] | None = None) -> tuple[list[Question], dict[str, int]]:
    """The questions matching the filters that can be graded here, and how many were left out and why."""
    questions = list(questions)
    known_topics = sorted({q.topic for q in questions})
    for topic in topics:
        if topic not in known_topics:
            raise PlanError(f"unknown topic '{topic}' (known: {', '.join(known_topics)})")
    if kind is not None and kind not in KINDS:
        raise PlanError(f"unknown kind '{kind}' (known: {', '.join(KINDS)})")
    unavailable = unavailable or {}
    chosen: list[Question] = []
    left_out: dict[str, int] = {}
    for question in questions:
        if (topics and question.topic not in topics) or (kind and question.kind != kind):
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


def plan_review(questions: Sequence[Question], cards: dict[str, CardRow], now: datetime, count: int,
                new_limit: int, rng: random.Random | None = None, left_out: dict[str, int] | None = None) -> Plan:
    """Due cards first (most overdue first), then never-seen questions up to `new_limit`, `count` in all.

    A due question with generated numbers gets a fresh seed, so a review is not a memory of the last numbers;
    a new question shows the notes' own numbers.
    """
    rng = rng or random.Random()
    seen = [q for q in questions if q.id in cards]
    due = sorted((q for q in seen if cards[q.id].due <= now), key=lambda q: cards[q.id].due)
    fresh = interleave_topics([q for q in questions if q.id not in cards])
    items = [PlannedQuestion(q, "due", rng.randrange(1, 1_000_000) if q.is_parameterized else None,
                             cards[q.id].due) for q in due[:count]]
    new_count = max(0, min(new_limit, count - len(items)))
    items += [PlannedQuestion(q, "new") for q in fresh[:new_count]]
    upcoming = [cards[q.id].due for q in seen if cards[q.id].due > now]
    return Plan(tuple(items), due_total=len(due), new_left_today=max(0, new_limit),
                next_due=min(upcoming) if upcoming else None, left_out=dict(left_out or {}))


def plan_mock(questions: Sequence[Question], cards: dict[str, CardRow], minutes: float,
              rng: random.Random | None = None, left_out: dict[str, int] | None = None) -> Plan:
    """A mock interview filling `minutes`: theory, derivation and code questions in turn, across topics.

    Within each part, never-seen questions and those due soonest come first, topics interleaved; a part
    with nothing available is simply left out.
    """
    rng = rng or random.Random()
    parts: list[list[Question]] = []
    for kinds in MOCK_PARTS.values():
        pool = [q for q in questions if q.kind in kinds]
        rng.shuffle(pool)
        pool.sort(key=lambda q: (q.id in cards, cards[q.id].due.timestamp() if q.id in cards else 0.0))
        if pool:
            parts.append(interleave_topics(pool))
    budget = float(minutes)
    items: list[PlannedQuestion] = []
    if parts:
        for part in cycle(parts):
            if not any(parts):
                break
            if not part:
                continue
            question = part.pop(0)
            cost = MOCK_MINUTES.get(question.kind, 3.0)
            if items and cost > budget:
                continue
            budget -= cost
            seed = rng.randrange(1, 1_000_000) if question.is_parameterized and question.id in cards else None
            items.append(PlannedQuestion(question, "mock", seed))
            if budget <= 0:
                break
    return Plan(tuple(items), left_out=dict(left_out or {}))

