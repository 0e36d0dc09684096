"""Terminal plots with plotext: an activation and its derivative; reviews per day and accuracy over time.

Each function returns the plot as a string (ANSI colours only when asked), so the caller decides where
it goes; plotext is imported only here, when a plot is drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from quizprep.study.curves import Curve, sample
from quizprep.study.stats import DayStats
from quizprep.ui.labels import label

DEFAULT_SIZE = (72, 18)


def _figure(width: int, height: int) -> Any:
    import plotext

    figure = plotext.figure
    figure.clear()
    figure.plot_size(width, height)
    return figure


def _render(figure: Any, color: bool) -> str:
    if not color:
        figure.theme("colorless")
    return figure.build().string(colorless=not color).rstrip() + "\n"


def activation_plot(entry: Curve, derivative: bool = False, size: tuple[int, int] = DEFAULT_SIZE,
                    color: bool = False, lang: str = "en") -> str:
    """f (braille dots) and, with `derivative`, f' (plain dots) over the curve's range, with a legend."""
    figure = _figure(*size)
    x, y = sample(entry)
    line = figure.signal(x, y, marker="braille")
    line.label(entry.name)
    figure.draw(line)
    if derivative:
        x, dy = sample(entry, derivative=True)
        slope = figure.signal(x, dy, marker="•")
        slope.label(f"{entry.name}'")
        figure.draw(slope)
    figure.title(label(lang, "plot-with-derivative", name=entry.name) if derivative else entry.name)
    return _render(figure, color)


def reviews_plot(days: Sequence[DayStats], size: tuple[int, int] = DEFAULT_SIZE, color: bool = False,
                 lang: str = "en") -> str:
    """Bars of reviews (cards rated) per day."""
    figure = _figure(*size)
    labels = [d.day.strftime("%m-%d") for d in days]
    counts = [d.reviews for d in days]
    figure.draw(figure.bar(labels, counts))
    if counts:  # whole numbers on the axis: a count of 2.8 reviews reads as a bug
        top = max(counts)
        ticks = sorted({round(top * k / 4) for k in range(5)})
        figure.ruler("y").ticks(ticks, [str(t) for t in ticks])
    figure.title(label(lang, "plot-reviews"))
    return _render(figure, color)


def accuracy_plot(days: Sequence[DayStats], size: tuple[int, int] = DEFAULT_SIZE, color: bool = False,
                  lang: str = "en") -> str:
    """Accuracy (% right of graded answers) on each day with answers, 0-100 %, dates on the x axis."""
    figure = _figure(*size)
    studied = [(i, d) for i, d in enumerate(days, 1) if d.accuracy is not None]
    if studied:
        figure.draw(figure.signal([i for i, _ in studied], [100 * (d.accuracy or 0) for _, d in studied],
                                  marker="•"))
    figure.ruler("y").lim(0, 100)
    if days:
        figure.ruler("x").lim(1, len(days))
        marks = sorted({1, (len(days) + 1) // 2, len(days)})
        figure.ruler("x").ticks(marks, [days[i - 1].day.strftime("%m-%d") for i in marks])
    figure.title(label(lang, "plot-accuracy"))
    return _render(figure, color)
