"""A cache of parsed question directories, so that every command does not re-parse the whole bank.

One pickle per bank directory in the data dir's `cache/`, valid while the directory's files (their names
and contents, by hash) and quizprep's own bank code are unchanged. The cache is only ever a
shortcut: if it is missing, stale, unreadable or unwritable, the files are parsed as usual.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from quizprep.bank.model import Question

FORMAT = 2


def content_hash(path: Path) -> str:
    """The hash of a file's bytes: a cache keyed by it follows every edit, whatever the clock says."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _signature(directory: Path, files: list[Path]) -> list[Any]:
    from quizprep.bank import loader, model

    code = [Path(module.__file__).stat().st_mtime_ns for module in (loader, model)]  # type: ignore[arg-type]
    contents = [(path.name, content_hash(path)) for path in files]
    return [FORMAT, str(directory.resolve()), code, contents]


def _cache_file(directory: Path) -> Path:
    from quizprep.study.paths import data_dir

    digest = hashlib.sha1(str(directory.resolve()).encode()).hexdigest()[:16]
    return data_dir() / "cache" / f"bank-{digest}.pickle"


def read(directory: Path, files: list[Path]) -> list[Question] | None:
    """The cached questions of `directory`, or None when there is no valid cache for these files."""
    collecting = gc.isenabled()
    try:
        signature = _signature(directory, files)
        with open(_cache_file(directory), "rb") as handle:
            gc.disable()  # thousands of new objects, none of them garbage: collecting would only halve the speed
            cached_signature, questions = pickle.load(handle)
    except Exception:  # noqa: BLE001 - a missing or damaged cache only means parsing the files again
        return None
    finally:
        if collecting:
            gc.enable()
    return questions if cached_signature == signature else None


def write(directory: Path, files: list[Path], questions: list[Question]) -> None:
    """Store the parsed questions of `directory` (atomically; silently skipped if it cannot be written)."""
    try:
        target = _cache_file(directory)
        target.parent.mkdir(parents=True, exist_ok=True)
        payload = pickle.dumps((_signature(directory, files), questions), protocol=pickle.HIGHEST_PROTOCOL)
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False, suffix=".tmp") as handle:
            handle.write(payload)
        os.replace(handle.name, target)
    except OSError:
        pass
