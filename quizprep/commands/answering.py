"""`quizprep answer`: grade one answer non-interactively and record the attempt."""

from __future__ import annotations

import time
from typing import Annotated

import typer

from quizprep.commands.common import LangOption, handles_errors, load_current_bank, resolve_lang


@handles_errors
def answer(
    question_id: Annotated[str, typer.Argument(metavar="ID", help="The question id (see `quizprep list`).")],
    text: Annotated[str, typer.Argument(metavar="ANSWER", help="Your answer, quoted: '0.5', 'sigmoid(x)^2', '2'.")],
    seed: Annotated[int | None, typer.Option(help="The instance of a parameterized question.")] = None,
    lang: LangOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the verdict as JSON.")] = False,
) -> None:
    """Grade one answer: exit 0 correct, 1 wrong, 2 could not grade."""
    from quizprep.bank.instance import instantiate
    from quizprep.checking.dispatch import check, warm_up

    warm_up()  # SymPy loads in the checker's worker while the bank and the store load here
    from quizprep.study.store import Attempt, ProgressStore
    from quizprep.ui.console import out, print_json
    from quizprep.ui.verdict_view import render_verdict

    language = resolve_lang(lang)  # --lang, else the lang setting
    question = load_current_bank().get(question_id)
    started = time.monotonic()
    verdict = check(instantiate(question, seed), text, language)
    with ProgressStore() as store:
        store.record_attempt(Attempt(question.id, question.topic, question.kind, verdict.status, text, seed,
                                     duration_ms=int((time.monotonic() - started) * 1000)))
    if as_json:
        print_json(verdict.to_dict())
    else:
        out().print(render_verdict(verdict, language))
    raise typer.Exit(verdict.exit_code)
