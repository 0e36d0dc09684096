"""Render a derivation report: one row per step (✓/✗), then the verdict on the whole chain."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from quizprep.checking.derivation import DerivationReport, summary
from quizprep.checking.messages import counterexample_text, method_text
from quizprep.ui.labels import label

STEP_MARK = {
    "start": ("·", "dim"),
    "correct": ("✓", "green"),
    "wrong": ("✗", "bold red"),
    "invalid": ("?", "yellow"),
    "unchecked": ("–", "dim"),
}


def render_derivation(report: DerivationReport, lang: str = "en") -> RenderableType:
    """A table of the steps as read, each marked, with the reason and counterexample of a failing one."""
    table = Table(header_style="bold", show_lines=False)
    table.add_column("#", justify="right")
    table.add_column("", justify="center")
    table.add_column("step" if lang == "en" else "шаг", overflow="fold")
    table.add_column("check" if lang == "en" else "проверка", overflow="fold")
    for step in report.steps:
        mark, style = STEP_MARK.get(step.status, ("?", "yellow"))
        detail = Text(step.feedback or method_text(step.method or "", lang), style="dim" if step.status == "correct" else "")
        if step.counterexample:
            point = counterexample_text(step.counterexample, lang)
            detail.append(f"\n{point}", style="dim")
        table.add_row(str(step.step), Text(mark, style=style), step.read_as or step.expression, detail)
    status = report.status
    headline_style = {"correct": "bold green", "wrong": "bold red"}.get(status, "bold yellow")
    headline = Text(("✓ " if status == "correct" else "✗ " if status == "wrong" else "? ") + summary(report, lang),
                    style=headline_style)
    parts: list[RenderableType] = [table, headline]
    parts += [Text(f"{label(lang, 'remark')}: {text}", style="dim") for text in report.notes]
    return Group(*parts)
