"""`quizprep derive`: check a chain of expressions, each equal to the one before."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from quizprep.commands.common import EXIT_CANNOT_GRADE, LangOption, handles_errors, resolve_lang


@handles_errors
def derive(
    steps: Annotated[list[str] | None, typer.Argument(
        metavar="STEP", help="The steps, quoted: 'diff(x^2*exp(x), x)' '2x*exp(x) + x^2*exp(x)'.")] = None,
    file: Annotated[Path | None, typer.Option(
        "--file", help="Read the steps from a file, one per line ('#' starts a comment).")] = None,
    lang: LangOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Check a derivation step by step: exit 0 when every step holds, 1 at a wrong step, 2 on bad input."""
    from quizprep.checking.derivation import check_chain, split_steps
    from quizprep.errors import QuizprepError
    from quizprep.ui.console import out, print_json

    language = resolve_lang(lang)  # --lang, else the lang setting
    chain: list[str] = []
    if file is not None:
        try:
            chain += split_steps(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else exc
            raise QuizprepError(f"не удалось прочитать {file}: {reason}" if language == "ru"
                                else f"cannot read {file}: {reason}") from None
    for step in steps or []:
        chain += split_steps(step)
    if len(chain) < 2:
        raise QuizprepError("в выводе нужно не меньше двух шагов (аргументами или через --file)" if language == "ru"
                            else "a derivation needs at least two steps (give them as arguments or with --file)")
    report = check_chain(chain, lang=language)
    if as_json:
        print_json(report.to_dict())
    else:
        from quizprep.ui.derivation_view import render_derivation

        out().print(render_derivation(report, language))
    raise typer.Exit({"correct": 0, "wrong": 1}.get(report.status, EXIT_CANNOT_GRADE))
