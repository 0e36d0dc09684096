"""What the user does to a card besides rating it: bury (not before tomorrow), suspend, skip; and undo a rating.

Flags live in the `card_flags` table (a question never reviewed can be flagged too). Undo deletes one
review (its log and its attempt) and puts the card back as it was before, in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from quizprep.study.clock import parse_utc
from quizprep.study.store import CardRow, ProgressStore, utc_text


@dataclass(frozen=True)
class CardFlags:
    """One question's flags: buried until (None: not buried), suspended since, last skipped."""

    buried_until: datetime | None = None
    suspended_at: datetime | None = None
    skipped_at: datetime | None = None

    def hidden_at(self, now: datetime) -> bool:
        """Whether a session at `now` leaves this question out (suspended, or buried until later)."""
        return self.suspended_at is not None or (self.buried_until is not None and self.buried_until > now)


def _maybe_time(text: str | None) -> datetime | None:
    return parse_utc(text) if text else None


def all_flags(store: ProgressStore) -> dict[str, CardFlags]:
    """Every flagged question by id."""
    rows = store.db.execute("SELECT question_id, buried_until, suspended_at, skipped_at FROM card_flags")
    return {r[0]: CardFlags(_maybe_time(r[1]), _maybe_time(r[2]), _maybe_time(r[3])) for r in rows}


def _set(store: ProgressStore, question_id: str, column: str, value: str | None) -> None:
    with store.transaction() as db:
        db.execute(f"INSERT INTO card_flags (question_id, {column}) VALUES (?, ?) "
                   f"ON CONFLICT (question_id) DO UPDATE SET {column} = excluded.{column}", (question_id, value))


def bury(store: ProgressStore, question_id: str, until: datetime) -> None:
    """Keep the question out of every session before `until` (the start of tomorrow)."""
    _set(store, question_id, "buried_until", utc_text(until))


def suspend(store: ProgressStore, question_id: str, now: datetime) -> bool:
    """Keep the question out of every session until it is unsuspended; False if it already was suspended."""
    if all_flags(store).get(question_id, CardFlags()).suspended_at is not None:
        return False
    _set(store, question_id, "suspended_at", utc_text(now))
    return True


def unsuspend(store: ProgressStore, question_id: str) -> bool:
    """Let the question back into sessions; False if it was not suspended."""
    if all_flags(store).get(question_id, CardFlags()).suspended_at is None:
        return False
    _set(store, question_id, "suspended_at", None)
    return True


def mark_skipped(store: ProgressStore, question_id: str, now: datetime) -> None:
    """Remember the skip: the next session puts this question behind the others."""
    _set(store, question_id, "skipped_at", utc_text(now))


def clear_skipped(store: ProgressStore, question_id: str) -> None:
    """Forget an earlier skip (the question was answered since)."""
    with store.transaction() as db:
        db.execute("UPDATE card_flags SET skipped_at = NULL WHERE question_id = ? AND skipped_at IS NOT NULL",
                   (question_id,))


def undo_review(store: ProgressStore, question_id: str, attempt_id: int, before: CardRow | None) -> None:
    """Take one review back: delete its log and attempt, and restore the card (or remove a card it created)."""
    with store.transaction() as db:
        db.execute("DELETE FROM review_logs WHERE attempt_id = ?", (attempt_id,))
        db.execute("DELETE FROM attempts WHERE id = ?", (attempt_id,))
        if before is None:
            db.execute("DELETE FROM cards WHERE question_id = ?", (question_id,))
        else:
            db.execute("UPDATE cards SET topic = ?, card = ?, due = ?, first_reviewed_at = ?, last_reviewed_at = ? "
                       "WHERE question_id = ?",
                       (before.topic, before.card_json, utc_text(before.due), utc_text(before.first_reviewed_at),
                        utc_text(before.last_reviewed_at), question_id))
