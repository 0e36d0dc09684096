"""Progress numbers: per topic seen/total, accuracy, average retrievability, due now; study streak; daily history.

Computed from the store at a given moment (a clock), so tests can check them at any time. Days are the
clock's local calendar days; stored times are UTC.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any

from fsrs import Card, State

from quizprep.bank.model import Question
from quizprep.study.scheduler import StudyScheduler
from quizprep.study.store import AttemptRow, ProgressStore, ReviewRow, utc_text

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


def _topic_stats(topic: str, total: int, counts: dict[str, int], seen: int, recall: list[float],
                 due: int) -> TopicStats:
    graded = counts.get("correct", 0) + counts.get("wrong", 0)
    accuracy = counts.get("correct", 0) / graded if graded else None
    retrievability = sum(recall) / len(recall) if recall else None
    return TopicStats(topic, total, seen, sum(counts.values()), counts.get("correct", 0), counts.get("wrong", 0),
                      counts.get("invalid", 0), accuracy, retrievability, due)


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
    return _tally_days(((a.answered_at, a.status) for a in attempts), (r.reviewed_at for r in reviews),
                       today, zone, days)


def _tally_days(attempts: Iterable[tuple[datetime, str]], reviews: Iterable[datetime], today: date, zone: tzinfo,
                days: int) -> tuple[DayStats, ...]:
    first = today - timedelta(days=days - 1)
    tally = {first + timedelta(days=i): [0, 0, 0] for i in range(days)}
    for reviewed_at in reviews:
        day = reviewed_at.astimezone(zone).date()
        if day in tally:
            tally[day][0] += 1
    for answered_at, status in attempts:
        day = answered_at.astimezone(zone).date()
        if day in tally and status != "invalid":
            tally[day][1] += 1
            tally[day][2] += status == "correct"
    return tuple(DayStats(day, *counts) for day, counts in tally.items())


def _day_start(day: date, zone: tzinfo) -> str:
    """The first moment of a local calendar day, as the store writes times (UTC text)."""
    return utc_text(datetime.combine(day, time.min, tzinfo=zone))


def compute_stats(store: ProgressStore, questions: Iterable[Question], now: datetime, zone: tzinfo,
                  scheduler: StudyScheduler | None = None) -> StatsReport:
    """The stats at `now`: every topic of the bank (and any topic only the store still knows).

    Counted in SQL (grouped by topic, over indexed columns), so a year of history costs about what a week does:
    only the cards (one row per question seen) and the last HISTORY_DAYS days of answers come into Python.
    """
    scheduler = scheduler or StudyScheduler()
    rows = store.rows
    totals_by_topic: dict[str, int] = {}
    for question in questions:
        totals_by_topic[question.topic] = totals_by_topic.get(question.topic, 0) + 1
    counts: dict[str, dict[str, int]] = {}
    for topic, status, n in rows("SELECT topic, status, COUNT(*) FROM attempts GROUP BY topic, status"):
        counts.setdefault(topic, {})[status] = n
    seen = dict(rows("SELECT topic, COUNT(*) FROM (SELECT topic, question_id FROM attempts "
                     "UNION SELECT topic, question_id FROM cards) GROUP BY topic"))
    [(seen_total,)] = rows("SELECT COUNT(*) FROM (SELECT question_id FROM attempts UNION SELECT question_id FROM cards)")
    recall: dict[str, list[float]] = {}
    due: dict[str, int] = {}
    now_text = utc_text(now)
    for topic, stability, last_review, due_at in rows(
            "SELECT topic, json_extract(card, '$.stability'), json_extract(card, '$.last_review'), due FROM cards"):
        recall.setdefault(topic, []).append(_retrievability(scheduler, stability, last_review, now))
        due[topic] = due.get(topic, 0) + (due_at <= now_text)
    topics = sorted(set(totals_by_topic) | set(counts) | set(recall))
    per_topic = tuple(_topic_stats(topic, totals_by_topic.get(topic, 0), counts.get(topic, {}), seen.get(topic, 0),
                                   recall.get(topic, []), due.get(topic, 0)) for topic in topics)
    all_counts: dict[str, int] = {}
    for by_status in counts.values():
        for status, n in by_status.items():
            all_counts[status] = all_counts.get(status, 0) + n
    totals = _topic_stats("all", sum(totals_by_topic.values()), all_counts, seen_total,
                          [r for values in recall.values() for r in values], sum(due.values()))
    today = now.astimezone(zone).date()

    def studied(day: date) -> bool:
        [(found,)] = rows("SELECT EXISTS (SELECT 1 FROM attempts WHERE answered_at >= ? AND answered_at < ?)",
                          (_day_start(day, zone), _day_start(day + timedelta(days=1), zone)))
        return found == 1

    studied_today = studied(today)
    day, streak = (today if studied_today else today - timedelta(days=1)), 0
    while studied(day):
        streak += 1
        day -= timedelta(days=1)
    since = _day_start(today - timedelta(days=HISTORY_DAYS - 1), zone)
    recent_attempts = [(_utc(at), status) for at, status in rows(
        "SELECT answered_at, status FROM attempts WHERE answered_at >= ?", (since,))]
    recent_reviews = [_utc(at) for (at,) in rows(
        "SELECT reviewed_at FROM review_logs WHERE reviewed_at >= ?", (since,))]
    [(next_due,)] = rows("SELECT MIN(due) FROM cards WHERE due > ?", (now_text,))
    return StatsReport(totals.attempts, per_topic, totals, streak, studied_today,
                       _tally_days(recent_attempts, recent_reviews, today, zone, HISTORY_DAYS),
                       _utc(next_due) if next_due else None, now)


def _utc(text: str) -> datetime:
    """A stored time (UTC text) as an aware datetime."""
    moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _retrievability(scheduler: StudyScheduler, stability: float | None, last_review: str | None,
                    now: datetime) -> float:
    """FSRS's probability of recall now, from the two numbers of the stored card it depends on."""
    if stability is None or last_review is None:
        return 0.0
    card = Card(card_id=1, state=State.Review, stability=stability, last_review=datetime.fromisoformat(last_review))
    return float(scheduler.fsrs.get_card_retrievability(card, now))
