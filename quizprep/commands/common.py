"""What every command shares: the --bank directories, the error edge, the language option."""

from __future__ import annotations

import functools
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import typer

if TYPE_CHECKING:
    from quizprep.bank.loader import Bank

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_WRONG, EXIT_CANNOT_GRADE = 0, 1, 2


class Lang(str, Enum):
    en = "en"
    ru = "ru"


class AppState:
    """Options given before the command (e.g. `quizprep --bank DIR list`)."""

    extra_banks: ClassVar[list[Path]] = []


def load_current_bank() -> Bank:
    from quizprep.bank.loader import load_bank

    return load_bank(AppState.extra_banks)


def handles_errors(command: F) -> F:
    """Turn the library's errors into one clean line on stderr and exit code 2; Ctrl-C into exit 130."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from quizprep.errors import QuizprepError
        from quizprep.ui.console import print_error

        try:
            return command(*args, **kwargs)
        except QuizprepError as exc:
            print_error(str(exc))
            raise typer.Exit(EXIT_CANNOT_GRADE) from None
        except KeyboardInterrupt:
            print_error("interrupted")
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]
