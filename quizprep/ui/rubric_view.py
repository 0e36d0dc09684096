"""Render the mock-interview rubric: a table of topics, the overall band, and what to review next."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from quizprep.study.rubric import Rubric
from quizprep.ui.console import ByWidth, is_narrow
from quizprep.ui.labels import label

BAND_STYLE = {"strong": "bold green", "fair": "bold yellow", "review": "bold red"}


def _rubric_table(rubric: Rubric, lang: str, width: int) -> Table:
    """All columns on wide terminals; below 80 columns (study-ux) topic, asked, score and verdict, unboxed."""
    compact = is_narrow(width)
    columns = ("topic", "asked", "score", "verdict") if compact else (
        "topic", "asked", "points", "score", "hints", "time", "verdict")
    table = Table(title=label(lang, "rubric"), title_justify="left", header_style="bold")
    if compact:
        table.box, table.padding, table.show_edge = box.SIMPLE_HEAD, 0, False
    for column in columns:
        table.add_column(label(lang, column), justify="left" if column in ("topic", "verdict") else "right",
                         no_wrap=column == "topic")
    for topic in rubric.topics:
        cells = {"topic": topic.topic, "asked": str(topic.asked), "points": f"{topic.points:g}",
                 "score": f"{topic.score:.0%}", "hints": str(topic.hints),
                 "time": f"{topic.seconds / 60:.1f} {label(lang, 'min')}",
                 "verdict": Text(label(lang, topic.band), style=BAND_STYLE[topic.band])}
        table.add_row(*(cells[column] for column in columns))
    return table


def render_rubric(rubric: Rubric, lang: str = "en") -> RenderableType:
    table = ByWidth(lambda width: _rubric_table(rubric, lang, width))
    parts: list[RenderableType] = [table, Text.assemble((f"{label(lang, 'overall')}: ", "bold"),
                                                        f"{rubric.overall:.0%} ",
                                                        (label(lang, rubric.band), BAND_STYLE[rubric.band]))]
    if rubric.time_up or rubric.not_reached:
        ended = label(lang, "time-ran-out" if rubric.time_up else "stopped-early")
        if rubric.not_reached:
            ended += "; " + label(lang, "not-reached", n=rubric.not_reached)
        parts.append(Text(ended, style="dim"))
    if rubric.review_next:
        parts.append(Text(label(lang, "review-next"), style="bold"))
        for item in rubric.review_next:
            title = item.title_ru if lang == "ru" else item.title_en
            parts.append(Text.assemble(f"  • {title} ", (f"({item.topic}, {label(lang, 'why-' + item.why)})", "dim"),
                                       ("\n    " + item.source, "dim")))
    else:
        parts.append(Text(label(lang, "all-right"), style="green"))
    return Group(*parts)
