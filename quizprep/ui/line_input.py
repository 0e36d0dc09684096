"""Reading the user's lines: from a terminal (with line editing) or, when stdin is a pipe, line by line.

A piped session echoes each line after its prompt, so a scripted run reads like the interactive one.
End of input raises EOFError and Ctrl-C raises KeyboardInterrupt at any prompt; the caller ends cleanly.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.text import Text


class LineReader:
    """Reads one line, a block of derivation steps, or a line-or-file-change for code questions."""

    def __init__(self, console: Console, stdin: TextIO | None = None):
        self.console = console
        self.stdin = stdin or sys.stdin
        try:
            self.interactive = self.stdin.isatty()
        except (AttributeError, ValueError):
            self.interactive = False

    def read(self, prompt: str) -> str:
        """One line without its newline; EOFError at end of input."""
        if self.interactive:
            return self.console.input(Text(prompt, style="bold cyan"))
        self.console.print(Text(prompt, style="bold cyan"), end="")
        line = self.stdin.readline()
        if not line:
            raise EOFError
        line = line.rstrip("\r\n")
        self.console.print(line, markup=False, highlight=False)
        return line

    def read_steps(self, prompt_for_step: Callable[[int], str], commands: set[str],
                   steps: list[str] | None = None) -> str:
        """Derivation steps, one per line, ended by an empty line; a command on any line comes back alone.

        `steps` holds the steps typed so far and is extended in place: after a command (a hint, say) the
        caller passes the same list again and the user goes on from the next step.
        """
        steps = [] if steps is None else steps
        while True:
            line = self.read(prompt_for_step(len(steps) + 1))
            if line.strip().lower() in commands:
                return line
            if not line.strip():
                return "\n".join(steps)
            steps.append(line)

    def read_or_change(self, prompt: str, path: Path, poll_s: float = 0.4) -> str | None:
        """A line, or None as soon as `path` is saved (a terminal only; a pipe just reads a line)."""
        if not self.interactive or os.name == "nt":
            return self.read(prompt)
        import select

        self.console.print(Text(prompt, style="bold cyan"), end="")
        last = _mtime(path)
        while True:
            ready, _, _ = select.select([self.stdin], [], [], poll_s)
            if ready:
                line = self.stdin.readline()
                if not line:
                    raise EOFError
                return line.rstrip("\r\n")
            now = _mtime(path)
            if now != last:
                time.sleep(0.1)  # let the editor finish writing
                self.console.print()
                return None


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None
