"""Every question cites a real section of a real note file (the index ships in tests/data)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quizprep.bank.loader import load_bank

SECTIONS_FILE = Path(__file__).resolve().parent.parent / "data" / "note_sections.json"
NOTE_SECTIONS: dict[str, list[str]] = json.loads(SECTIONS_FILE.read_text(encoding="utf-8"))
QUESTIONS = [q for q in load_bank(include_env=False) if not q.source.beyond]  # beyond the notes: nothing to cite


def test_index_covers_the_five_note_files() -> None:
    assert len(NOTE_SECTIONS) == 5
    assert all(sections for sections in NOTE_SECTIONS.values())


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_source_is_a_section_of_a_note(question) -> None:
    file, section = question.source.file.strip(), question.source.section.strip()
    assert file in NOTE_SECTIONS, f"{question.id}: unknown note file {file!r}"
    headings = [heading.strip() for heading in NOTE_SECTIONS[file]]
    assert section in headings, f"{question.id}: {section!r} is not a section of {file} (known: {headings})"
