"""Schema migrations of the progress store: a list of small functions, each applied once and recorded.

Append new migrations at the end; never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable


def create_attempts(db: sqlite3.Connection) -> None:
    db.execute(
        """
        CREATE TABLE attempts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            question_id TEXT NOT NULL,
            topic TEXT NOT NULL,
            kind TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('correct', 'wrong', 'invalid')),
            answer TEXT NOT NULL,
            seed INTEGER,
            via TEXT NOT NULL DEFAULT 'answer',
            answered_at TEXT NOT NULL,
            duration_ms INTEGER,
            hints_used INTEGER NOT NULL DEFAULT 0
        )
        """
    )
    db.execute("CREATE INDEX attempts_by_question ON attempts (question_id, answered_at)")


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    create_attempts,
]
