"""Reading the user's lines: from a terminal or, when stdin is a pipe, line by line.

A piped session echoes each line after its prompt, so a scripted run reads like the interactive one.
End of input raises EOFError and Ctrl-C raises KeyboardInterrupt at any prompt; the caller ends cleanly.

At a terminal the reader never blocks in one long `read()`: it waits for the line with `select()` in short
slices. A Ctrl-C whose signal lands just before the wait (for instance while another thread holds the
interpreter lock, so the main thread has not yet reached `read()`) is then raised at the end of the slice
instead of being lost until the next Enter. The same slices let a mock interview's countdown tick in the
prompt while the user types, and a code question notice that its file was saved.
"""

from __future__ import annotations

import functools
import os
import select
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.text import Text

POLL_S = 0.2
Prompt = str | Callable[[], str]


class TimeUp(Exception):
    """The countdown reached 0:00 while the user was at the prompt; what was typed is discarded."""


class FileChanged(Exception):
    """The watched file was saved while the user was at the prompt."""


class LineReader:
    """Reads one line, or a block of derivation steps; at a terminal it also watches a countdown and a file."""

    def __init__(self, console: Console, stdin: TextIO | None = None):
        self.console = console
        self.stdin = stdin or sys.stdin
        try:
            self.interactive = self.stdin.isatty()
        except (AttributeError, ValueError):
            self.interactive = False

    def read(self, prompt: Prompt, remaining: Callable[[], timedelta | None] | None = None,
             watch: Path | None = None) -> str:
        """One line without its newline; EOFError at end of input.

        At a terminal: TimeUp when `remaining()` reaches zero, FileChanged when `watch` is saved; the
        prompt (when it is a callable) is redrawn in place whenever its text changes (a ticking clock).
        """
        text = prompt() if callable(prompt) else prompt
        self.console.print(Text(text, style="bold cyan"), end="")
        if not self.interactive or os.name == "nt":
            line = self.stdin.readline()
            if not line:
                raise EOFError
            line = line.rstrip("\r\n")
            self.console.print(line, markup=False, highlight=False)
            return line
        return self._wait_for_line(prompt, text, remaining, watch)

    def _wait_for_line(self, prompt: Prompt, shown: str, remaining: Callable[[], timedelta | None] | None,
                       watch: Path | None) -> str:
        last_saved = _mtime(watch) if watch else None
        while True:
            ready, _, _ = select.select([self.stdin], [], [], POLL_S)  # a pending Ctrl-C is raised on return
            if ready:
                line = self.stdin.readline()
                if not line:
                    raise EOFError
                return line.rstrip("\r\n")
            left = remaining() if remaining else None
            if left is not None and left <= timedelta(0):
                self._discard_typed()
                self.console.print()
                raise TimeUp
            if watch is not None and _mtime(watch) != last_saved:
                time.sleep(0.1)  # let the editor finish writing
                self.console.print()
                raise FileChanged
            if callable(prompt):
                text = prompt()
                if text != shown:
                    self._redraw(text)
                    shown = text

    def _redraw(self, prompt: str) -> None:
        """Rewrite the prompt at the start of the line, leaving the cursor (and what was typed) where it is."""
        self.console.file.write("\x1b7\r")
        self.console.print(Text(prompt, style="bold cyan"), end="")
        self.console.file.write("\x1b8")
        self.console.file.flush()

    def _discard_typed(self) -> None:
        try:
            import termios

            termios.tcflush(self.stdin.fileno(), termios.TCIFLUSH)
        except (ImportError, OSError, ValueError):
            pass

    def read_steps(self, prompt_for_step: Callable[[int], str], commands: set[str],
                   steps: list[str] | None = None,
                   remaining: Callable[[], timedelta | None] | None = None) -> str:
        """Derivation steps, one per line, ended by an empty line; a command on any line comes back alone.

        `steps` holds the steps typed so far and is extended in place: after a command (a hint, say) the
        caller passes the same list again and the user goes on from the next step.
        """
        steps = [] if steps is None else steps
        while True:
            number = len(steps) + 1
            line = self.read(functools.partial(prompt_for_step, number), remaining)
            if line.strip().lower() in commands:
                return line
            if not line.strip():
                return "\n".join(steps)
            steps.append(line)


def _mtime(path: Path | None) -> int | None:
    if path is None:
        return None
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None
