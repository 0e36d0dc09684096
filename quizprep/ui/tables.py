"""The question list: a table on wide terminals, grouped by topic, two lines per question below 80 columns."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from quizprep.bank.model import Question
from quizprep.ui.console import ByWidth, is_narrow
from quizprep.ui.labels import label


def question_table(questions: list[Question], lang: str = "en") -> RenderableType:
    """`quizprep list`: never splits an id, a topic or a kind, and wraps titles between words."""
    return ByWidth(lambda width: _question_lines(questions, lang) if is_narrow(width)
                   else _wide_question_table(questions, lang))


def _title(questions: list[Question], lang: str) -> Text:
    return Text(label(lang, "n-questions", n=len(questions)))


def _wide_question_table(questions: list[Question], lang: str) -> Table:
    table = Table(title=_title(questions, lang), title_justify="left", header_style="bold")
    # ids are copied into commands, topics and kinds are typed as filters: never split one
    for column in ("col-id", "topic", "col-kind"):
        table.add_column(label(lang, column), no_wrap=True)
    table.add_column(label(lang, "col-title"), overflow="fold", ratio=1)
    for q in questions:
        table.add_row(q.id, q.topic, q.kind, q.title.in_lang(lang))
    return table


def _question_lines(questions: list[Question], lang: str) -> Group:
    """The compact list, by topic: the topic once, then per question `id · kind` and the title indented."""
    by_topic: dict[str, list[Question]] = {}
    for q in questions:
        by_topic.setdefault(q.topic, []).append(q)
    lines: list[RenderableType] = [_title(questions, lang)]
    for topic, members in by_topic.items():
        lines.append(Text.assemble(("\n" + topic, "bold"), (f" ({len(members)})", "dim")))
        for q in members:
            lines.append(Text.assemble((q.id, "cyan"), (f" · {q.kind}", "dim")))
            lines.append(Padding(Text(q.title.in_lang(lang)), (0, 0, 0, 2)))
    return Group(*lines)
