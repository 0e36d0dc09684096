"""Render a CheckReport (one row per probe, the diagnosis, the hint, the user's traceback and output) and
the list of exercises, as Rich renderables. Everything the user's code produced is shown as plain Text,
never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from quizprep.exercises.catalog import Exercise
from quizprep.exercises.report import CheckReport


def render_check_report(report: CheckReport) -> RenderableType:
    """The probes table, the verdict line, and (when it failed) the diagnosis, traceback and hint."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
    table.add_column("", width=1, no_wrap=True)
    table.add_column("check", overflow="fold", ratio=3)
    table.add_column("evidence", overflow="fold", style="dim", ratio=2)
    for row in report.probes:
        mark = Text("✓", style="green") if row.ok else Text("✗", style="bold red")
        table.add_row(mark, Text(row.what), Text(row.evidence))
    passed = sum(row.ok for row in report.probes)
    where = f"{report.exercise_id} · {Path(report.file).name}"
    if report.backend != "numpy" or report.device != "cpu":
        where += f" · {report.backend} on {report.device}"
    if report.style != "class":  # exercises-styles
        where += f" · {report.style} style"
    parts: list[RenderableType] = [Text(where, style="bold"), table]
    parts += [Text.assemble(("note: ", "bold yellow"), note) for note in report.notes]  # exercises-styles
    if report.passed:
        parts.append(Text(f"✓ passed: {passed}/{len(report.probes)} checks", style="bold green"))
    else:
        parts.append(Text(f"✗ failed: {passed}/{len(report.probes)} checks passed", style="bold red"))
        if report.diagnosis:
            parts.append(Text.assemble(("diagnosis: ", "bold"), report.diagnosis))
        if report.traceback:
            parts.append(Panel(Text(report.traceback), title="your code", title_align="left",
                               border_style="red", expand=False))
        if report.hint:
            parts.append(Text.assemble(("hint: ", "bold cyan"), (report.hint, "cyan")))
    if report.output:
        size = report.output_bytes
        shown = "" if size <= len(report.output.encode()) else f", head and tail of {_size(size)}"
        parts.append(Panel(Text(report.output.rstrip()), title=f"your code printed (ignored{shown})",
                           title_align="left", border_style="dim", style="dim", expand=False))
    return Group(*parts)


def _size(n: int) -> str:
    if n < 1000:
        return f"{n} bytes"
    return f"{n / 1e3:.1f} KB" if n < 1e6 else f"{n / 1e6:.1f} MB"


def render_exercise_list(exercises: Iterable[Exercise], passed: set[str]) -> RenderableType:
    """A table of exercises: id, class, topic, what it is, and ✓ for those passed."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    for column in ("", "id", "class", "topic", "exercise"):
        table.add_column(column)
    for exercise in exercises:
        mark = Text("✓", style="green") if exercise.id in passed else Text("")
        table.add_row(mark, exercise.id, exercise.class_name, exercise.topic, exercise.summary)
    return Group(table, Text("Start one: quizprep exercise ID   ·   grade it: quizprep check ID FILE", style="dim"))


def render_hint(exercise: Exercise, number: int, total: int, text: str) -> RenderableType:
    more = "" if number < total else " (the last one)"
    return Text.assemble((f"hint {number}/{total}{more}: ", "bold cyan"), text)


def render_solution(exercise: Exercise, source: str) -> RenderableType:
    """The reference solution in a panel; long lines wrap (cropping them would show broken code)."""
    from rich.syntax import Syntax

    return Panel(Syntax(source, "python", theme="ansi_dark", background_color="default", word_wrap=True),
                 title=f"reference solution · {exercise.id}", title_align="left", expand=False)
