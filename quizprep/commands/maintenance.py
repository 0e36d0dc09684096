"""`quizprep validate` (`quizprep stats` lives in commands/progress.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from quizprep.commands.common import EXIT_CANNOT_GRADE, handles_errors


@handles_errors
def validate(
    directory: Annotated[Path | None, typer.Argument(metavar="DIR", help="A bank directory (default: the shipped bank).")] = None,
) -> None:
    """Validate a bank: schema, unique ids, reference answers accepted, known mistakes rejected."""
    from quizprep.bank.validate import validate_bank
    from quizprep.ui.console import err, out

    report = validate_bank(directory)
    for problem in report.problems:
        err().print(f"[red]✗[/] {problem}", markup=True, highlight=False)
    if not report.ok:
        err().print(f"{len(report.problems)} problem(s) in {report.questions} question(s)")
        raise typer.Exit(EXIT_CANNOT_GRADE)
    out().print(f"[green]✓[/] {report.questions} question{'s' if report.questions != 1 else ''} valid", markup=True)

