"""Studying: the progress store (SQLite), spaced repetition and sessions."""
