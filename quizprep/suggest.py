"""Close matches for a mistyped name ("did you mean …"), and the message that refuses an unknown value."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def close_matches(word: str, options: Iterable[str], limit: int = 3) -> list[str]:
    """The known names closest to `word` (difflib's ratio ≥ 0.6), best first."""
    return difflib.get_close_matches(word, list(options), n=limit, cutoff=0.6)


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """"; did you mean 'x'?" (or 'x' or 'y') when a known name is close to `word`, otherwise ""."""
    matches = close_matches(word, options)
    if not matches:
        return ""
    return "; did you mean " + " or ".join(f"'{m}'" for m in matches) + "?"


def unknown_value(what: str, value: str, known: Iterable[str]) -> str:
    """"unknown topic 'x' (known: a, b, c); did you mean 'y'?" """
    names = sorted(set(known))
    return f"unknown {what} '{value}' (known: {', '.join(names)}){did_you_mean(value, names)}"
