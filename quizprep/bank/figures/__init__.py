"""Figures for questions about curves and shapes: the data of a plot, computed (never drawn by hand).

A question carries `figure = { kind = "...", ... }`; its kind names a builder here, which takes the
question's parameters (drawn per seed, so the plot follows the seed) together with the figure's own keys
and returns a `Figure`: labelled series plus a short text description for output that is not a terminal.
The same computation gives the answer, through the question's generator. numpy and the engine are
imported only when a figure is built; ui/figure_view.py draws it with plotext.
"""

from __future__ import annotations

import importlib
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from quizprep.bank.model import Text

# kind -> "module:function" of this package; imported on first use
FIGURE_KINDS: dict[str, str] = {
    "learning-rate-curves": "learning_curves:learning_rate_figure",
    "activation": "activations:activation_figure",
    "depth-statistics": "depth:depth_figure",
    "activation-histogram": "depth:histogram_figure",
    "train-validation": "fitting:train_validation_figure",
    "optimizer-curves": "learning_curves:optimizer_figure",
}


@dataclass(frozen=True)
class Series:
    """One curve of a figure: its legend label and its points."""

    label: Text
    x: tuple[float, ...]
    y: tuple[float, ...]


@dataclass(frozen=True)
class Figure:
    """What to plot: title, axis names, the series, and a text description that stands in for the plot."""

    title: Text
    x_label: Text
    y_label: Text
    series: tuple[Series, ...]
    description: Text
    log_y: bool = False


def build_figure(spec: dict[str, Any], params: dict[str, Any]) -> Figure:
    """The figure of `spec` (a question's `figure` table) for the instance's `params`."""
    module_name, function_name = FIGURE_KINDS[spec["kind"]].split(":")
    builder: Callable[[dict[str, Any]], Figure] = getattr(
        importlib.import_module(f"{__name__}.{module_name}"), function_name)
    return builder({**{k: v for k, v in spec.items() if k != "kind"}, **params})


def cached(function: Callable[[dict[str, Any]], Any]) -> Callable[[dict[str, Any]], Any]:
    """Memoise a computation on its parameters: the figure and the answer of one instance train once."""

    @lru_cache(maxsize=256)
    def by_key(key: str) -> Any:
        return function(json.loads(key))

    def wrapper(params: dict[str, Any]) -> Any:
        return by_key(json.dumps(params, sort_keys=True))

    wrapper.__doc__ = function.__doc__
    return wrapper


def letters(n: int) -> list[str]:
    return [chr(ord("A") + i) for i in range(n)]


def fmt(value: float) -> str:
    """A number for a description: 3 significant digits, 'overflow' past float range."""
    if not math.isfinite(value):
        return "overflow"
    return f"{value:.3g}"
