"""The `quizprep` executable: start the symbolic checker early when the command will grade typed math.

The checker's worker imports SymPy (the slowest part of grading one answer). Forking it before the CLI
framework is even imported lets that import overlap with everything else the command does.
"""

from __future__ import annotations

import sys

GRADING_COMMANDS = {"answer", "derive"}


def command_name(argv: list[str]) -> str | None:
    """The subcommand in `argv` (skipping global options such as `--bank DIR`), or None."""
    args = iter(argv)
    for arg in args:
        if arg == "--bank":
            next(args, None)
        elif not arg.startswith("-"):
            return arg
    return None


def main() -> None:
    command = command_name(sys.argv[1:])
    if command in GRADING_COMMANDS:
        from quizprep.checking.dispatch import warm_up

        warm_up()
    elif command == "check":  # the same for code: the sandbox starts (and imports numpy/torch) meanwhile
        from quizprep.exercises.isolation import start_early_for

        start_early_for(sys.argv[1:])
    from quizprep.cli import app

    app()
