"""Render a study session: the header over each question, what each input did, the summary at the end."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from rich.console import Group, RenderableType
from rich.text import Text

from quizprep.study.planner import Plan, PlannedQuestion
from quizprep.study.session import Closing, Current, Phase, Step, Summary
from quizprep.ui.labels import label
from quizprep.ui.question_view import _format_reference
from quizprep.ui.verdict_view import render_verdict


def command_line(lang: str = "en") -> str:
    """The commands available at every prompt, in the session's language (English words always work too)."""
    return label(lang, "command-line")


def format_countdown(remaining: timedelta) -> str:
    seconds = max(0, int(remaining.total_seconds()))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def format_when(due: datetime, now: datetime, lang: str = "en") -> str:
    """'in 10 min', 'in 5 h', 'in 3 days (Thu 09 Jan)': when a card comes back, relative to now."""
    delta = due - now
    seconds = delta.total_seconds()
    if seconds <= 0:
        return label(lang, "now")
    if seconds < 3600:
        return label(lang, "in-min", n=max(1, round(seconds / 60)))
    if seconds < 86400:
        return label(lang, "in-h", n=round(seconds / 3600))
    days = round(seconds / 86400)
    local_due = due.astimezone()
    date = local_due.strftime(label(lang, "date" if local_due.year == now.astimezone().year else "date-year"))
    return label(lang, "in-day" if days == 1 else "in-days", n=days, date=date)


def render_header(current: Current, remaining: timedelta | None = None, lang: str = "en") -> Text:
    """'Question 1/5 · new · backprop' (and the mock interview's countdown)."""
    question = current.question
    place = f"{current.position}/{current.total}" if current.total is not None else str(current.position)
    header = Text(f"{label(lang, 'question')} {place}", style="bold")
    header.append(f" · {label(lang, current.reason)} · {question.topic} · {question.kind}", style="dim")
    if remaining is not None:
        header.append(f"   ⏱ {format_countdown(remaining)} {label(lang, 'left')}", style="bold magenta")
    return header


def render_commands(current: Current, lang: str = "en") -> Text:
    extra = f" · {label(lang, 'enter-checks')}" if current.phase is Phase.CODE else ""
    return Text(f"{label(lang, 'commands')}: {command_line(lang)}{extra}", style="dim")


def prompt_for(current: Current, step_number: int = 1, remaining: timedelta | None = None,
               lang: str = "en") -> str:
    """The text before the cursor, by what the question waits for; a mock interview's countdown first."""
    clock = f"⏱ {format_countdown(remaining)} " if remaining is not None else ""
    kind = current.question.kind
    if current.phase is Phase.RATE:
        key = "prompt-rate"
    elif current.phase is Phase.TICK:
        key = "prompt-tick"
    elif current.phase is Phase.CODE:
        key = "prompt-code"
    elif kind == "self-graded":
        key = "prompt-self"
    elif kind == "derivation":
        key = "prompt-step"
    else:
        key = "prompt-answer"
    return clock + label(lang, key, n=step_number) + " › "


def render_closing(closing: Closing, lang: str = "en") -> RenderableType:
    """The reference answer and explanation (if the question was really attempted), the note, when it's back."""
    lines: list[RenderableType] = []
    instance = closing.instance
    question = instance.question
    if closing.hidden is not None:
        key = {"time-up": "time-up-closed"}.get(closing.hidden, closing.hidden)
        lines.append(Text(label(lang, key), style="bold yellow"))
    if closing.explain:
        if question.kind != "self-graded":
            lines += [Text(f"{label(lang, 'answer')}:", style="bold green"),
                      Text(_format_reference(instance, lang))]
        lines += [Text(f"{label(lang, 'explanation')}:", style="bold"), Text(instance.explanation(lang))]
        lines.append(Text(f"{label(lang, 'note')}: {question.source.label(lang)}", style="dim"))
    if closing.due is not None:
        when = Text(f"{label(lang, 'back')} {format_when(closing.due, closing.now, lang)}", style="cyan")
        if closing.again_in_session:
            when.append(f" ({label(lang, 'this-session')})", style="cyan")
        if closing.rating:
            when = Text.assemble((f"{label(lang, 'rated')} {label(lang, closing.rating)} · ", "dim"), when)
        lines.append(when)
    elif not closing.explain and closing.hidden is None:
        lines.append(Text(label(lang, "skipped"), style="dim"))
    return Group(*lines)


def render_step(step: Step, lang: str = "en") -> RenderableType | None:
    """What to show after one input: verdict, hint, model answer, code check, and the closing if it's over."""
    parts: list[RenderableType] = []
    if step.verdict is not None:
        parts.append(render_verdict(step.verdict, lang))
        if step.tries_left and step.closing is None:
            parts.append(Text(f"{label(lang, 'try-again', n=step.tries_left)}: {command_line(lang)}", style="dim"))
    if step.event == "hint":
        parts.append(Text.assemble((f"{label(lang, 'hint')}: ", "bold yellow"), step.message or ""))
    elif step.event == "model-answer":
        parts += [Text(f"{label(lang, 'model')}:", style="bold green"), Text(step.message or "")]
        if step.key_points:
            parts.append(Text(f"{label(lang, 'key-points')}:", style="bold"))
            parts += [Text(f"  {n}. {point}") for n, point in enumerate(step.key_points, 1)]
    elif step.event == "code-ready":
        before, after = label(lang, "write-code").split("{path}")
        text = Text.assemble(before, (str(step.path), "bold"), after)
        if step.message:
            text.append(f" ({step.message})", style="dim")
        parts.append(text)
    elif step.event == "code-failed":
        parts += [Text(f"✗ {label(lang, 'not-yet')}", style="bold red"), Text(step.message or "", style="dim")]
    elif step.event == "code-passed":
        parts += [Text(f"✓ {label(lang, 'all-pass')}", style="bold green")]
    elif step.event == "undone":
        parts.append(Text(f"↶ {step.message or ''}", style="bold yellow"))
    elif step.event in ("no-hint", "unavailable", "ignored") or (step.event == "invalid" and step.verdict is None):
        parts.append(Text(step.message or "", style="yellow"))
    if step.closing is not None:
        parts.append(render_closing(step.closing, lang))
    return Group(*parts) if parts else None


def render_plan_notes(plan: Plan, lang: str = "en") -> RenderableType | None:
    """Why some questions are not in this session (a checker or module missing)."""
    lines = [Text(label(lang, "left-out", n=n, reason=reason), style="dim") for reason, n in plan.left_out.items()]
    return Group(*lines) if lines else None


def render_no_match(topics: Sequence[str], kinds: Sequence[str] | str | None, lang: str = "en") -> Text:
    """No question at all has these kinds in these topics (not: nothing is due)."""
    kinds = [kinds] if isinstance(kinds, str) else list(kinds or ())
    what = ", ".join(kinds) if kinds else "—"
    where = ", ".join(repr(t) for t in topics) if topics else "—"
    key = "no-match" if kinds or topics else "no-questions"
    return Text(label(lang, key, kinds=what, topics=where), style="bold")


def render_nothing_to_do(plan: Plan, now: datetime, lang: str = "en") -> Text:
    text = Text(label(lang, "nothing"), style="bold")
    if plan.next_due is not None:
        text.append(" " + label(lang, "next-review", when=format_when(plan.next_due, now, lang)))
    if plan.new_left_today == 0:
        text.append(" " + label(lang, "no-new"), style="dim")
    return text


def render_summary(summary: Summary, lang: str = "en", learning_left: Sequence[PlannedQuestion] = ()) -> Text:
    """One line: answered, right first time, retried, revealed, skipped, relearned, time spent; how it ended."""
    minutes = (summary.ended_at - summary.started_at).total_seconds() / 60
    text = Text(f"{label(lang, 'session')}: ", style="bold")
    text.append(f"{label(lang, 'answered', n=len(summary.answered))} · {label(lang, 'right-first', n=summary.correct)}")
    for outcome, key in (("wrong", "missed"), ("revealed", "revealed"), ("skipped", "skipped-n"),
                         ("time-up", "time-up-n")):
        if summary.count(outcome):
            text.append(f" · {label(lang, key, n=summary.count(outcome))}")
    if summary.relearned:
        text.append(f" · {label(lang, 'relearned', n=summary.relearned)}")
    text.append(f" · {minutes:.0f} {label(lang, 'min')}", style="dim")
    if summary.quit_early:
        text.append(f" {label(lang, 'stopped')}", style="dim")
    elif summary.time_up:
        text.append(f" {label(lang, 'time-up')}", style="dim")
    if learning_left and not summary.quit_early:
        first = min(item.due for item in learning_left if item.due is not None)
        text.append("\n" + label(lang, "learning-left", n=len(learning_left),
                                  when=format_when(first, summary.ended_at, lang)), style="dim")
    return text
