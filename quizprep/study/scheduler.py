"""Spaced repetition with FSRS-6 (the `fsrs` package): one card per question, a rating per review.

The rating is not asked for, except for self-graded questions: it is derived from how the answer went
(`rating_for`): wrong or revealed is Again; right with a hint, or slow for the question's kind, is Hard;
right and quick is Easy; right otherwise is Good. fsrs then sets the card's next due time so that the
probability of recall at that moment is the desired retention.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from fsrs import Card, Rating, Scheduler

from quizprep.study.store import CardReview, CardRow

RATING_NAMES = {Rating.Again: "again", Rating.Hard: "hard", Rating.Good: "good", Rating.Easy: "easy"}

Outcome = Literal["correct", "wrong", "revealed"]


@dataclass(frozen=True)
class Pace:
    """Seconds under which a right answer counts as quick (Easy) and over which it counts as slow (Hard)."""

    quick_s: float
    slow_s: float


PACE_BY_KIND = {
    "choice": Pace(8, 60),
    "numeric": Pace(20, 120),
    "symbolic": Pace(30, 180),
    "derivation": Pace(90, 600),
    "code": Pace(180, 1800),
    "self-graded": Pace(30, 300),
}


def rating_for(outcome: Outcome, kind: str, hints_used: int, duration_s: float) -> Rating:
    """The FSRS rating of one review from the checker's outcome, the hints used and the time taken."""
    if outcome != "correct":
        return Rating.Again
    pace = PACE_BY_KIND.get(kind, Pace(30, 180))
    if hints_used > 0 or duration_s > pace.slow_s:
        return Rating.Hard
    if duration_s <= pace.quick_s:
        return Rating.Easy
    return Rating.Good


RUSSIAN_RATING_NAMES = {Rating.Again: "снова", Rating.Hard: "трудно", Rating.Good: "хорошо", Rating.Easy: "легко"}


def parse_rating(text: str) -> Rating | None:
    """Read a self-grade: 1-4 or again/hard/good/easy (or their first letter, or the Russian word); else None."""
    word = text.strip().lower()
    for rating, name in RATING_NAMES.items():
        if word in (str(int(rating)), name, name[0], RUSSIAN_RATING_NAMES[rating]):
            return rating
    return None


def card_id_for(question_id: str) -> int:
    """A stable card id for a question (fsrs wants an int; the store keys cards by question id)."""
    return zlib.crc32(question_id.encode("utf-8")) + 1


class StudyScheduler:
    """fsrs's Scheduler with the user's desired retention, working on the store's cards."""

    def __init__(self, desired_retention: float = 0.9, fuzz: bool = True):
        self.fsrs = Scheduler(desired_retention=desired_retention, enable_fuzzing=fuzz)

    def card_for(self, question_id: str, row: CardRow | None, now: datetime) -> Card:
        """The stored card, or a new one due now for a question never reviewed."""
        if row is not None:
            return Card.from_json(row.card_json)
        return Card(card_id=card_id_for(question_id), due=now)

    def review(self, question_id: str, topic: str, card: Card, rating: Rating, now: datetime,
               duration_ms: int | None) -> tuple[Card, CardReview]:
        """Apply one review; return the new card and what the store records (card and log JSON, due)."""
        new_card, log = self.fsrs.review_card(card, rating, review_datetime=now, review_duration=duration_ms)
        return new_card, CardReview(question_id=question_id, topic=topic, card_json=new_card.to_json(),
                                    due=new_card.due, reviewed_at=now, rating=int(rating),
                                    duration_ms=duration_ms, log_json=log.to_json())

    def retrievability(self, row: CardRow, now: datetime) -> float:
        """The probability of recalling this card's answer at `now`, per FSRS (0 for a card never reviewed)."""
        return float(self.fsrs.get_card_retrievability(Card.from_json(row.card_json), now))
