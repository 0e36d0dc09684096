"""Render the mock-interview rubric: a table of topics, the overall band, and what to review next."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from quizprep.study.rubric import Rubric
from quizprep.ui.labels import label

BAND_STYLE = {"strong": "bold green", "fair": "bold yellow", "review": "bold red"}


def render_rubric(rubric: Rubric, lang: str = "en") -> RenderableType:
    table = Table(title=label(lang, "rubric"), title_justify="left", header_style="bold")
    for column in ("topic", "asked", "points", "score", "hints", "time", "verdict"):
        table.add_column(label(lang, column), justify="left" if column in ("topic", "verdict") else "right")
    for topic in rubric.topics:
        table.add_row(topic.topic, str(topic.asked), f"{topic.points:g}", f"{topic.score:.0%}", str(topic.hints),
                      f"{topic.seconds / 60:.1f} {label(lang, 'min')}",
                      Text(label(lang, topic.band), style=BAND_STYLE[topic.band]))
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
