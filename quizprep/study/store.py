"""The progress store: a SQLite file in the data dir, safe for several quizprep processes at once.

WAL journaling, a busy timeout and one short transaction per write mean that concurrent writers wait
for each other instead of failing, and a process killed mid-write leaves the last committed state.
"""

from __future__ import annotations

import functools
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self, TypeVar

from quizprep.errors import StoreError
from quizprep.study.migrations import MIGRATIONS
from quizprep.study.paths import store_path

BUSY_TIMEOUT_MS = 15_000

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Attempt:
    """One graded answer, as recorded."""

    question_id: str
    topic: str
    kind: str
    status: str
    answer: str
    seed: int | None = None
    via: str = "answer"
    answered_at: datetime | None = None
    duration_ms: int | None = None
    hints_used: int = 0


@dataclass(frozen=True)
class CardReview:
    """A card after one review, and the review's log, as the scheduler produced them (JSON from fsrs)."""

    question_id: str
    topic: str
    card_json: str
    due: datetime
    reviewed_at: datetime
    rating: int
    duration_ms: int | None
    log_json: str


@dataclass(frozen=True)
class CardRow:
    """A stored card: the fsrs Card JSON and the times the queries need."""

    question_id: str
    topic: str
    card_json: str
    due: datetime
    first_reviewed_at: datetime
    last_reviewed_at: datetime


@dataclass(frozen=True)
class AttemptRow:
    """A recorded attempt, as the stats read it back."""

    question_id: str
    topic: str
    kind: str
    status: str
    via: str
    answered_at: datetime
    duration_ms: int | None
    hints_used: int


@dataclass(frozen=True)
class ReviewRow:
    """A recorded review log, as the stats read it back."""

    question_id: str
    topic: str
    rating: int
    reviewed_at: datetime
    duration_ms: int | None


def utc_now() -> datetime:
    return datetime.now(UTC)


def utc_text(moment: datetime) -> str:
    """A fixed-width UTC ISO timestamp, so that stored times compare correctly as text in SQL."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _utc(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _store_errors(method: F) -> F:
    """Turn SQLite's errors while reading or writing (a damaged file, a full disk) into a StoreError."""

    @functools.wraps(method)
    def wrapper(self: ProgressStore, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except (sqlite3.IntegrityError, sqlite3.ProgrammingError):
            raise  # quizprep's own mistake, not the file's: keep the traceback
        except sqlite3.DatabaseError as exc:
            advice = (f" (quizprep leaves it as it is: keep a copy; `sqlite3 {self.path} .recover` may rescue "
                      "the data)" if "malformed" in str(exc) else "")
            raise StoreError(f"{self.path}: cannot use the progress store: {exc}{advice}") from None

    return wrapper  # type: ignore[return-value]


_CARD_COLUMNS = "question_id, topic, card, due, first_reviewed_at, last_reviewed_at"


def _card_row(row: sqlite3.Row) -> CardRow:
    return CardRow(row[0], row[1], row[2], _utc(row[3]), _utc(row[4]), _utc(row[5]))


def _insert_attempt(db: sqlite3.Connection, attempt: Attempt) -> int:
    """Insert one attempt inside the caller's transaction and return its row id."""
    answered_at = (attempt.answered_at or utc_now()).astimezone(UTC).isoformat()
    cursor = db.execute(
        "INSERT INTO attempts (question_id, topic, kind, status, answer, seed, via, answered_at, "
        "duration_ms, hints_used) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (attempt.question_id, attempt.topic, attempt.kind, attempt.status, attempt.answer[:10_000],
         attempt.seed, attempt.via, answered_at, attempt.duration_ms, attempt.hints_used),
    )
    return int(cursor.lastrowid or 0)


class ProgressStore:
    """Attempts, spaced-repetition cards (one per question, fsrs JSON), review logs and settings."""

    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path else store_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._set_wal()
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot open the progress store: {exc} "
                             "(the file was left untouched)") from None
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot create the progress store: {exc}") from None

    def _set_wal(self) -> None:
        # Switching to WAL needs a moment of exclusive access; retry briefly if another process has it.
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                self.db.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _migrate(self) -> None:
        with self.transaction() as db:
            db.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                       "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
            applied = {row[0] for row in db.execute("SELECT version FROM schema_migrations")}
            newer = {v for v in applied if v > len(MIGRATIONS)}
            if newer:
                raise StoreError(f"{self.path}: the progress store was written by a newer quizprep "
                                 f"(schema version {max(newer)}); upgrade quizprep")
            for version, migration in enumerate(MIGRATIONS, 1):
                if version not in applied:
                    migration(db)
                    db.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)",
                               (version, migration.__name__, utc_now().isoformat()))

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One short write transaction; BEGIN IMMEDIATE takes the write lock up front (no upgrade deadlocks)."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    @_store_errors
    def schema_version(self) -> int:
        return self.db.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()[0]

    @_store_errors
    def record_attempt(self, attempt: Attempt) -> int:
        """Commit one attempt at once and return its row id."""
        with self.transaction() as db:
            return _insert_attempt(db, attempt)

    @_store_errors
    def rows(self, query: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """The rows of one read-only query (for aggregates such as the stats), SQLite errors as StoreError."""
        return [tuple(row) for row in self.db.execute(query, args).fetchall()]

    @_store_errors
    def record_attempts(self, attempts: Iterable[Attempt]) -> int:
        """Commit many attempts in one transaction (an import); returns how many were written."""
        with self.transaction() as db:
            return sum(1 for attempt in attempts if _insert_attempt(db, attempt))

    @_store_errors
    def attempt_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM attempts").fetchone()[0]

    @_store_errors
    def counts_by_topic(self) -> dict[str, dict[str, int]]:
        """Per topic: attempts, correct, wrong, invalid."""
        rows = self.db.execute("SELECT topic, status, COUNT(*) FROM attempts GROUP BY topic, status")
        counts: dict[str, dict[str, int]] = {}
        for topic, status, n in rows:
            entry = counts.setdefault(topic, {"attempts": 0, "correct": 0, "wrong": 0, "invalid": 0})
            entry[status] += n
            entry["attempts"] += n
        return dict(sorted(counts.items()))

    @_store_errors
    def record_review(self, attempt: Attempt, review: CardReview | None = None) -> int:
        """Commit an attempt together with the card's new state and its review log, all or nothing."""
        with self.transaction() as db:
            attempt_id = _insert_attempt(db, attempt)
            if review is not None:
                reviewed_at = utc_text(review.reviewed_at)
                db.execute(
                    "INSERT INTO cards (question_id, topic, card, due, first_reviewed_at, last_reviewed_at) "
                    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (question_id) DO UPDATE SET topic = excluded.topic, "
                    "card = excluded.card, due = excluded.due, last_reviewed_at = excluded.last_reviewed_at",
                    (review.question_id, review.topic, review.card_json, utc_text(review.due), reviewed_at,
                     reviewed_at),
                )
                db.execute(
                    "INSERT INTO review_logs (question_id, topic, attempt_id, rating, reviewed_at, duration_ms, "
                    "log) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (review.question_id, review.topic, attempt_id, review.rating, reviewed_at, review.duration_ms,
                     review.log_json),
                )
            return attempt_id

    @_store_errors
    def cards(self, topic: str | None = None) -> dict[str, CardRow]:
        """Every stored card by question id (only `topic`'s when given)."""
        query = f"SELECT {_CARD_COLUMNS} FROM cards"
        rows = self.db.execute(query + " WHERE topic = ?", (topic,)) if topic else self.db.execute(query)
        return {row[0]: _card_row(row) for row in rows}

    @_store_errors
    def card(self, question_id: str) -> CardRow | None:
        """The stored card of one question, None if it was never reviewed."""
        row = self.db.execute(f"SELECT {_CARD_COLUMNS} FROM cards WHERE question_id = ?",
                              (question_id,)).fetchone()
        return _card_row(row) if row else None

    @_store_errors
    def cards_introduced_since(self, moment: datetime) -> int:
        """How many cards had their first review at or after `moment` (today's new questions)."""
        return self.db.execute("SELECT COUNT(*) FROM cards WHERE first_reviewed_at >= ?",
                               (utc_text(moment),)).fetchone()[0]

    @_store_errors
    def attempts(self) -> list[AttemptRow]:
        """Every attempt, oldest first."""
        rows = self.db.execute("SELECT question_id, topic, kind, status, via, answered_at, duration_ms, "
                               "hints_used FROM attempts ORDER BY answered_at, id")
        return [AttemptRow(r[0], r[1], r[2], r[3], r[4], _utc(r[5]), r[6], r[7]) for r in rows]

    @_store_errors
    def reviews(self) -> list[ReviewRow]:
        """Every review log, oldest first."""
        rows = self.db.execute("SELECT question_id, topic, rating, reviewed_at, duration_ms FROM review_logs "
                               "ORDER BY reviewed_at, id")
        return [ReviewRow(r[0], r[1], r[2], _utc(r[3]), r[4]) for r in rows]

    @_store_errors
    def settings_items(self) -> dict[str, str]:
        """The stored settings as key -> text (see quizprep/study/settings.py for their meaning)."""
        return {row[0]: row[1] for row in self.db.execute("SELECT key, value FROM settings")}

    @_store_errors
    def set_setting(self, key: str, value: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) "
                       "DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                       (key, value, utc_text(utc_now())))

    @_store_errors
    def reset_progress(self, topic: str | None = None) -> dict[str, int]:
        """Delete attempts, cards and review logs (of one topic, or all); settings stay. Returns rows deleted."""
        where, args = (" WHERE topic = ?", (topic,)) if topic else ("", ())
        deleted: dict[str, int] = {}
        with self.transaction() as db:
            for table in ("review_logs", "cards", "attempts"):
                deleted[table] = db.execute(f"DELETE FROM {table}{where}", args).rowcount
        return deleted

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
