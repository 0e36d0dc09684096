"""A question's figure: a plotext plot on a terminal, its short text description anywhere else.

`figure_renderable` returns a Rich renderable that decides when it is printed: on a terminal it draws the
series with plotext at the console's width; redirected to a file or a pipe (or exported) it prints the
figure's description, which carries the same numbers in a few lines.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

    from quizprep.bank.figures import Figure
    from quizprep.bank.instance import QuestionInstance

MARKERS = ("braille", "•", "+", "x")
HEIGHT = 16


class FigureRenderable:
    """Draws a Figure: plotted on a terminal, described otherwise."""

    def __init__(self, figure: Figure, lang: str) -> None:
        self.figure = figure
        self.lang = lang

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if console.is_terminal:
            width = max(40, min(options.max_width, 100))
            yield Text.from_ansi(plot_figure(self.figure, self.lang, width, HEIGHT, color=not console.no_color))
            yield Text(f"x: {self.figure.x_label.in_lang(self.lang)} · y: {self.figure.y_label.in_lang(self.lang)}",
                       style="dim")
        else:
            yield Text(describe_figure(self.figure, self.lang), style="italic")


def figure_renderable(instance: QuestionInstance, lang: str) -> FigureRenderable | None:
    """The figure of `instance`, built from its drawn parameters, or None if the question has none."""
    if not instance.question.figure:
        return None
    from quizprep.bank.figures import build_figure

    return FigureRenderable(build_figure(instance.question.figure, instance.params), lang)


def describe_figure(figure: Figure, lang: str) -> str:
    """The text that stands in for the plot: title and description."""
    return f"[{figure.title.in_lang(lang)}] {figure.description.in_lang(lang)}"


def plot_figure(figure: Figure, lang: str, width: int, height: int, color: bool = False) -> str:
    """The figure drawn by plotext as a string (ANSI colours only with `color`)."""
    import plotext

    canvas: Any = plotext.figure
    canvas.clear()
    canvas.plot_size(width, height)
    for series, marker in zip(figure.series, MARKERS * 4):
        ys = [_log10(v) for v in series.y] if figure.log_y else list(series.y)
        line = canvas.signal(list(series.x), ys, marker=marker)
        line.lines()
        line.label(series.label.in_lang(lang))
        canvas.draw(line)
    if figure.log_y:
        _powers_of_ten(canvas, [_log10(v) for series in figure.series for v in series.y])
    canvas.title(figure.title.in_lang(lang))
    if not color:
        canvas.theme("colorless")
    return canvas.build().string(colorless=not color).rstrip() + "\n"


def _powers_of_ten(canvas: Any, logs: list[float]) -> None:
    """Label a log-scaled y axis with the values themselves (0.01, 1, 100), not their logarithms."""
    low, high = math.floor(min(logs)), math.ceil(max(logs))
    step = max(1, math.ceil((high - low) / 5))
    exponents = list(range(low, high + 1, step))
    canvas.ruler("y").ticks(exponents, [f"{10.0 ** e:g}" for e in exponents])


def _log10(value: float) -> float:
    return math.log10(value) if value > 0 else -12.0
