"""Watch mode: run a check now and again on every save of the file, rustlings-style, until Ctrl-C."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

DEBOUNCE_MS = 300
TICK_MS = 500


def watch_file(path: Path, run_once: Callable[[], Any], changes: Iterable[Any] | None = None) -> None:
    """Call `run_once()` now and after each save of `path`.

    `changes` yields a batch of change events per save, or an empty batch on each idle tick (the
    file system's events by default; tests pass a list). On a tick the file's modification stamp is
    compared, so a save made during a check or while the watcher starts is not missed. Ctrl-C raises
    KeyboardInterrupt to the caller.
    """
    seen = _stamp(path)  # taken before the check: a save during the check triggers the next one
    run_once()
    for batch in changes if changes is not None else file_changes(path):
        if batch or _stamp(path) != seen:
            seen = _stamp(path)
            run_once()


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def file_changes(path: Path) -> Iterator[Any]:
    """Each batch of saves to `path`, and an empty batch every TICK_MS without one. The directory is
    watched, so editors that save by writing a new file and renaming it over the old one are seen."""
    from watchfiles import watch

    target = path.resolve()

    def is_target(change: Any, changed: str) -> bool:
        return Path(changed).resolve() == target

    yield from watch(target.parent, watch_filter=is_target, debounce=DEBOUNCE_MS, recursive=False,
                     rust_timeout=TICK_MS, yield_on_timeout=True)
