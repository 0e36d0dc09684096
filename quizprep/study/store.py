"""The progress store: a SQLite file in the data dir, safe for several quizprep processes at once.

WAL journaling, a busy timeout and one short transaction per write mean that concurrent writers wait
for each other instead of failing, and a process killed mid-write leaves the last committed state.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from quizprep.errors import StoreError
from quizprep.study.migrations import MIGRATIONS
from quizprep.study.paths import store_path

BUSY_TIMEOUT_MS = 15_000


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


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class ProgressStore:
    """Attempts and (through later migrations) cards, review logs and settings."""

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

    def schema_version(self) -> int:
        return self.db.execute("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").fetchone()[0]

    def record_attempt(self, attempt: Attempt) -> int:
        """Commit one attempt at once and return its row id."""
        answered_at = (attempt.answered_at or utc_now()).astimezone(timezone.utc).isoformat()
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO attempts (question_id, topic, kind, status, answer, seed, via, answered_at, "
                "duration_ms, hints_used) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (attempt.question_id, attempt.topic, attempt.kind, attempt.status, attempt.answer[:10_000],
                 attempt.seed, attempt.via, answered_at, attempt.duration_ms, attempt.hints_used),
            )
            return int(cursor.lastrowid or 0)

    def attempt_count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM attempts").fetchone()[0]

    def counts_by_topic(self) -> dict[str, dict[str, int]]:
        """Per topic: attempts, correct, wrong, invalid."""
        rows = self.db.execute("SELECT topic, status, COUNT(*) FROM attempts GROUP BY topic, status")
        counts: dict[str, dict[str, int]] = {}
        for topic, status, n in rows:
            entry = counts.setdefault(topic, {"attempts": 0, "correct": 0, "wrong": 0, "invalid": 0})
            entry[status] += n
            entry["attempts"] += n
        return dict(sorted(counts.items()))

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
