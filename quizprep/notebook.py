"""quizprep in a notebook: `%load_ext quizprep`, then a cell that starts with `%%quizprep check ID` is graded.

The cell's code is not run in the notebook's kernel: it is written to a temporary file and graded in
the sandbox exactly like `quizprep check ID FILE` (any style), and the report is displayed (Rich
renders it as HTML in Jupyter, as text in a terminal IPython). `check_path_or_source` is what
`quizprep.check(ID, path_or_source)` runs. Notebook checks are not recorded in the progress store.
Only imported when used: `import quizprep` stays light.
"""

from __future__ import annotations

import argparse
import os
import shlex
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from quizprep.exercises.report import CheckReport

MAGIC = "quizprep"
SOURCE_LABEL = "notebook cell"


def check_path_or_source(exercise_id: str, path_or_source: str | os.PathLike[str], *, style: str | None = None,
                         timeout: float = 10.0, backend: str = "numpy", label: str = SOURCE_LABEL,
                         lang: str = "en") -> CheckReport:
    """Grade a file (a path, or a one-line string ending in .py) or source code given as a string; the
    temporary file of source code is called `label` in the report ("syntax error at line 3 of notebook cell")."""
    from quizprep.exercises.catalog import get_exercise
    from quizprep.exercises.runner import check_file

    if isinstance(path_or_source, os.PathLike) or (
            "\n" not in path_or_source and path_or_source.strip().endswith(".py")):
        return check_file(exercise_id, Path(path_or_source), timeout=timeout, backend=backend, style=style,
                          lang=lang)
    exercise = get_exercise(exercise_id)
    with tempfile.TemporaryDirectory(prefix="quizprep-cell-") as folder:
        path = Path(folder) / exercise.file_name
        path.write_text(path_or_source, encoding="utf-8")
        report = check_file(exercise.id, path, timeout=timeout, backend=backend, style=style, lang=lang)
    report.file = label
    temporary = f'"{exercise.file_name}"'
    if report.diagnosis:
        report.diagnosis = report.diagnosis.replace(f" of {exercise.file_name}", f" of {label}")
    if report.traceback:
        report.traceback = report.traceback.replace(f"File {temporary}", f"File \"{label}\"")
    return report


class _LineParser(argparse.ArgumentParser):
    """The magic's line, `check ID [--style S] [--timeout S] [--backend B]`; errors become UsageError."""

    def error(self, message: str) -> NoReturn:
        from IPython.core.error import UsageError

        raise UsageError(f"%%{MAGIC}: {message} (usage: %%{MAGIC} check ID [--style cs231n] [--timeout S] "
                         f"[--lang ru])")


def _parse_line(line: str) -> argparse.Namespace:
    parser = _LineParser(prog=f"%%{MAGIC}", add_help=False)
    parser.add_argument("action", choices=["check"])
    parser.add_argument("exercise_id")
    parser.add_argument("--style", default=None)
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--backend", default="numpy")
    parser.add_argument("--lang", default="en", choices=["en", "ru"])
    try:
        words = shlex.split(line)
    except ValueError as exc:
        parser.error(str(exc))
    return parser.parse_args(words)


def quizprep_cell_magic(line: str, cell: str) -> None:
    """`%%quizprep check ID`: grade the rest of the cell as a solution of exercise ID and show the report."""
    from IPython.core.error import UsageError
    from rich.console import Console

    from quizprep.errors import QuizprepError
    from quizprep.ui.check_report_view import render_check_report

    args = _parse_line(line)
    try:
        report = check_path_or_source(args.exercise_id, cell, style=args.style, timeout=args.timeout,
                                      backend=args.backend, lang=args.lang)
    except QuizprepError as exc:
        raise UsageError(str(exc)) from None
    Console().print(render_check_report(report, args.lang))


def load_ipython_extension(ipython: Any) -> None:
    """`%load_ext quizprep`: register the `%%quizprep` cell magic."""
    ipython.register_magic_function(quizprep_cell_magic, magic_kind="cell", magic_name=MAGIC)
