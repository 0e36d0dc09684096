"""`quizprep suspend ID` / `quizprep unsuspend ID`: keep a question out of study sessions, or let it back in."""

from __future__ import annotations

from typing import Annotated

import typer

from quizprep.commands.common import Lang, handles_errors, load_current_bank

IdArgument = Annotated[str, typer.Argument(metavar="ID", help="The question's id (see `quizprep list`).")]
LangOption = Annotated[Lang | None, typer.Option(help="Language of the messages (default: the lang setting).")]


def _known_id(question_id: str) -> None:
    load_current_bank().get(question_id)  # an unknown id is one clean error (exit 2)


@handles_errors
def suspend(question_id: IdArgument, lang: LangOption = None) -> None:
    """Keep a question out of every study session until `quizprep unsuspend ID`."""
    _set_suspended(question_id, True, lang)


@handles_errors
def unsuspend(question_id: IdArgument, lang: LangOption = None) -> None:
    """Let a suspended question back into study sessions."""
    _set_suspended(question_id, False, lang)


def _set_suspended(question_id: str, suspended: bool, lang: Lang | None) -> None:
    from quizprep.study import card_state
    from quizprep.study.clock import clock_from_env
    from quizprep.study.settings import load_settings
    from quizprep.study.store import ProgressStore
    from quizprep.ui.console import out
    from quizprep.ui.labels import label

    _known_id(question_id)
    with ProgressStore() as store:
        language = lang.value if lang else load_settings(store).lang
        if suspended:
            changed = card_state.suspend(store, question_id, clock_from_env().now())
            key = "now-suspended" if changed else "was-suspended"
        else:
            changed = card_state.unsuspend(store, question_id)
            key = "unsuspended" if changed else "not-suspended"
    out().print(label(language, key, id=question_id), markup=False, highlight=False)
