"""The consoles quizprep prints to: stdout for results, stderr for errors."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from typing import Any

from rich.console import Console, ConsoleOptions, RenderableType

NARROW_BELOW = 80  # columns: below this, lists, stats and panels switch to their compact layout

_out: Console | None = None
_err: Console | None = None


def out() -> Console:
    global _out
    if _out is None or _out.file is not sys.stdout:
        _out = Console(file=sys.stdout, highlight=False, soft_wrap=False)
    return _out


def err() -> Console:
    global _err
    if _err is None or _err.file is not sys.stderr:
        _err = Console(file=sys.stderr, highlight=False, soft_wrap=True)
    return _err


def print_json(data: Any) -> None:
    """Plain JSON on stdout (no colour, no wrapping) so tools can parse it."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def print_error(message: str, lang: str = "en") -> None:
    from rich.markup import escape

    from quizprep.ui.labels import label

    err().print(f"[bold red]{label(lang, 'error')}:[/] {escape(message)}", markup=True, highlight=False)


class ByWidth:
    """A renderable that picks its layout when printed, from the width it is given.

    `layouts(width)` returns what to print at that width, so a view builds only the layout it shows and a
    test can render the same view into consoles of 40, 60 or 100 columns.
    """

    def __init__(self, layouts: Callable[[int], RenderableType]):
        self.layouts = layouts

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[RenderableType]:
        yield self.layouts(options.max_width)


def is_narrow(width: int) -> bool:
    return width < NARROW_BELOW
