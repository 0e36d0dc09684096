"""The `quizprep` command: a Typer app composed of small command modules (see quizprep/commands/)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperGroup, TyperOption

from quizprep.commands import answering, browse, cards, deriving, exercising, maintenance, progress, quiz
from quizprep.commands.common import AppState

GLOBAL_OPTIONS = ("--bank",)  # options of the app itself that may also follow the subcommand


def hoist_global_options(args: list[str]) -> list[str]:
    """`quizprep list --bank DIR` as `quizprep --bank DIR list`: move the app's own options to the front.

    Only `--bank DIR` / `--bank=DIR` are moved; everything after a `--` stays where it is.
    """
    hoisted: list[str] = []
    rest: list[str] = []
    words = iter(args)
    for word in words:
        if word == "--":
            rest.append(word)
            rest.extend(words)
            break
        if word in GLOBAL_OPTIONS:
            hoisted.append(word)
            value = next(words, None)
            if value is not None:
                hoisted.append(value)
        elif word.split("=", 1)[0] in GLOBAL_OPTIONS and "=" in word:
            hoisted.append(word)
        else:
            rest.append(word)
    return hoisted + rest


class QuizprepGroup(TyperGroup):
    """The top-level command group: global options are accepted before or after the subcommand."""

    def parse_args(self, ctx, args):  # type: ignore[no-untyped-def]
        return super().parse_args(ctx, hoist_global_options(list(args)))


def _flag_type_hidden(option: TyperOption, ctx):  # type: ignore[no-untyped-def]
    """A flag takes no value, so its help row shows no type (Typer would print `<bool>`)."""
    if option.is_flag:
        return None
    return _typer_display_type(option, ctx)


_typer_display_type = TyperOption.display_type_rich
TyperOption.display_type_rich = _flag_type_hidden  # type: ignore[method-assign]

app = typer.Typer(
    name="quizprep",
    cls=QuizprepGroup,
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
    AppState.lang = "en"  # until the command resolves its own (--lang or the lang setting)


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
