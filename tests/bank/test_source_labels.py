"""Citations people can read: every note and section the bank cites is named in words, in both languages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rich.console import Console

from quizprep.bank.instance import instantiate
from quizprep.bank.loader import load_bank
from quizprep.bank.model import Source
from quizprep.bank.sources import source_table
from quizprep.ui.question_view import render_question

SECTIONS_FILE = Path(__file__).resolve().parent.parent / "data" / "note_sections.json"
QUESTIONS = list(load_bank(include_env=False))
NOTE_FILE = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")
CYRILLIC = re.compile("[а-яА-ЯёЁ]")


def test_every_cited_section_has_a_table_entry() -> None:
    notes = source_table()["notes"]
    missing = sorted({(q.source.file, q.source.section) for q in QUESTIONS if not q.source.beyond
                      and q.source.section not in notes.get(q.source.file, {}).get("sections", {})})
    assert not missing, f"sections cited by the bank but not named in bank/sources.toml: {missing}"


def test_the_table_names_exactly_the_notes_headings() -> None:
    """The table's keys are the notes' own headings (a typo there would leave a citation unnamed)."""
    index = json.loads(SECTIONS_FILE.read_text(encoding="utf-8"))
    notes = source_table()["notes"]
    assert set(notes) == set(index)
    for file, headings in index.items():
        assert set(notes[file]["sections"]) == {h.strip() for h in headings}, file


def test_every_name_exists_in_both_languages() -> None:
    notes = source_table()["notes"]
    for file, note in notes.items():
        assert note["en"] and CYRILLIC.search(note["ru"]), file
        for heading, names in note["sections"].items():
            assert set(names) == {"en", "ru"} and names["en"].strip() and names["ru"].strip(), heading


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_a_citation_reads_as_lecture_and_section(question) -> None:
    for lang in ("en", "ru"):
        text = question.source.label(lang)
        assert not NOTE_FILE.search(text), f"{question.id}: a note's file name is shown: {text!r}"
        assert " — " in text


def test_label_in_words_and_beyond_the_notes() -> None:
    softmax = Source("001_eb0fcac32501da68.txt", "Softmax")
    assert softmax.label("en") == "Lecture 4 slides, NN details — Softmax"
    assert softmax.label("ru") == "Слайды лекции 4, детали НС — Softmax"
    beyond = Source(beyond=True, topic="learning-rate")
    assert beyond.label("en") == "beyond the notes — learning rate"
    assert beyond.label("ru") == "вне конспектов — скорость обучения"
    assert Source(beyond=True, topic="my-own-topic").label("en") == "beyond the notes — my own topic"
    # a user's own bank citing their own notes: shown as written
    assert Source("my-notes.md", "Losses").label("en") == "my-notes.md § Losses"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_no_file_name_on_screen(lang) -> None:
    console = Console(record=True, width=100)
    for question in QUESTIONS[::7]:
        console.print(render_question(instantiate(question), lang, with_answer=question.kind != "code"))
    assert not NOTE_FILE.search(console.export_text())
