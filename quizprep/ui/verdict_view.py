"""Render a Verdict: the status, how the answer was read, the feedback, the counterexample."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from quizprep.checking.verdict import Verdict
from quizprep.ui.labels import label

STATUS_STYLE = {"correct": ("✓", "bold green"), "wrong": ("✗", "bold red"), "invalid": ("?", "bold yellow")}


def render_verdict(verdict: Verdict, lang: str = "en") -> RenderableType:
    mark, style = STATUS_STYLE[verdict.status]
    lines: list[RenderableType] = []
    if verdict.read_as:
        lines.append(Text.assemble((f"{label(lang, 'you-typed')}: ", "dim"), verdict.read_as))
    headline = Text(f"{mark} {label(lang, verdict.status)}", style=style)
    if verdict.method:
        headline.append(f"  ({verdict.method})", style="dim")
    lines.append(headline)
    if verdict.feedback and verdict.feedback != "Correct.":
        lines.append(Text(verdict.feedback))
    if verdict.counterexample:
        point = ", ".join(f"{k} = {v}" for k, v in verdict.counterexample.items())
        lines.append(Text(f"{label(lang, 'counterexample')}: {point}", style="dim"))
    for note in verdict.notes:
        lines.append(Text(f"{label(lang, 'remark')}: {note}", style="dim"))
    return Group(*lines)
