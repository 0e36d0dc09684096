"""Render a study session: the header over each question, what each input did, the summary at the end."""

from __future__ import annotations

from datetime import datetime, timedelta

from rich.console import Group, RenderableType
from rich.text import Text

from quizprep.study.planner import Plan
from quizprep.study.session import Closing, Current, Phase, Step, Summary
from quizprep.ui.question_view import _format_reference
from quizprep.ui.verdict_view import render_verdict

LABELS = {
    "en": {"answer": "Answer", "explanation": "Explanation", "note": "note", "back": "comes back",
           "hint": "hint", "skipped": "skipped: it stays in your queue", "commands": "commands",
           "model": "Model answer", "rated": "rated"},
    "ru": {"answer": "Ответ", "explanation": "Объяснение", "note": "конспект", "back": "вернётся",
           "hint": "подсказка", "skipped": "пропущено: вопрос остаётся в очереди", "commands": "команды",
           "model": "Образец ответа", "rated": "оценка"},
}
COMMAND_LINE = "hint (?) · skip · answer · quit"


def _label(lang: str, key: str) -> str:
    return LABELS.get(lang, LABELS["en"])[key]


def format_countdown(remaining: timedelta) -> str:
    seconds = max(0, int(remaining.total_seconds()))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def format_when(due: datetime, now: datetime) -> str:
    """'in 10 min', 'in 5 h', 'in 3 days (Thu 09 Jan)': when a card comes back, relative to now."""
    delta = due - now
    seconds = delta.total_seconds()
    if seconds <= 0:
        return "now"
    if seconds < 3600:
        return f"in {max(1, round(seconds / 60))} min"
    if seconds < 86400:
        return f"in {round(seconds / 3600)} h"
    days = round(seconds / 86400)
    return f"in {days} day{'s' if days != 1 else ''} ({due.astimezone().strftime('%a %d %b')})"


def render_header(current: Current, remaining: timedelta | None = None) -> Text:
    """'Question 1/5 · new · backprop' (and the mock interview's countdown)."""
    question = current.question
    header = Text(f"Question {current.position}/{current.total}", style="bold")
    header.append(f" · {current.reason} · {question.topic} · {question.kind}", style="dim")
    if remaining is not None:
        header.append(f"   ⏱ {format_countdown(remaining)} left", style="bold magenta")
    return header


def render_commands(current: Current, lang: str = "en") -> Text:
    extra = " · Enter checks now" if current.phase is Phase.CODE else ""
    return Text(f"{_label(lang, 'commands')}: {COMMAND_LINE}{extra}", style="dim")


def prompt_for(current: Current, step_number: int = 1, remaining: timedelta | None = None) -> str:
    """The text before the cursor, by what the question waits for; a mock interview's countdown first."""
    clock = f"⏱ {format_countdown(remaining)} " if remaining is not None else ""
    if current.phase is Phase.RATE:
        return clock + "rate 1 again · 2 hard · 3 good · 4 easy › "
    if current.phase is Phase.CODE:
        return clock + "code › "
    kind = current.question.kind
    if kind == "self-graded":
        return clock + "answer in your head, then Enter › "
    if kind == "derivation":
        return clock + f"step {step_number} › "
    return clock + "answer › "


def render_closing(closing: Closing, lang: str = "en") -> RenderableType:
    """The reference answer and explanation (if the question was really attempted), the note, when it's back."""
    lines: list[RenderableType] = []
    instance = closing.instance
    question = instance.question
    if closing.explain:
        if question.kind != "self-graded":
            lines += [Text(f"{_label(lang, 'answer')}:", style="bold green"),
                      Text(_format_reference(instance, lang))]
        lines += [Text(f"{_label(lang, 'explanation')}:", style="bold"), Text(instance.explanation(lang))]
        lines.append(Text(f"{_label(lang, 'note')}: {question.source}", style="dim"))
    if closing.due is not None:
        when = Text(f"{_label(lang, 'back')} {format_when(closing.due, closing.now)}", style="cyan")
        if closing.rating:
            when = Text.assemble((f"{_label(lang, 'rated')} {closing.rating} · ", "dim"), when)
        lines.append(when)
    elif not closing.explain:
        lines.append(Text(_label(lang, "skipped"), style="dim"))
    return Group(*lines)


def render_step(step: Step, lang: str = "en") -> RenderableType | None:
    """What to show after one input: verdict, hint, model answer, code check, and the closing if it's over."""
    parts: list[RenderableType] = []
    if step.verdict is not None:
        parts.append(render_verdict(step.verdict))
        if step.tries_left and step.closing is None:
            parts.append(Text(f"try again ({step.tries_left} left), or: {COMMAND_LINE}", style="dim"))
    if step.event == "hint":
        parts.append(Text.assemble((f"{_label(lang, 'hint')}: ", "bold yellow"), step.message or ""))
    elif step.event == "model-answer":
        parts += [Text(f"{_label(lang, 'model')}:", style="bold green"), Text(step.message or "")]
    elif step.event == "code-ready":
        text = Text.assemble(("Write your solution in ", ""), (str(step.path), "bold"),
                             (" — it is checked each time you save it.", ""))
        if step.message:
            text.append(f" ({step.message})", style="dim")
        parts.append(text)
    elif step.event == "code-failed":
        parts += [Text("✗ not yet", style="bold red"), Text(step.message or "", style="dim")]
    elif step.event == "code-passed":
        parts += [Text("✓ all checks pass", style="bold green")]
    elif step.event in ("no-hint", "unavailable", "ignored") or (step.event == "invalid" and step.verdict is None):
        parts.append(Text(step.message or "", style="yellow"))
    if step.closing is not None:
        parts.append(render_closing(step.closing, lang))
    return Group(*parts) if parts else None


def render_plan_notes(plan: Plan) -> RenderableType | None:
    """Why some questions are not in this session (a checker or module missing)."""
    lines = [Text(f"left out {n}: {reason}", style="dim") for reason, n in plan.left_out.items()]
    return Group(*lines) if lines else None


def render_nothing_to_do(plan: Plan, now: datetime) -> Text:
    text = Text("Nothing to study right now.", style="bold")
    if plan.next_due is not None:
        text.append(f" Next review {format_when(plan.next_due, now)}.")
    if plan.new_left_today == 0:
        text.append(" No new questions left today: `quizprep quiz --new 5` learns more anyway.", style="dim")
    return text


def render_summary(summary: Summary) -> Text:
    """One line: answered, right first time, retried, revealed, skipped, time spent; how it ended."""
    answered = len(summary.answered)
    minutes = (summary.ended_at - summary.started_at).total_seconds() / 60
    text = Text("Session: ", style="bold")
    text.append(f"{answered} answered · {summary.correct} right first time")
    for outcome, label in (("wrong", "missed"), ("revealed", "revealed"), ("skipped", "skipped")):
        if summary.count(outcome):
            text.append(f" · {summary.count(outcome)} {label}")
    text.append(f" · {minutes:.0f} min", style="dim")
    if summary.quit_early:
        text.append(" (stopped early; everything answered is saved)", style="dim")
    elif summary.time_up:
        text.append(" (time is up)", style="dim")
    return text
