"""Render a Verdict: the status, how the answer was read, the feedback, the counterexample."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from quizprep.checking.verdict import Verdict

STATUS_STYLE = {
    "correct": ("✓ correct", "bold green"),
    "wrong": ("✗ wrong", "bold red"),
    "invalid": ("? could not grade", "bold yellow"),
}


def render_verdict(verdict: Verdict) -> RenderableType:
    label, style = STATUS_STYLE[verdict.status]
    lines: list[RenderableType] = []
    if verdict.read_as:
        lines.append(Text.assemble(("you typed: ", "dim"), verdict.read_as))
    headline = Text(label, style=style)
    if verdict.method:
        headline.append(f"  ({verdict.method})", style="dim")
    lines.append(headline)
    if verdict.feedback and verdict.feedback != "Correct.":
        lines.append(Text(verdict.feedback))
    if verdict.counterexample:
        point = ", ".join(f"{k} = {v}" for k, v in verdict.counterexample.items())
        lines.append(Text(f"counterexample: {point}", style="dim"))
    for note in verdict.notes:
        lines.append(Text(f"note: {note}", style="dim"))
    return Group(*lines)
