"""Study settings: desired retention, the daily new-question limit, the default session size and language.

They live in the progress store's `settings` table (key TEXT, value TEXT as JSON), next to the cards
they steer, so one SQLite file in the data dir holds all the user's state and a setting is changed in
the same kind of short transaction as everything else. `quizprep config KEY VALUE` writes them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any

from quizprep.errors import QuizprepError

if TYPE_CHECKING:
    from quizprep.study.store import ProgressStore


class SettingError(QuizprepError):
    """An unknown setting name or a value it does not accept."""


@dataclass(frozen=True)
class Settings:
    """The user's study settings, with their defaults."""

    desired_retention: float = 0.9
    new_per_day: int = 10
    session_size: int = 20
    lang: str = "en"


@dataclass(frozen=True)
class SettingSpec:
    """One setting as the CLI names it, what it means, and how a typed value is read."""

    key: str
    field: str
    help: str
    parse: Callable[[str], Any]


def _bounded(convert: type[float | int], low: float, high: float) -> Callable[[str], Any]:
    """A parser for a number of type `convert` (float or int) within [low, high]."""
    what, show = ("a number", "{:g}".format) if convert is float else ("a whole number", str)

    def parse(text: str) -> Any:
        try:
            value = convert(text)
        except ValueError:
            raise SettingError(f"'{text}' is not {what}") from None
        if not low <= value <= high:
            raise SettingError(f"{show(value)} is out of range: choose {show(low)}..{show(high)}")
        return value

    return parse


def _language(text: str) -> str:
    if text not in ("en", "ru"):
        from quizprep.suggest import did_you_mean

        raise SettingError(f"'{text}' is not a language: choose en or ru{did_you_mean(text, ('en', 'ru'))}")
    return text


SPECS: dict[str, SettingSpec] = {spec.key: spec for spec in (
    SettingSpec("desired-retention", "desired_retention",
                "probability of recall the scheduler aims for when it spaces reviews (0.70..0.99)",
                _bounded(float, 0.7, 0.99)),
    SettingSpec("new-per-day", "new_per_day", "new questions introduced per day (0..500)", _bounded(int, 0, 500)),
    SettingSpec("session-size", "session_size", "questions in a quiz when --count is not given (1..500)",
                _bounded(int, 1, 500)),
    SettingSpec("lang", "lang", "language of quiz sessions when --lang is not given (en or ru)", _language),
)}


def spec_for(key: str) -> SettingSpec:
    """The spec of `key` (accepting snake_case too); SettingError naming the known keys otherwise."""
    spec = SPECS.get(key.strip().lower().replace("_", "-"))
    if spec is None:
        from quizprep.suggest import did_you_mean

        raise SettingError(f"unknown setting '{key}' (known: {', '.join(SPECS)}){did_you_mean(key, SPECS)}")
    return spec


def load_settings(store: ProgressStore) -> Settings:
    """The stored settings over the defaults; a stored value that no longer validates falls back to its default."""
    settings = Settings()
    for key, raw in store.settings_items().items():
        spec = SPECS.get(key)
        if spec is None:
            continue
        try:
            settings = replace(settings, **{spec.field: spec.parse(str(raw))})
        except SettingError:
            continue
    return settings


def save_setting(store: ProgressStore, key: str, text: str) -> Settings:
    """Validate `text` for `key`, store it, and return the settings now in force."""
    spec = spec_for(key)
    value = spec.parse(text.strip())
    store.set_setting(spec.key, str(value))
    return load_settings(store)


def settings_as_dict(settings: Settings) -> dict[str, Any]:
    """The settings keyed by their CLI names (for `quizprep config` and --json)."""
    by_field = {spec.field: spec.key for spec in SPECS.values()}
    return {by_field[f.name]: getattr(settings, f.name) for f in fields(settings)}
