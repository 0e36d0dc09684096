"""Export the bank as an Anki package (genanki): one note per question, front the prompt, back the answer.

The model id, the deck ids and each note's guid are fixed (the guid is derived from the question id and
language), so importing a newer export into Anki updates the notes in place instead of duplicating them.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

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
"""


class ExportError(QuizprepError):
    """The Anki package could not be written."""


@dataclass(frozen=True)
class ExportReport:
    """What was written: the file, the deck's name and the number of notes."""

    path: Path
    deck: str
    notes: int


def _html(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _answer_html(question: Question, lang: str) -> str:
    if question.kind == "code":
        return f"<code>quizprep exercise {html.escape(question.exercise or question.id)}</code>"
    if question.kind == "self-graded":
        return _html(question.answer.in_lang(lang))
    answer = instantiate(question, None).answer
    if question.kind == "choice":
        picks = answer if isinstance(answer, list) else [answer]
        return "<br>".join(f"{p}. {_html(question.choices[p - 1].in_lang(lang))}" for p in picks)
    if question.kind == "numeric":
        values = answer if isinstance(answer, list) else [answer]
        shown = [f"{float(v):.6g}" for v in values]
        return shown[0] if len(shown) == 1 else "[" + ", ".join(shown) + "]"
    return f"<code>{html.escape(str(answer))}</code>"


def note_fields(question: Question, lang: str) -> list[str]:
    """The note's fields (see FIELDS): front title, prompt and choices; back answer and explanation."""
    instance = instantiate(question, None) if question.kind == "numeric" else None
    prompt = instance.prompt(lang) if instance else question.prompt.in_lang(lang)
    explanation = instance.explanation(lang) if instance else question.explanation.in_lang(lang)
    front = f"<h3>{_html(question.title.in_lang(lang))}</h3><p>{_html(prompt)}</p>"
    if question.kind == "derivation" and question.start:
        front += f"<p><code>{html.escape(question.start)}</code></p>"
    if question.figure:  # bank-infra: a card shows the plot as its text description
        from quizprep.bank.figures import build_figure

        front += f"<p><i>{_html(build_figure(question.figure, dict(question.params)).description.in_lang(lang))}</i></p>"
    if question.choices:
        front += "<ol>" + "".join(f"<li>{_html(c.in_lang(lang))}</li>" for c in question.choices) + "</ol>"
    back = f"<p><b>{_answer_html(question, lang)}</b></p><p>{_html(explanation)}</p>"
    return [question.id, question.topic, question.kind, front, back, _html(question.source.label(lang))]


def export_anki(questions: Iterable[Question], path: Path, lang: str = "en") -> ExportReport:
    """Write `questions` as an .apkg deck to `path` (parent directories must exist)."""
    import genanki

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
    count = 0
    for question in questions:
        deck.add_note(genanki.Note(model=model, fields=note_fields(question, lang),
                                   guid=genanki.guid_for("quizprep", lang, question.id),
                                   tags=[question.topic, question.kind]))
        count += 1
    path = Path(path)
    if path.suffix != ".apkg":
        raise ExportError(f"{path}: the file name should end in .apkg")
    if not path.parent.is_dir():
        raise ExportError(f"{path.parent}: no such directory")
    try:
        genanki.Package(deck).write_to_file(str(path))
    except OSError as exc:
        raise ExportError(f"{path}: cannot write the package: {exc}") from None
    return ExportReport(path, deck_name, count)
