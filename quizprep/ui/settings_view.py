"""`quizprep config`: the settings as a table, or below 80 columns one `key = value` line and its meaning."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from quizprep.ui.console import ByWidth, is_narrow
from quizprep.ui.labels import label


def render_settings(values: dict[str, object], lang: str = "en") -> RenderableType:
    """`values`: setting key → current value, in the order to show them."""
    def layout(width: int) -> RenderableType:
        if is_narrow(width):
            lines: list[RenderableType] = [Text(label(lang, "settings-title"), style="bold")]
            for key, value in values.items():
                lines.append(Text.assemble((key, "bold"), f" = {value}"))
                lines.append(Padding(Text(label(lang, f"setting-{key}"), style="dim"), (0, 0, 0, 2)))
            return Group(*lines)
        table = Table(header_style="bold", title=label(lang, "settings-title"), title_justify="left")
        table.add_column(label(lang, "col-key"), no_wrap=True)
        table.add_column(label(lang, "col-value"), no_wrap=True)
        table.add_column(label(lang, "col-meaning"))
        for key, value in values.items():
            table.add_row(key, str(value), label(lang, f"setting-{key}"))
        return table

    return ByWidth(layout)
