"""The `quizprep` command: a Typer app composed of small command modules (see quizprep/commands/)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from quizprep.commands import answering, browse, deriving, exercising, maintenance, progress, quiz
from quizprep.commands.common import AppState

app = typer.Typer(
    name="quizprep",
    help="Deep-learning interview preparation: quizzes, a derivation checker and a reference engine.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def options(
    bank: Annotated[list[Path] | None, typer.Option(
        "--bank", metavar="DIR", help="Add a directory of your own question files (also: QUIZPREP_BANK).")] = None,
) -> None:
    """Deep-learning interview preparation: quizzes, a derivation checker and a reference engine."""
    AppState.extra_banks = list(bank or [])


app.command("list")(browse.list_questions)
app.command("show")(browse.show)
app.command("answer")(answering.answer)
app.command("derive")(deriving.derive)
app.command("validate")(maintenance.validate)
app.command("quiz")(quiz.quiz)
app.command("stats")(progress.stats)
app.command("plot")(progress.plot)
app.add_typer(progress.export_app, name="export")
app.command("reset")(progress.reset)
app.command("config")(progress.config)
app.command("exercise")(exercising.exercise)
app.command("check")(exercising.check)
