"""The `quizprep` command: a Typer app composed of small command modules (see quizprep/commands/)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from quizprep.commands import answering, browse, cards, deriving, exercising, maintenance, progress, quiz
from quizprep.commands.common import AppState

app = typer.Typer(
    name="quizprep",
    help="Deep-learning interview preparation: quizzes, a derivation checker and a reference engine.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"quizprep {version('quizprep')}")
        raise typer.Exit()


@app.callback()
def options(
    bank: Annotated[list[Path] | None, typer.Option(
        "--bank", metavar="DIR", help="Add a directory of your own question files (also: QUIZPREP_BANK).")] = None,
    version: Annotated[bool, typer.Option(
        "--version", callback=_print_version, is_eager=True, help="Show quizprep's version and exit.")] = False,
) -> None:
    """Deep-learning interview preparation: quizzes, a derivation checker and a reference engine."""
    AppState.extra_banks = list(bank or [])


app.command("list")(browse.list_questions)
app.command("show")(browse.show)
# answers and steps often start with a minus ('-6', '-exp(-x)'): read them as text, not as unknown options
TYPED_MATH = {"ignore_unknown_options": True}
app.command("answer", context_settings=TYPED_MATH)(answering.answer)
app.command("derive", context_settings=TYPED_MATH)(deriving.derive)
app.command("validate")(maintenance.validate)
app.command("quiz")(quiz.quiz)
app.command("suspend")(cards.suspend)  # study loop
app.command("unsuspend")(cards.unsuspend)  # study loop
app.command("stats")(progress.stats)
app.command("plot")(progress.plot)
app.add_typer(progress.export_app, name="export")
app.command("reset")(progress.reset)
app.command("config")(progress.config)
app.command("exercise")(exercising.exercise)
app.command("check")(exercising.check)
