"""Render the stats: a table per topic with the totals, and the study streak.

Three layouts by width: the full table (80 columns and more), a borderless compact table, and below
that, when even the compact table would not fit the longest topic name, one block of lines per topic.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from quizprep.study.stats import StatsReport, TopicStats
from quizprep.ui.console import ByWidth, is_narrow
from quizprep.ui.labels import label
from quizprep.ui.quiz_view import format_when

COLUMNS = ("seen", "attempts", "accuracy", "recall", "due-now")
COMPACT_COLUMNS = ("seen-short", "accuracy-short", "recall", "due-short")


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _values(stats: TopicStats) -> dict[str, str]:
    seen = f"{stats.seen}/{stats.total}" if stats.total else str(stats.seen)  # total 0: no longer in the bank
    accuracy = _percent(stats.accuracy)
    return {"seen": seen, "seen-short": seen, "attempts": str(stats.attempts), "accuracy": accuracy,
            "accuracy-short": accuracy,
            "recall": _percent(stats.retrievability), "due-now": str(stats.due), "due-short": str(stats.due)}


def render_stats(report: StatsReport, lang: str = "en") -> RenderableType:
    return ByWidth(lambda width: Group(_layout(report, lang, width), _streak(report, lang)))


def _layout(report: StatsReport, lang: str, width: int) -> RenderableType:
    if not is_narrow(width):
        return _table(report, lang, COLUMNS, compact=False)
    compact = _table(report, lang, COMPACT_COLUMNS, compact=True)
    if _compact_width(report, lang) <= width:
        return compact
    return _blocks(report, lang)


def _rows(report: StatsReport, lang: str) -> list[tuple[Text, TopicStats]]:
    rows = [(Text(topic.topic), topic) for topic in report.topics]
    return rows + [(Text(label(lang, "all"), style="bold"), report.totals)]


def _table(report: StatsReport, lang: str, columns: tuple[str, ...], compact: bool) -> Table:
    table = Table(title=label(lang, "n-attempts", n=report.attempts), title_justify="left", header_style="bold",
                  caption=label(lang, "recall-caption"), caption_justify="left")
    if compact:
        table.box, table.padding, table.show_edge = box.SIMPLE_HEAD, 0, False  # columns one space apart
    table.add_column(label(lang, "topic"), no_wrap=True)  # a topic name is never cut or split
    for column in columns:
        table.add_column(label(lang, column), justify="right", no_wrap=True)
    rows = _rows(report, lang)
    for name, stats in rows[:-1]:
        table.add_row(name, *(_values(stats)[c] for c in columns))
    table.add_section()
    name, stats = rows[-1]
    table.add_row(name, *(_values(stats)[c] for c in columns))
    return table


def _compact_width(report: StatsReport, lang: str) -> int:
    """The columns the compact table needs: its widest cell per column plus one space between columns."""
    rows = _rows(report, lang)
    widths = [max(len(label(lang, "topic")), *(len(name.plain) for name, _ in rows))]
    for column in COMPACT_COLUMNS:
        widths.append(max(len(label(lang, column)), *(len(_values(stats)[column]) for _, stats in rows)))
    return sum(widths) + len(widths) - 1


def _blocks(report: StatsReport, lang: str) -> Group:
    """The narrowest layout: the topic on its own line, its numbers below it."""
    lines: list[RenderableType] = [Text(label(lang, "n-attempts", n=report.attempts))]
    for name, stats in _rows(report, lang):
        values = _values(stats)
        lines.append(name.copy())
        numbers = " · ".join(f"{label(lang, c)}\u00a0{values[c]}" for c in COLUMNS)  # a name stays with its value
        lines.append(Padding(Text(numbers, style="dim"), (0, 0, 0, 2)))
    lines.append(Text(label(lang, "recall-caption"), style="dim"))
    return Group(*lines)


def _streak(report: StatsReport, lang: str) -> Text:
    streak = Text.assemble((f"{label(lang, 'streak')}: ", "bold"), label(lang, "n-days", n=report.streak_days))
    if report.streak_days and not report.studied_today:
        streak.append(f" {label(lang, 'study-today')}", style="dim")
    if report.next_due is not None and report.totals.due == 0:
        streak.append(f" · {label(lang, 'next-review-at')} {format_when(report.next_due, report.now, lang)}",
                      style="dim")
    return streak
