"""Export the bank as an Anki package (genanki): one note per question, front the prompt, back the answer.

The model id, the deck ids and each note's guid are fixed (the guid is derived from the question id and
language), so importing a newer export into Anki updates the notes in place instead of duplicating them.

Cards read as they do in quizprep: expressions as MathJax (`\\(…\\)`, which Anki renders), markdown code spans
and blocks as HTML code, a code question's back with the reference solution and its key points. With a
review history (`--with-history`), each card seen in quizprep carries its schedule (state, due date,
interval, FSRS memory) and its review log, so Anki continues where quizprep left off.
"""

from __future__ import annotations

import html
import itertools
import json
import os
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from quizprep.bank.instance import instantiate
from quizprep.bank.model import Question
from quizprep.errors import QuizprepError

# Fixed forever: changing them would make Anki treat a re-import as new notes.
MODEL_ID = 1_738_205_117
DECK_IDS = {"en": 1_738_205_201, "ru": 1_738_205_202}
FIELDS = ("Id", "Topic", "Kind", "Front", "Back", "Source")
CSS = """.card { font-family: sans-serif; font-size: 18px; text-align: left; max-width: 40em; margin: auto; }
.meta { color: #888; font-size: 13px; }
code, pre { font-family: monospace; background: #f4f4f4; padding: 0 .2em; }
pre { padding: .5em; overflow-x: auto; }
"""
KEY_POINTS = {"en": "Key points", "ru": "Ключевые пункты"}
SOLUTION = {"en": "Reference solution", "ru": "Эталонное решение"}
MAX_REVIEW_MS = 60_000  # Anki caps the time of one review at a minute


class ExportError(QuizprepError):
    """The Anki package could not be written."""


@dataclass(frozen=True)
class ExportReport:
    """What was written: the file, the deck's name, the number of notes (and of cards and reviews carried)."""

    path: Path
    deck: str
    notes: int
    scheduled: int = 0
    reviews: int = 0


@dataclass(frozen=True)
class CardHistory:
    """One question's card as quizprep scheduled it: the fsrs Card JSON and its reviews (time, rating, ms)."""

    card_json: str
    reviews: Sequence[tuple[datetime, int, int | None]] = field(default_factory=tuple)


# --- text → HTML ------------------------------------------------------------------------------------------

def markdown_html(text: str, inline: bool = False) -> str:
    """Markdown's code spans and fenced or indented blocks as HTML; everything else stays plain, escaped text.

    Only code is markdown here: `*` and `_` are multiplication and indices in this bank, not emphasis.
    `inline`: one line of text (a title, a choice, a key point), without a paragraph around it.
    """
    from markdown_it import MarkdownIt

    renderer = MarkdownIt("zero", {"breaks": True}).enable(["backticks", "fence", "code", "newline"])
    return renderer.renderInline(text) if inline else renderer.render(text).strip()


def mathjax(expression: str, question: Question) -> str:
    """An expression of the bank as inline MathJax `\\(…\\)`; as code when it does not parse."""
    try:
        import sympy

        from quizprep.checking.parser import parse_expression

        latex = sympy.latex(parse_expression(expression, symbols=question.symbols or None,
                                             matrices=question.matrices or None))
    except Exception:  # noqa: BLE001 - display only: an unparsable expression is shown as written
        return f"<code>{html.escape(expression)}</code>"
    return "\\(" + html.escape(latex, quote=False) + "\\)"


def _answer_html(question: Question, lang: str) -> str:
    if question.kind == "code":
        return _code_back(question, lang)
    if question.kind == "self-graded":
        return markdown_html(question.answer.in_lang(lang))
    answer = instantiate(question, None).answer
    if question.kind == "choice":
        picks = answer if isinstance(answer, list) else [answer]
        return "<br>".join(f"{p}. {markdown_html(question.choices[p - 1].in_lang(lang), inline=True)}"
                           for p in picks)
    if question.kind == "numeric":
        values = answer if isinstance(answer, list) else [answer]
        shown = [f"{float(v):.6g}" for v in values]
        return shown[0] if len(shown) == 1 else "[" + ", ".join(shown) + "]"
    return mathjax(str(answer), question)


def _code_back(question: Question, lang: str) -> str:
    """The reference solution as a code block, then the key points (the exercise's hints when it has none)."""
    points = [p.in_lang(lang) for p in question.key_points]
    solution = ""
    try:
        from quizprep.exercises.catalog import get_exercise

        exercise = get_exercise(question.exercise or "")
        solution = exercise.solution_source()
        points = points or [hint.in_lang(lang) for hint in exercise.hints]
    except (ImportError, QuizprepError, OSError):
        pass
    parts = []
    if solution:
        parts.append(f"<p><b>{SOLUTION[lang]}</b></p><pre><code class=\"language-python\">"
                     f"{html.escape(solution)}</code></pre>")
    else:
        parts.append(f"<code>quizprep exercise {html.escape(question.exercise or question.id)} --solution</code>")
    if points:
        parts.append(f"<p><b>{KEY_POINTS[lang]}</b></p><ul>"
                     + "".join(f"<li>{markdown_html(p, inline=True)}</li>" for p in points) + "</ul>")
    return "".join(parts)


def note_fields(question: Question, lang: str) -> list[str]:
    """The note's fields (see FIELDS): front title, prompt and choices; back answer, key points, explanation."""
    instance = instantiate(question, None) if question.kind == "numeric" else None
    prompt = instance.prompt(lang) if instance else question.prompt.in_lang(lang)
    explanation = instance.explanation(lang) if instance else question.explanation.in_lang(lang)
    front = f"<h3>{markdown_html(question.title.in_lang(lang), inline=True)}</h3>{markdown_html(prompt)}"
    if question.kind == "derivation" and question.start:
        front += f"<p>{mathjax(question.start, question)}</p>"
    if question.figure:  # bank-infra: a card shows the plot as its text description
        from quizprep.bank.figures import build_figure

        description = build_figure(question.figure, dict(question.params)).description.in_lang(lang)
        front += f"<p><i>{html.escape(description)}</i></p>"
    if question.choices:
        front += "<ol>" + "".join(f"<li>{markdown_html(c.in_lang(lang), inline=True)}</li>"
                                  for c in question.choices) + "</ol>"
    answer = _answer_html(question, lang)
    back = f"<div>{answer}</div>" if question.kind == "code" else f"<div><b>{answer}</b></div>"
    if question.key_points and question.kind != "code":
        back += (f"<p><b>{KEY_POINTS[lang]}</b></p><ul>"
                 + "".join(f"<li>{markdown_html(p.in_lang(lang), inline=True)}</li>"
                           for p in question.key_points) + "</ul>")
    back += markdown_html(explanation)
    return [question.id, question.topic, question.kind, front, back, html.escape(question.source.label(lang))]


# --- the package ------------------------------------------------------------------------------------------

def export_anki(questions: Iterable[Question], path: Path, lang: str = "en",
                history: dict[str, CardHistory] | None = None) -> ExportReport:
    """Write `questions` as an .apkg deck to `path` (parent directories must exist).

    `history` (question id → CardHistory) carries quizprep's schedule and review log into the package.
    """
    import genanki

    path = Path(path)
    if path.suffix != ".apkg":
        raise ExportError(f"{path}: the file name should end in .apkg")
    if not path.parent.is_dir():
        raise ExportError(f"{path.parent}: no such directory")
    model = genanki.Model(
        MODEL_ID, "quizprep question",
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": "Question → answer",
                    "qfmt": '{{Front}}<p class="meta">{{Topic}} · {{Kind}} · {{Id}}</p>',
                    "afmt": '{{FrontSide}}<hr id="answer">{{Back}}<p class="meta">{{Source}}</p>'}],
        css=CSS,
    )
    deck_name = "quizprep" + (" (ru)" if lang == "ru" else "")
    deck = genanki.Deck(DECK_IDS[lang], deck_name, description="Deep-learning interview questions from quizprep")
    guids: dict[str, str] = {}
    for question in questions:
        guid = genanki.guid_for("quizprep", lang, question.id)
        guids[guid] = question.id
        deck.add_note(genanki.Note(model=model, fields=note_fields(question, lang), guid=guid,
                                   tags=[question.topic, question.kind]))
    try:
        scheduled, reviews = _write_package(genanki.Package(deck), path, guids, history or {})
    except (OSError, sqlite3.Error) as exc:
        raise ExportError(f"{path}: cannot write the package: {exc}") from None
    return ExportReport(path, deck_name, len(guids), scheduled, reviews)


def _write_package(package: Any, path: Path, guids: dict[str, str],
                   history: dict[str, CardHistory]) -> tuple[int, int]:
    """genanki's collection, then the schedule and review log of the cards with a history, zipped as .apkg."""
    import time

    handle, db_path = tempfile.mkstemp(suffix=".anki2")
    os.close(handle)
    try:
        db = sqlite3.connect(db_path)
        try:
            timestamp = time.time()
            package.write_to_db(db.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
            scheduled, reviews = _carry_history(db, guids, history)
            db.commit()
        finally:
            db.close()
        with zipfile.ZipFile(path, "w") as archive:
            archive.write(db_path, "collection.anki2")
            archive.writestr("media", "{}")
    finally:
        os.unlink(db_path)
    return scheduled, reviews


def _carry_history(db: sqlite3.Connection, guids: dict[str, str], history: dict[str, CardHistory]) -> tuple[int, int]:
    """Give each card with a history its fsrs state as Anki's (type, queue, due, interval, memory) and its log."""
    from fsrs import Card, State

    if not history:
        return 0, 0
    created = datetime.fromtimestamp(db.execute("SELECT crt FROM col").fetchone()[0], UTC)
    cards = db.execute("SELECT cards.id, notes.guid FROM cards JOIN notes ON notes.id = cards.nid").fetchall()
    used_ids: set[int] = set()
    scheduled = reviews = 0
    for card_id, guid in cards:
        entry = history.get(guids.get(guid, ""))
        if entry is None:
            continue
        card = Card.from_json(entry.card_json)
        state = {State.Learning: 1, State.Review: 2, State.Relearning: 3}[card.state]
        last = card.last_review or card.due
        interval = max(1, round((card.due - last).total_seconds() / 86400)) if state == 2 else 0
        due = (card.due.date() - created.date()).days if state == 2 else int(card.due.timestamp())
        ratings = [rating for _, rating, _ in entry.reviews]
        lapses = sum(1 for before, rating in itertools.pairwise(ratings) if rating == 1 and before > 1)
        memory = {"s": round(card.stability, 4), "d": round(card.difficulty, 4)} if card.stability else {}
        db.execute("UPDATE cards SET type = ?, queue = ?, due = ?, ivl = ?, factor = ?, reps = ?, lapses = ?, "
                   "left = ?, data = ? WHERE id = ?",
                   (state, state, due, interval, 2500, len(ratings), lapses, 0 if state == 2 else 1,
                    json.dumps(memory), card_id))
        scheduled += 1
        previous = None
        for reviewed_at, rating, duration_ms in entry.reviews:
            log_id = int(reviewed_at.timestamp() * 1000)
            while log_id in used_ids:  # the log's id is its time in ms, and must be unique
                log_id += 1
            used_ids.add(log_id)
            kind = 0 if previous is None else (2 if previous == 1 else 1)  # learn, review, relearn
            db.execute("INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
                       "VALUES (?, ?, -1, ?, 0, 0, 2500, ?, ?)",
                       (log_id, card_id, rating, min(MAX_REVIEW_MS, max(0, duration_ms or 0)), kind))
            previous = rating
            reviews += 1
    return scheduled, reviews


def history_from_store(store: Any) -> dict[str, CardHistory]:
    """Every stored card and its reviews (oldest first), by question id."""
    reviews: dict[str, list[tuple[datetime, int, int | None]]] = {}
    for row in store.reviews():
        reviews.setdefault(row.question_id, []).append((row.reviewed_at, row.rating, row.duration_ms))
    return {question_id: CardHistory(card.card_json, tuple(reviews.get(question_id, ())))
            for question_id, card in store.cards().items()}
