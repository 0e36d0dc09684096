"""Tables: the question list and the stats summary."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from quizprep.bank.model import Question


def question_table(questions: list[Question], lang: str = "en") -> Table:
    table = Table(title=f"{len(questions)} questions", title_justify="left", header_style="bold")
    for column in ("id", "topic", "kind", "title"):
        table.add_column(column, overflow="fold")
    for q in questions:
        table.add_row(q.id, q.topic, q.kind, q.title.in_lang(lang))
    return table


def stats_table(stats: dict[str, Any]) -> Table:
    table = Table(title=f"{stats['attempts']} attempts", title_justify="left", header_style="bold")
    for column in ("topic", "attempts", "correct", "wrong", "invalid"):
        table.add_column(column, justify="left" if column == "topic" else "right")
    for topic, counts in stats["topics"].items():
        table.add_row(topic, *(str(counts[c]) for c in ("attempts", "correct", "wrong", "invalid")))
    return table
