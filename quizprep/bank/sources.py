"""Citations people can read: a note file and its section heading, named as a lecture and section in words.

The table is `sources.toml` beside this module (it ships in the wheel); the notes themselves are not
shipped, so a note's file name is never shown. A source missing from the table (a user's own bank citing
their own notes) is shown as written.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

TABLE_FILE = Path(__file__).with_name("sources.toml")
BEYOND = {"en": "beyond the notes", "ru": "вне конспектов"}


@cache
def source_table() -> dict[str, Any]:
    """The parsed table: `notes` (file -> {en, ru, sections}) and `topics` (topic -> {en, ru})."""
    return tomllib.loads(TABLE_FILE.read_text(encoding="utf-8"))


def note_name(file: str, lang: str) -> str | None:
    """The note named in words ("Lecture 4 slides, NN details"), or None when the table lacks it."""
    note = source_table()["notes"].get(file)
    return None if note is None else note[_lang(lang)]


def section_name(file: str, section: str, lang: str) -> str | None:
    """The section named in words, or None when the table lacks it."""
    note = source_table()["notes"].get(file)
    entry = None if note is None else note.get("sections", {}).get(section)
    return None if entry is None else entry[_lang(lang)]


def topic_name(topic: str, lang: str) -> str:
    """A topic in words ("learning rate"); an unknown one with its dashes read as spaces."""
    entry = source_table()["topics"].get(topic)
    return entry[_lang(lang)] if entry else topic.replace("-", " ")


def citation(file: str, section: str, lang: str) -> str:
    """ "Lecture 4 slides, NN details — Softmax" for a known note and section; as written otherwise."""
    note, heading = note_name(file, lang), section_name(file, section, lang)
    if note is None or heading is None:
        return f"{file} § {section}"
    return f"{note} — {heading}"


def beyond_citation(topic: str, lang: str) -> str:
    """ "beyond the notes — learning rate": the honest citation of a question the notes do not teach."""
    return f"{BEYOND[_lang(lang)]} — {topic_name(topic, lang)}" if topic else BEYOND[_lang(lang)]


def _lang(lang: str) -> str:
    return "ru" if lang == "ru" else "en"
