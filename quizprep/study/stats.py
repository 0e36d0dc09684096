"""Progress numbers: per topic seen/total, accuracy, average retrievability, due now; study streak; daily history.

Computed from the store at a given moment (a clock), so tests can check them at any time. Days are the
clock's local calendar days; stored times are UTC.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from quizprep.bank.model import Question
from quizprep.study.scheduler import StudyScheduler
from quizprep.study.store import AttemptRow, CardRow, ProgressStore, ReviewRow

HISTORY_DAYS = 30


@dataclass(frozen=True)
class TopicStats:
    """One topic (or the totals): questions seen of the bank's total, answer counts, memory, due now."""

    topic: str
    total: int
    seen: int
    attempts: int
    correct: int
    wrong: int
    invalid: int
    accuracy: float | None
    retrievability: float | None
    due: int


@dataclass(frozen=True)
class DayStats:
    """One calendar day of study: reviews (cards rated) and graded attempts."""

    day: date
    reviews: int
    attempts: int
    correct: int

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.attempts if self.attempts else None


@dataclass(frozen=True)
class StatsReport:
    """Everything `quizprep stats` shows."""

    attempts: int
    topics: tuple[TopicStats, ...]
    totals: TopicStats
    streak_days: int
    studied_today: bool
    days: tuple[DayStats, ...]
    next_due: datetime | None
    now: datetime

    def to_dict(self) -> dict[str, Any]:
        """The JSON of `quizprep stats --json`: `attempts` (total) first, as it always was, then the rest."""
        def topic_dict(stats: TopicStats) -> dict[str, Any]:
            data = asdict(stats)
            del data["topic"]
            for key in ("accuracy", "retrievability"):
                if data[key] is not None:
                    data[key] = round(data[key], 4)
            return data

        return {
            "attempts": self.attempts,
            "topics": {t.topic: topic_dict(t) for t in self.topics},
            "totals": topic_dict(self.totals),
            "streak_days": self.streak_days,
            "studied_today": self.studied_today,
            "due_now": self.totals.due,
            "next_due": self.next_due.isoformat() if self.next_due else None,
            "days": [{"date": d.day.isoformat(), "reviews": d.reviews, "attempts": d.attempts,
                      "correct": d.correct, "accuracy": None if d.accuracy is None else round(d.accuracy, 4)}
                     for d in self.days],
            "as_of": self.now.isoformat(),
        }


def _topic_stats(topic: str, total: int, attempts: list[AttemptRow], cards: list[CardRow],
                 scheduler: StudyScheduler, now: datetime) -> TopicStats:
    counts = {"correct": 0, "wrong": 0, "invalid": 0}
    for attempt in attempts:
        counts[attempt.status] = counts.get(attempt.status, 0) + 1
    graded = counts["correct"] + counts["wrong"]
    seen = len({a.question_id for a in attempts} | {c.question_id for c in cards})
    recall = [scheduler.retrievability(card, now) for card in cards]
    accuracy = counts["correct"] / graded if graded else None
    retrievability = sum(recall) / len(recall) if recall else None
    return TopicStats(topic, total, seen, len(attempts), counts["correct"], counts["wrong"], counts["invalid"],
                      accuracy, retrievability, sum(1 for card in cards if card.due <= now))


def study_streak(days_studied: Iterable[date], today: date) -> tuple[int, bool]:
    """Consecutive study days ending today (or yesterday, if today has no study yet), and whether today counts."""
    studied = set(days_studied)
    studied_today = today in studied
    day = today if studied_today else today - timedelta(days=1)
    streak = 0
    while day in studied:
        streak += 1
        day -= timedelta(days=1)
    return streak, studied_today


def daily_history(attempts: list[AttemptRow], reviews: list[ReviewRow], today: date, zone: tzinfo,
                  days: int = HISTORY_DAYS) -> tuple[DayStats, ...]:
    """The last `days` calendar days (oldest first, empty days included)."""
    first = today - timedelta(days=days - 1)
    tally = {first + timedelta(days=i): [0, 0, 0] for i in range(days)}
    for review in reviews:
        day = review.reviewed_at.astimezone(zone).date()
        if day in tally:
            tally[day][0] += 1
    for attempt in attempts:
        day = attempt.answered_at.astimezone(zone).date()
        if day in tally and attempt.status != "invalid":
            tally[day][1] += 1
            tally[day][2] += attempt.status == "correct"
    return tuple(DayStats(day, *counts) for day, counts in tally.items())


def compute_stats(store: ProgressStore, questions: Iterable[Question], now: datetime, zone: tzinfo,
                  scheduler: StudyScheduler | None = None) -> StatsReport:
    """The stats at `now`: every topic of the bank (and any topic only the store still knows)."""
    scheduler = scheduler or StudyScheduler()
    totals_by_topic: dict[str, int] = {}
    for question in questions:
        totals_by_topic[question.topic] = totals_by_topic.get(question.topic, 0) + 1
    attempts = store.attempts()
    cards = list(store.cards().values())
    reviews = store.reviews()
    topics = sorted(set(totals_by_topic) | {a.topic for a in attempts} | {c.topic for c in cards})
    per_topic = tuple(
        _topic_stats(topic, totals_by_topic.get(topic, 0), [a for a in attempts if a.topic == topic],
                     [c for c in cards if c.topic == topic], scheduler, now)
        for topic in topics
    )
    totals = _topic_stats("all", sum(totals_by_topic.values()), attempts, cards, scheduler, now)
    today = now.astimezone(zone).date()
    streak, studied_today = study_streak((a.answered_at.astimezone(zone).date() for a in attempts), today)
    upcoming = [c.due for c in cards if c.due > now]
    return StatsReport(len(attempts), per_topic, totals, streak, studied_today,
                       daily_history(attempts, reviews, today, zone), min(upcoming) if upcoming else None, now)
