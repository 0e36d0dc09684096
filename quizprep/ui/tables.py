"""The question list: aligned columns on wide terminals, grouped by topic with two lines per question below
80 columns. Ids, topics and kinds are never split; titles wrap between words.

The lines are laid out here (not by a Rich Table) because a bank of thousands of questions must list as fast
as the shipped one: the text is wrapped once with textwrap and printed as ready-made lines.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment
from rich.style import Style

from quizprep.bank.model import Question
from quizprep.ui.console import ByWidth, is_narrow
from quizprep.ui.labels import label

GAP = "  "
MIN_TITLE = 20  # below this, the wide layout gives way to the compact one


Line = list[tuple[str, str]]  # a line as (text, style name) pieces


class Lines:
    """Ready-made lines, each no wider than the console: printed as they are, never measured or re-wrapped."""

    def __init__(self, lines: list[Line]):
        self.lines = lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        styles: dict[str, Style | None] = {}
        newline = Segment.line()
        for line in self.lines:
            for text, style in line:
                if style not in styles:
                    styles[style] = console.get_style(style) if style else None
                yield Segment(text, styles[style])
            yield newline


def question_table(questions: list[Question], lang: str = "en") -> RenderableType:
    """`quizprep list`: the questions in columns (id, topic, kind, title), or compact below 80 columns."""
    def layout(width: int) -> RenderableType:
        lines = None if is_narrow(width) else _columns(questions, lang, width)
        return Lines(lines if lines is not None else _compact(questions, lang, width))

    return ByWidth(layout)


def _title(questions: list[Question], lang: str) -> Line:
    return [(label(lang, "n-questions", n=len(questions)), "bold")]


def _wrap(text: str, width: int) -> list[str]:
    if _width(text) <= width:
        return [text]
    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]


def _width(text: str) -> int:
    return len(text) if text.isascii() else cell_len(text)


def _columns(questions: list[Question], lang: str, width: int) -> list[Line] | None:
    """id, topic and kind padded to their widest entry; the title takes the rest of the line, wrapped."""
    headers = [label(lang, key) for key in ("col-id", "topic", "col-kind", "col-title")]
    rows = [(q.id, q.topic, q.kind, q.title.in_lang(lang)) for q in questions]
    widths = [max([_width(headers[i]), *(_width(row[i]) for row in rows)]) for i in range(3)]
    indent = sum(widths) + len(GAP) * 3
    title_width = width - indent
    if title_width < MIN_TITLE:
        return None
    lines = [_title(questions, lang), [(_pad(headers[:3], widths) + headers[3], "bold")]]
    for question_id, topic, kind, title in rows:
        wrapped = _wrap(title, title_width)
        lines.append([(question_id, "cyan"), (_pad((topic, kind), widths[1:], first=widths[0] - _width(
            question_id)) + wrapped[0], "")])
        lines += [[(" " * indent + more, "")] for more in wrapped[1:]]
    return lines


def _pad(cells: tuple[str, ...] | list[str], widths: list[int], first: int | None = None) -> str:
    """The cells padded to their widths, each followed by the gap (`first`: only the padding of a cell before)."""
    lead = "" if first is None else " " * first + GAP
    return lead + "".join(cell + " " * (w - _width(cell)) + GAP for cell, w in zip(cells, widths, strict=True))


def _compact(questions: list[Question], lang: str, width: int) -> list[Line]:
    """By topic: the topic once, then per question `id · kind` and the title indented, wrapped between words."""
    by_topic: dict[str, list[Question]] = {}
    for q in questions:
        by_topic.setdefault(q.topic, []).append(q)
    lines = [_title(questions, lang)]
    for topic, members in by_topic.items():
        lines += [[], [(topic, "bold"), (f" ({len(members)})", "dim")]]
        for q in members:
            if _width(q.id) + 3 + len(q.kind) <= width:
                lines.append([(q.id, "cyan"), (f" · {q.kind}", "dim")])
            else:  # an id as wide as the terminal: the kind goes on the next line, the id stays whole
                lines += [[(q.id, "cyan")], [(f"  · {q.kind}", "dim")]]
            lines += [[("  " + part, "")] for part in _wrap(q.title.in_lang(lang), max(10, width - 2))]
    return lines
