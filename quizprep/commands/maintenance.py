"""`quizprep validate` (`quizprep stats` lives in commands/progress.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from quizprep.commands.common import EXIT_CANNOT_GRADE, AppState, LangOption, handles_errors, resolve_lang


@handles_errors
def validate(
    directory: Annotated[Path | None, typer.Argument(
        metavar="DIR", help="A bank directory (default: the shipped bank and those of --bank / QUIZPREP_BANK).")] = None,
    lang: LangOption = None,
) -> None:
    """Validate a bank: schema, unique ids, reference answers accepted, known mistakes rejected.

    Every problem of every file is listed (file, question, field) in one run.
    """
    from rich.markup import escape

    from quizprep.bank.loader import user_bank_dirs
    from quizprep.bank.validate import validate_bank
    from quizprep.ui.console import err, out
    from quizprep.ui.labels import label

    language = resolve_lang(lang)
    # no DIR: the shipped bank, and the own banks named by --bank or QUIZPREP_BANK
    directories = [directory] if directory else [None, *AppState.extra_banks, *user_bank_dirs()]
    reports = [validate_bank(Path(d) if d else None) for d in directories]
    problems = [problem for report in reports for problem in report.problems]
    questions = sum(report.questions for report in reports)
    for problem in problems:
        err().print(f"[red]✗[/] {escape(str(problem))}", markup=True, highlight=False)
    if problems:
        err().print(label(language, "problems", n=len(problems), questions=questions))
        raise typer.Exit(EXIT_CANNOT_GRADE)
    out().print(f"[green]✓[/] {label(language, 'valid', n=questions)}", markup=True)
