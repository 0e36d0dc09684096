"""Tables: the question list and the stats summary."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from quizprep.bank.model import Question


def question_table(questions: list[Question], lang: str = "en") -> Table:
    table = Table(title=f"{len(questions)} questions", title_justify="left", header_style="bold")
    table.add_column("id", no_wrap=True)  # ids are copied into commands: never split one
    for column in ("topic", "kind"):
        table.add_column(column, overflow="fold")
    table.add_column("title", overflow="fold")
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
