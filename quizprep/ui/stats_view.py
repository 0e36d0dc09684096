"""Render the stats: a table per topic with the totals, and the study streak."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from quizprep.study.stats import StatsReport, TopicStats
from quizprep.ui.quiz_view import format_when


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _row(stats: TopicStats) -> list[str]:
    seen = f"{stats.seen}/{stats.total}" if stats.total else str(stats.seen)  # total 0: no longer in the bank
    return [seen, str(stats.attempts), _percent(stats.accuracy),
            _percent(stats.retrievability), str(stats.due)]


def render_stats(report: StatsReport) -> RenderableType:
    table = Table(title=f"{report.attempts} attempts", title_justify="left", header_style="bold",
                  caption="recall: average probability of remembering now (FSRS)", caption_justify="left")
    table.add_column("topic")
    for column in ("seen", "attempts", "accuracy", "recall", "due now"):
        table.add_column(column, justify="right")
    for topic in report.topics:
        table.add_row(topic.topic, *_row(topic))
    table.add_section()
    table.add_row(Text("all", style="bold"), *_row(report.totals))
    days = report.streak_days
    streak = Text.assemble(("streak: ", "bold"), f"{days} day{'s' if days != 1 else ''}")
    if report.streak_days and not report.studied_today:
        streak.append(" (study today to keep it)", style="dim")
    if report.next_due is not None and report.totals.due == 0:
        streak.append(f" · next review {format_when(report.next_due, report.now)}", style="dim")
    return Group(table, streak)
