"""`quizprep validate` and `quizprep stats`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from quizprep.commands.common import EXIT_CANNOT_GRADE, handles_errors


@handles_errors
def validate(
    directory: Annotated[Optional[Path], typer.Argument(metavar="[DIR]", help="A bank directory (default: the shipped bank).")] = None,
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
    out().print(f"[green]✓[/] {report.questions} questions valid", markup=True)


@handles_errors
def stats(
    as_json: Annotated[bool, typer.Option("--json", help="Print the numbers as JSON.")] = False,
) -> None:
    """Show your progress: attempts in total and per topic."""
    from quizprep.study.store import ProgressStore
    from quizprep.ui.console import out, print_json
    from quizprep.ui.tables import stats_table

    with ProgressStore() as store:
        data = {"attempts": store.attempt_count(), "topics": store.counts_by_topic()}
    if as_json:
        print_json(data)
    else:
        out().print(stats_table(data))
