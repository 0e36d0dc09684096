"""`quizprep list` and `quizprep show`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from quizprep.commands.common import (
    KindsOption,
    LangOption,
    TopicsOption,
    check_filters,
    handles_errors,
    load_current_bank,
    resolve_lang,
)

if TYPE_CHECKING:
    from quizprep.bank.model import Source


@handles_errors
def list_questions(
    topic: TopicsOption = None,
    kind: KindsOption = None,
    lang: LangOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array instead of a table.")] = False,
) -> None:
    """List the questions of the bank."""
    from quizprep.ui.console import out, print_json
    from quizprep.ui.tables import question_table

    language = resolve_lang(lang)
    bank = load_current_bank()
    check_filters(bank, topic, kind)
    questions = [q for q in bank if (not topic or q.topic in topic) and (not kind or q.kind in kind)]
    if as_json:
        print_json([{"id": q.id, "topic": q.topic, "kind": q.kind, "title": q.title.in_lang(language),
                     "source": _source_json(q.source, language)} for q in questions])
    else:
        out().print(question_table(questions, language), crop=False)  # the lines fit: no need to crop them


@handles_errors
def show(
    question_id: Annotated[str, typer.Argument(metavar="ID", help="The question id (see `quizprep list`).")],
    lang: LangOption = None,
    answer: Annotated[bool, typer.Option("--answer", help="Also show the answer and the explanation.")] = False,
    seed: Annotated[int | None, typer.Option(help="Draw the numbers of a parameterized question.")] = None,
) -> None:
    """Show one question, optionally with its answer and explanation."""
    from quizprep.bank.instance import instantiate
    from quizprep.ui.console import out
    from quizprep.ui.question_view import render_question

    language = resolve_lang(lang)
    question = load_current_bank().get(question_id)
    out().print(render_question(instantiate(question, seed), language, with_answer=answer))


def _source_json(source: Source, lang: str) -> dict[str, object]:
    """A citation in words (bank-infra: the notes' file names are not shown; see bank/sources.py)."""
    return {"label": source.label(lang), "beyond": source.beyond}
