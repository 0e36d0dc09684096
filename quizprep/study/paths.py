"""Where the user's data lives: QUIZPREP_HOME if set, else the platform's data directory."""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    """The directory for the progress store and settings (created on first use)."""
    override = os.environ.get("QUIZPREP_HOME")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("quizprep", appauthor=False))


def store_path() -> Path:
    return data_dir() / "progress.db"
