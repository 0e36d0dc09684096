"""Render a Verdict: the status, how the answer was read, the feedback, the counterexample."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from quizprep.checking.messages import counterexample_text, method_text
from quizprep.checking.verdict import Verdict
from quizprep.ui.labels import label

_CONTROL = dict.fromkeys(c for c in range(32) if c != 10) | {127: None}


def printable(text: str) -> str:
    """The text without control characters (typed escape sequences must not drive the terminal)."""
    return text.translate({c: "\ufffd" for c in _CONTROL})


STATUS_STYLE = {"correct": ("✓", "bold green"), "wrong": ("✗", "bold red"), "invalid": ("?", "bold yellow")}


def render_verdict(verdict: Verdict, lang: str = "en") -> RenderableType:
    mark, style = STATUS_STYLE[verdict.status]
    lines: list[RenderableType] = []
    if verdict.read_as:
        lines.append(Text.assemble((f"{label(lang, 'you-typed')}: ", "dim"), printable(verdict.read_as)))
    headline = Text(f"{mark} {label(lang, verdict.status)}", style=style)
    if verdict.method:
        headline.append(f"  ({method_text(verdict.method, lang)})", style="dim")
    lines.append(headline)
    if verdict.feedback and verdict.feedback != "Correct.":
        lines.append(Text(printable(verdict.feedback)))
    if verdict.counterexample:
        point = counterexample_text(verdict.counterexample, lang)
        lines.append(Text(f"{label(lang, 'counterexample')}: {point}", style="dim"))
    for note in verdict.notes:
        lines.append(Text(f"{label(lang, 'remark')}: {note}", style="dim"))
    return Group(*lines)
