"""What every command shares: the --bank directories, the error edge, the language option."""

from __future__ import annotations

import functools
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, TypeVar

import typer

if TYPE_CHECKING:
    from quizprep.bank.loader import Bank

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_WRONG, EXIT_CANNOT_GRADE = 0, 1, 2


class Lang(str, Enum):
    en = "en"
    ru = "ru"


LangOption = Annotated[Lang | None, typer.Option(
    "--lang", help="Language of the output (default: the lang setting, `quizprep config lang ru`).")]
TopicsOption = Annotated[list[str] | None, typer.Option(
    "--topic", "-t", metavar="TOPIC", help="Only this topic (repeat for several).")]
KindsOption = Annotated[list[str] | None, typer.Option(
    "--kind", "-k", metavar="KIND",
    help="Only this kind (repeat for several): numeric, choice, symbolic, derivation, code, self-graded.")]


class AppState:
    """Options given to the app itself (`quizprep --bank DIR list` or `quizprep list --bank DIR`)."""

    extra_banks: ClassVar[list[Path]] = []
    lang: ClassVar[str] = "en"  # the language this command speaks, once resolve_lang has run


def load_current_bank() -> Bank:
    from quizprep.bank.loader import load_bank

    return load_bank(AppState.extra_banks)


def resolve_lang(lang: Lang | str | None = None) -> str:
    """The language of this command: `--lang` when given, else the `lang` setting, else English.

    Remembered in AppState.lang, so that error lines and views without a `lang` argument speak it too.
    """
    if lang is not None:
        chosen = lang.value if isinstance(lang, Lang) else str(lang)
    else:
        chosen = _lang_setting()
    AppState.lang = chosen if chosen in ("en", "ru") else "en"
    return AppState.lang


def _lang_setting() -> str:
    from quizprep.errors import QuizprepError

    try:
        from quizprep.study.settings import load_settings
        from quizprep.study.store import ProgressStore

        with ProgressStore() as store:
            return load_settings(store).lang
    except QuizprepError:  # no readable store: the default language
        return "en"


def refuse_unknown(what: str, values: list[str] | tuple[str, ...] | None, known: list[str] | set[str]) -> None:
    """Raise a QuizprepError naming the first value of `values` not in `known`, the valid ones, and a close match.

    `what` is "topic" or "kind" (the message is in AppState.lang).
    """
    from quizprep.errors import QuizprepError
    from quizprep.suggest import close_matches
    from quizprep.ui.labels import label

    for value in values or ():
        if value not in known:
            names = sorted(set(known))
            message = label(AppState.lang, f"unknown-{what}", value=value, known=", ".join(names))
            matches = close_matches(value, names)
            if matches:
                message += label(AppState.lang, "did-you-mean", names=" / ".join(f"'{m}'" for m in matches))
            raise QuizprepError(message)


def check_filters(bank: Bank, topics: list[str] | None, kinds: list[str] | None) -> None:
    """Refuse an unknown --topic or --kind value with the list of valid ones."""
    from quizprep.bank.model import KINDS

    refuse_unknown("topic", topics, set(bank.topics()))
    refuse_unknown("kind", kinds, set(KINDS))


def handles_errors(command: F) -> F:
    """Turn the library's errors into one clean line on stderr and exit code 2; Ctrl-C into exit 130."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from quizprep.errors import QuizprepError
        from quizprep.ui.console import print_error

        try:
            return command(*args, **kwargs)
        except QuizprepError as exc:
            print_error(_in_language(exc), AppState.lang)
            raise typer.Exit(EXIT_CANNOT_GRADE) from None
        except KeyboardInterrupt:
            from quizprep.ui.labels import label

            print_error(label(AppState.lang, "interrupted"), AppState.lang)
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


def _in_language(error: Exception) -> str:
    """The error's message in the command's language, where the error carries what the message is made of."""
    from quizprep.errors import UnknownQuestionError
    from quizprep.ui.labels import label

    question_id = getattr(error, "question_id", None)
    if AppState.lang == "en" or not isinstance(error, UnknownQuestionError) or question_id is None:
        return str(error)
    matches = getattr(error, "matches", [])
    message = label(AppState.lang, "unknown-id", value=question_id)
    if matches:
        return message + label(AppState.lang, "did-you-mean", names=" / ".join(f"'{m}'" for m in matches))
    return message + label(AppState.lang, "see-list")
