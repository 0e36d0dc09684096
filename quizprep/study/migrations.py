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


def create_cards(db: sqlite3.Connection) -> None:
    """One spaced-repetition card per question seen: the fsrs Card as JSON, its due time copied out for queries."""
    db.execute(
        """
        CREATE TABLE cards (
            question_id TEXT PRIMARY KEY,
            topic TEXT NOT NULL,
            card TEXT NOT NULL,
            due TEXT NOT NULL,
            first_reviewed_at TEXT NOT NULL,
            last_reviewed_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX cards_by_due ON cards (due)")


def create_review_logs(db: sqlite3.Connection) -> None:
    """Every review of a card: rating 1-4 (Again..Easy), when, how long, the fsrs ReviewLog as JSON."""
    db.execute(
        """
        CREATE TABLE review_logs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            question_id TEXT NOT NULL,
            topic TEXT NOT NULL,
            attempt_id INTEGER REFERENCES attempts (id) ON DELETE SET NULL,
            rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
            reviewed_at TEXT NOT NULL,
            duration_ms INTEGER,
            log TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX review_logs_by_time ON review_logs (reviewed_at)")


def create_settings(db: sqlite3.Connection) -> None:
    """Study settings as key/value text (see quizprep/study/settings.py)."""
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL)")


# --- study-ux: indexes for large banks and long histories ---
def index_for_stats_and_planning(db: sqlite3.Connection) -> None:
    """What `stats` groups and filters by (topic, status, question, time) and what the planner counts."""
    db.execute("CREATE INDEX IF NOT EXISTS attempts_by_time ON attempts (answered_at, status)")
    db.execute("CREATE INDEX IF NOT EXISTS attempts_by_topic_status ON attempts (topic, status)")
    db.execute("CREATE INDEX IF NOT EXISTS attempts_by_topic_question ON attempts (topic, question_id)")
    db.execute("CREATE INDEX IF NOT EXISTS cards_by_first_review ON cards (first_reviewed_at)")


# study loop: bury, suspend, skip (issue 11)
def create_card_flags(db: sqlite3.Connection) -> None:
    """What the user did to a question besides answering it: buried until a time, suspended, last skipped.

    A row may exist for a question never reviewed (a new question can be buried, suspended or skipped).
    """
    db.execute(
        """
        CREATE TABLE card_flags (
            question_id TEXT PRIMARY KEY,
            buried_until TEXT,
            suspended_at TEXT,
            skipped_at TEXT
        )
        """
    )


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    create_attempts,
    create_cards,
    create_review_logs,
    create_settings,
    index_for_stats_and_planning,  # study-ux
    create_card_flags,  # study loop
]
