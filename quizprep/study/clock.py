"""Clocks: the real one and a fake one for tests. Every time they give is timezone-aware UTC.

Sessions, the scheduler and the stats take a clock instead of calling `datetime.now()`, so a test can
move time forward by days and watch cards come due.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Protocol

NOW_VARIABLE = "QUIZPREP_NOW"


class Clock(Protocol):
    """Anything that tells the time: `now()` in UTC, and the zone whose calendar days count for streaks."""

    def now(self) -> datetime: ...

    @property
    def local_zone(self) -> tzinfo: ...


class SystemClock:
    """The machine's clock; study days follow the machine's local time zone."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    @property
    def local_zone(self) -> tzinfo:
        return datetime.now().astimezone().tzinfo or UTC


class FakeClock:
    """A clock that only moves when told to (`advance`, `set`); its days are UTC days unless given a zone."""

    def __init__(self, start: datetime | None = None, zone: tzinfo = UTC):
        self._now = as_utc(start or datetime(2025, 1, 6, 9, 0, tzinfo=UTC))
        self._zone = zone

    def now(self) -> datetime:
        return self._now

    @property
    def local_zone(self) -> tzinfo:
        return self._zone

    def advance(self, delta: timedelta | None = None, **units: float) -> datetime:
        """Move forward by `delta` or by keyword units (`days=3`, `seconds=20`); return the new time."""
        self._now += delta if delta is not None else timedelta(**units)
        return self._now

    def set(self, moment: datetime) -> None:
        self._now = as_utc(moment)


def as_utc(moment: datetime) -> datetime:
    """The same instant in UTC; a naive datetime is taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def parse_utc(text: str) -> datetime:
    """Read an ISO-8601 timestamp written by the store back into an aware UTC datetime."""
    return as_utc(datetime.fromisoformat(text))


def clock_from_env() -> Clock:
    """The system clock, or a clock stopped at QUIZPREP_NOW (an ISO time; for scripted sessions and tests)."""
    frozen = os.environ.get(NOW_VARIABLE, "").strip()
    if not frozen:
        return SystemClock()
    try:
        return FakeClock(parse_utc(frozen.replace("Z", "+00:00")))
    except ValueError:
        from quizprep.errors import QuizprepError

        message = f"{NOW_VARIABLE}={frozen!r} is not an ISO date-time (e.g. 2025-01-06T09:00:00Z)"
        raise QuizprepError(message) from None


def start_of_day(moment: datetime, zone: tzinfo) -> datetime:
    """Midnight (in `zone`) of the calendar day that `moment` falls on, as UTC."""
    local = moment.astimezone(zone)
    return as_utc(local.replace(hour=0, minute=0, second=0, microsecond=0))
