"""The consoles quizprep prints to: stdout for results, stderr for errors."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console

_out: Console | None = None
_err: Console | None = None


def out() -> Console:
    global _out
    if _out is None or _out.file is not sys.stdout:
        _out = Console(file=sys.stdout, highlight=False, soft_wrap=False)
    return _out


def err() -> Console:
    global _err
    if _err is None or _err.file is not sys.stderr:
        _err = Console(file=sys.stderr, highlight=False, soft_wrap=True)
    return _err


def print_json(data: Any) -> None:
    """Plain JSON on stdout (no colour, no wrapping) so tools can parse it."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def print_error(message: str) -> None:
    err().print(f"[bold red]error:[/] {message}", markup=True, highlight=False)
