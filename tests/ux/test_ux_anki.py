"""Anki export people can use: MathJax, code as HTML, code cards with their solution, the schedule carried over.

The import test opens a real Anki collection with the `anki` package (dev extra) and skips without it.
"""

from __future__ import annotations

import re
import sqlite3
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Rating
from typer.testing import CliRunner

from quizprep.bank.loader import load_bank
from quizprep.cli import app
from quizprep.study.anki import CardHistory, export_anki, note_fields
from quizprep.study.scheduler import StudyScheduler

FRONT, BACK = 3, 4


def test_expressions_are_mathjax():
    bank = load_bank()
    back = note_fields(bank.get("sigmoid-derivative"), "en")[BACK]
    assert "\\(" in back and "\\)" in back and "\\sigma" in back
    front = note_fields(bank.get("sigmoid-derivative-steps"), "en")[FRONT]
    assert re.search(r"\\\(\\frac\{d\}\{d x\}", front)  # the derivation's start


def test_no_raw_markdown_backticks_in_any_card():
    for question in load_bank():
        for lang in ("en", "ru"):
            fields = note_fields(question, lang)
            assert "`" not in fields[FRONT] + fields[BACK], (question.id, lang)
    with_code = next(q for q in load_bank() if "`" in q.prompt.en)
    assert "<code>" in note_fields(with_code, "en")[FRONT]


def test_a_code_card_back_holds_the_solution_and_key_points():
    back = note_fields(load_bank().get("implement-dropout"), "en")[BACK]
    assert "<pre><code" in back and "class Dropout" in back and "def backward" in back
    assert "Key points" in back and back.count("<li>") >= 1
    assert "Ключевые пункты" in note_fields(load_bank().get("implement-dropout"), "ru")[BACK]


def reviewed(now: datetime, ratings: list[Rating]) -> tuple[CardHistory, datetime]:
    """A card reviewed once a week up to now, as quizprep's scheduler records it."""
    scheduler = StudyScheduler(fuzz=False)
    card = scheduler.card_for("sigmoid-derivative", None, now)
    reviews = []
    for i, rating in enumerate(ratings):
        moment = now - timedelta(days=7 * (len(ratings) - 1 - i))
        card, _ = scheduler.review("sigmoid-derivative", "activations", card, rating, moment, 12_000)
        reviews.append((moment, int(rating), 12_000))
    return CardHistory(card.to_json(), tuple(reviews)), card.due


def test_history_is_written_into_the_package(tmp_path: Path):
    history, _ = reviewed(datetime.now(UTC), [Rating.Easy, Rating.Again, Rating.Good])
    path = tmp_path / "deck.apkg"
    report = export_anki([load_bank().get("sigmoid-derivative"), load_bank().get("relu-derivative")], path,
                         history={"sigmoid-derivative": history})
    assert (report.notes, report.scheduled, report.reviews) == (2, 1, 3)
    with zipfile.ZipFile(path) as archive:
        (tmp_path / "c.anki2").write_bytes(archive.read("collection.anki2"))
    db = sqlite3.connect(tmp_path / "c.anki2")
    assert [row[0] for row in db.execute("SELECT ease FROM revlog ORDER BY id")] == [4, 1, 3]
    assert sorted(row[0] for row in db.execute("SELECT type FROM cards")) == [0, 2]
    db.close()


def test_export_command_with_history(tmp_path: Path):
    runner = CliRunner()
    assert runner.invoke(app, ["answer", "relu-derivative", "Heaviside(x)"]).exit_code in (0, 1)
    result = runner.invoke(app, ["export", "anki", str(tmp_path / "d.apkg"), "--with-history", "--topic",
                                 "activations"])
    assert result.exit_code == 0, result.output
    assert "with the schedule of 0 cards" in result.stdout  # an answer alone schedules nothing
    refused = runner.invoke(app, ["export", "anki", str(tmp_path / "d.txt")])
    assert refused.exit_code == 2 and "should end in .apkg" in refused.stderr


def test_an_anki_collection_imports_the_deck_and_its_schedule(tmp_path: Path):
    collection_module = pytest.importorskip("anki.collection", reason="the anki package (dev extra) is not installed")
    now = datetime.now(UTC)
    history, due = reviewed(now, [Rating.Easy, Rating.Good, Rating.Good])
    bank = load_bank()
    questions = [q for q in bank if q.topic == "activations"]
    path = tmp_path / "deck.apkg"
    export_anki(questions, path, history={"sigmoid-derivative": history})

    col = collection_module.Collection(str(tmp_path / "collection.anki2"))
    try:
        request = collection_module.ImportAnkiPackageRequest(
            package_path=str(path),
            options=collection_module.ImportAnkiPackageOptions(with_scheduling=True, update_notes=1))
        col.import_anki_package(request)
        assert col.note_count() == len(questions)
        [note_id] = col.find_notes('"Id:sigmoid-derivative"')
        note = col.get_note(note_id)
        assert "\\(" in note["Back"] and "`" not in note["Front"]
        card = note.cards()[0]
        assert card.type == 2 and card.ivl >= 1  # a review card, as in quizprep
        days_left = (due.date() - now.date()).days
        assert abs((card.due - col.sched.today) - days_left) <= 1
        assert col.db.scalar("SELECT COUNT(*) FROM revlog WHERE cid = ?", card.id) == 3
        [new_id] = col.find_notes('"Id:relu-derivative"')
        assert col.get_note(new_id).cards()[0].type == 0  # never studied: new in Anki too
    finally:
        col.close()
