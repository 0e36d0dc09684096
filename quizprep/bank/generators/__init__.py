"""Generators for parameterized numeric questions: draw fresh numbers per seed, compute the answer.

A question names its generator (`generator = "softmax"`) and keeps the notes' numbers as its default
`params`; with `--seed N` the generator draws new ones. Answers are computed (by the engine or SymPy),
never typed by hand. Each module of this package registers the generators of one topic.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Params = dict[str, Any]


@dataclass(frozen=True)
class Generator:
    """How to draw parameters for a seed and how to compute the answer from them."""

    draw: Callable[[Any, Params], Params]
    solve: Callable[[Params], float | list[float]]


GENERATORS: dict[str, Generator] = {}
_loaded = False


def all_generators() -> dict[str, Generator]:
    """Every registered generator (importing the topic modules of this package on first call)."""
    global _loaded
    if not _loaded:
        import importlib
        import pkgutil

        for module in pkgutil.iter_modules(__path__):
            importlib.import_module(f"{__name__}.{module.name}")
        _loaded = True
    return GENERATORS


def generator(name: str, draw: Callable[[Any, Params], Params]) -> Callable[[Callable[[Params], Any]], Any]:
    """Register `solve` under `name` with its `draw` function."""

    def register(solve: Callable[[Params], Any]) -> Callable[[Params], Any]:
        GENERATORS[name] = Generator(draw=draw, solve=solve)
        return solve

    return register


def as_ints(values: Any) -> list[int]:
    """Plain Python ints (TOML- and JSON-friendly) from a numpy draw."""
    return [int(v) for v in values]
