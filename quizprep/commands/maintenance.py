"""`quizprep validate` (`quizprep stats` lives in commands/progress.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from quizprep.commands.common import EXIT_CANNOT_GRADE, LangOption, handles_errors, resolve_lang


@handles_errors
def validate(
    directory: Annotated[Path | None, typer.Argument(metavar="DIR", help="A bank directory (default: the shipped bank).")] = None,
    lang: LangOption = None,
) -> None:
    """Validate a bank: schema, unique ids, reference answers accepted, known mistakes rejected.

    Every problem of every file is listed (file, question, field) in one run.
    """
    from rich.markup import escape

    from quizprep.bank.validate import validate_bank
    from quizprep.ui.console import err, out
    from quizprep.ui.labels import label

    language = resolve_lang(lang)
    report = validate_bank(directory)
    for problem in report.problems:
        err().print(f"[red]✗[/] {escape(str(problem))}", markup=True, highlight=False)
    if not report.ok:
        err().print(label(language, "problems", n=len(report.problems), questions=report.questions))
        raise typer.Exit(EXIT_CANNOT_GRADE)
    out().print(f"[green]✓[/] {label(language, 'valid', n=report.questions)}", markup=True)
