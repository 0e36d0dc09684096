"""Watch mode: run a check now and again on every save of the file, rustlings-style, until Ctrl-C."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

DEBOUNCE_MS = 300


def watch_file(path: Path, run_once: Callable[[], Any], changes: Iterable[Any] | None = None) -> None:
    """Call `run_once()` now and after each batch of changes to `path`.

    `changes` defaults to the file system's change events (watchfiles); tests pass a list instead.
    Ctrl-C raises KeyboardInterrupt to the caller.
    """
    run_once()
    for _ in changes if changes is not None else file_changes(path):
        run_once()


def file_changes(path: Path) -> Iterator[Any]:
    """Each batch of saves to `path`. The directory is watched, so editors that save by writing a new
    file and renaming it over the old one are seen too."""
    from watchfiles import watch

    target = path.resolve()

    def is_target(change: Any, changed: str) -> bool:
        return Path(changed).resolve() == target

    yield from watch(target.parent, watch_filter=is_target, debounce=DEBOUNCE_MS, recursive=False)
