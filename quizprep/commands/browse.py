"""`quizprep list` and `quizprep show`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from quizprep.commands.common import Lang, handles_errors, load_current_bank

if TYPE_CHECKING:
    from quizprep.bank.model import Source

KindOption = Annotated[str | None, typer.Option("--kind", "-k", metavar="KIND", help="Only this kind (symbolic, numeric, ...).")]


@handles_errors
def list_questions(
    topic: Annotated[str | None, typer.Option("--topic", "-t", metavar="TOPIC", help="Only this topic.")] = None,
    kind: KindOption = None,
    lang: Annotated[Lang, typer.Option(help="Language of the titles.")] = Lang.en,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array instead of a table.")] = False,
) -> None:
    """List the questions of the bank."""
    from quizprep.ui.console import out, print_json
    from quizprep.ui.tables import question_table

    questions = [q for q in load_current_bank()
                 if (topic is None or q.topic == topic) and (kind is None or q.kind == kind)]
    if as_json:
        print_json([{"id": q.id, "topic": q.topic, "kind": q.kind, "title": q.title.in_lang(lang.value),
                     "source": _source_json(q.source, lang.value)} for q in questions])
    else:
        out().print(question_table(questions, lang.value))


@handles_errors
def show(
    question_id: Annotated[str, typer.Argument(metavar="ID", help="The question id (see `quizprep list`).")],
    lang: Annotated[Lang, typer.Option(help="Language of the question.")] = Lang.en,
    answer: Annotated[bool, typer.Option("--answer", help="Also show the answer and the explanation.")] = False,
    seed: Annotated[int | None, typer.Option(help="Draw the numbers of a parameterized question.")] = None,
) -> None:
    """Show one question, optionally with its answer and explanation."""
    from quizprep.bank.instance import instantiate
    from quizprep.ui.console import out
    from quizprep.ui.question_view import render_question

    question = load_current_bank().get(question_id)
    out().print(render_question(instantiate(question, seed), lang.value, with_answer=answer))


def _source_json(source: Source, lang: str) -> dict[str, object]:
    """A citation in words (bank-infra: the notes' file names are not shown; see bank/sources.py)."""
    return {"label": source.label(lang), "beyond": source.beyond}
