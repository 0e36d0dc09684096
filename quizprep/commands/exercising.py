"""`quizprep exercise` (write a template, a hint, the solution) and `quizprep check` (grade a file)."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NamedTuple

import typer

from quizprep.commands.common import EXIT_CANNOT_GRADE, LangOption, handles_errors, resolve_lang

if TYPE_CHECKING:
    from quizprep.exercises.catalog import Exercise


class Backend(str, Enum):
    numpy = "numpy"
    torch = "torch"


class Style(str, Enum):  # exercises-styles
    class_ = "class"
    cs231n = "cs231n"


StyleOption = Annotated[Style | None, typer.Option(
    help="How the file is written: the notes' class, or cs231n's functions (recognised from the names "
         "if omitted).")]
IdArgument = Annotated[str, typer.Argument(
    metavar="ID", help="The exercise id, e.g. relu or leaky_relu (see `quizprep exercise`).")]
BackendOption = Annotated[Backend, typer.Option(help="The array library your code gets: numpy arrays or torch tensors.")]


@handles_errors
def exercise(
    exercise_id: Annotated[str | None, typer.Argument(
        metavar="ID", help="The exercise id, e.g. relu; without it, list the exercises and suggest the next.")] = None,
    directory: Annotated[Path, typer.Option("--dir", metavar="DIR", help="Where to write the template.")] = Path("."),
    backend: BackendOption = Backend.numpy,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file; show the solution anyway.")] = False,
    hint: Annotated[bool, typer.Option("--hint", help="Print the next hint instead of writing the template.")] = False,
    solution: Annotated[bool, typer.Option(
        "--solution", help="Show the reference solution (once you passed); --backend torch for torch's.")] = False,
    lang: LangOption = None,
    style: StyleOption = None,
) -> None:
    """Write the template ID.py for an exercise: a class to complete, the task in its docstring."""
    from quizprep.errors import QuizprepError
    from quizprep.exercises.catalog import EXERCISES, get_exercise
    from quizprep.exercises.progress import exercise_states, next_hint, solution_unlocked, suggest_next
    from quizprep.exercises.templates import write_template
    from quizprep.ui.check_report_view import (
        render_exercise_list,
        render_hint,
        render_solution,
        render_written,
    )
    from quizprep.ui.console import out

    language = resolve_lang(lang)
    if exercise_id is None:
        asked = [name for name, given in (("--hint", hint), ("--solution", solution)) if given]
        if asked:
            raise QuizprepError(f"{asked[0]} needs an exercise: quizprep exercise ID {asked[0]} (the ids: "
                                f"quizprep exercise)")
        states = exercise_states(EXERCISES.values())
        suggested = suggest_next(EXERCISES.values(), states)
        out().print(render_exercise_list(EXERCISES.values(), states, suggested, language, out().width))
        return
    chosen = get_exercise(exercise_id)
    if hint:
        out().print(render_hint(chosen, *next_hint(chosen, language), lang=language))
        return
    if solution:
        if not (force or solution_unlocked(chosen)):
            raise QuizprepError(f"pass `quizprep check {chosen.id} {chosen.file_name}` first to see the solution "
                                f"(or add --force)")
        source = chosen.solution_source(backend.value)
        if sys.stdout.isatty():
            out().print(render_solution(chosen, source, backend.value))
        else:  # redirected to a file or a pipe: the source itself, ready to run
            sys.stdout.write(source)
        return
    if style is Style.cs231n:  # exercises-styles: cs231n's functions instead of the class
        from quizprep.exercises.styles.templates import write_cs231n_template

        path = write_cs231n_template(chosen.id, directory, force=force, lang=language)
        out().print(render_written(path, f"quizprep check {chosen.id} {path}", None, language), highlight=False)
        return
    path = write_template(chosen.id, directory, backend=backend.value, force=force, lang=language)
    command = f"quizprep check {chosen.id} {path}" + ("" if backend is Backend.numpy else " --backend torch")
    out().print(render_written(path, command, chosen.class_name, language), highlight=False)


@handles_errors
def check(
    exercise_id: IdArgument,
    paths: Annotated[list[Path], typer.Argument(
        metavar="PATH...", help="Your solution, e.g. relu.py; or several files and directories (a class).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    watch: Annotated[bool, typer.Option("--watch", help="Re-check on every save of FILE until Ctrl-C.")] = False,
    timeout: Annotated[float, typer.Option(metavar="S", help="Seconds your code may run in all.")] = 10.0,
    backend: BackendOption = Backend.numpy,
    device: Annotated[str, typer.Option(help="cpu, or cuda (with --backend torch).")] = "cpu",
    strict: Annotated[bool, typer.Option(
        "--strict", help="Require every optional setting (weight_decay, nesterov, ...), not only the core.")] = False,
    lang: LangOption = None,
    style: StyleOption = None,
    gradebook: Annotated[Path | None, typer.Option(
        metavar="FILE", help="With several files: write one row per file to FILE.csv or FILE.json.")] = None,
    jobs: Annotated[int | None, typer.Option(
        metavar="N", help="With several files: how many to check at a time (default: the CPU count).")] = None,
) -> None:
    """Grade FILE as a solution of exercise ID: exit 0 passed, 1 failed, 2 could not grade.

    Several files or directories (every .py inside): graded in parallel, not recorded; exit 2 if none graded.
    """
    from quizprep.exercises.catalog import get_exercise

    language = resolve_lang(lang)
    chosen = get_exercise(exercise_id)
    style_name = None if style is None else style.value
    if len(paths) > 1 or paths[0].is_dir() or gradebook is not None or jobs is not None:  # exercises-styles
        from quizprep.commands.batch_checking import check_batch
        from quizprep.errors import QuizprepError

        if watch:
            raise QuizprepError("--watch re-checks one file; give one FILE (not several, nor a directory)")
        options = {"timeout": timeout, "backend": backend.value, "device": device, "style": style_name,
                   "strict": strict, "lang": language}
        raise typer.Exit(check_batch(chosen, paths, gradebook, jobs, as_json, options, language))
    file = paths[0]
    options = CheckOptions(as_json, timeout, backend.value, device, strict, language, style_name)
    if not watch:
        raise typer.Exit(_check_once(chosen, file, options))
    from quizprep.errors import QuizprepError
    from quizprep.exercises.watch import watch_file
    from quizprep.ui.check_report_view import watching_line
    from quizprep.ui.console import err, print_error

    last = EXIT_CANNOT_GRADE

    def run_once() -> None:
        nonlocal last
        try:
            last = _check_once(chosen, file, options, offer_next=True)
        except QuizprepError as exc:
            print_error(str(exc))
            last = EXIT_CANNOT_GRADE
        err().print(watching_line(file, options.lang), style="dim", highlight=False)

    try:
        watch_file(file, run_once)
    except KeyboardInterrupt:
        pass
    raise typer.Exit(last)


class CheckOptions(NamedTuple):
    as_json: bool
    timeout: float
    backend: str
    device: str
    strict: bool
    lang: str
    style: str | None = None


def _check_once(chosen: Exercise, file: Path, options: CheckOptions, offer_next: bool = False) -> int:
    """Grade the file once, record the attempt, print the report; return the exit code. `offer_next`
    (watch mode): after a pass, name the next exercise, rustlings-style."""
    from quizprep.errors import QuizprepError
    from quizprep.exercises.progress import record_check
    from quizprep.exercises.runner import check_file
    from quizprep.ui.check_report_view import render_check_report
    from quizprep.ui.console import out, print_json

    try:
        report = check_file(chosen.id, file, timeout=options.timeout, backend=options.backend,
                            device=options.device, strict=options.strict, lang=options.lang,
                            style=options.style)
    except QuizprepError:
        raise
    except Exception as exc:  # noqa: BLE001 - a checker bug must not show quizprep's traceback
        raise QuizprepError(f"internal error while checking {file}: {type(exc).__name__}: {exc} "
                            "(please report it)") from None
    try:
        source = file.read_text(encoding="utf-8", errors="replace")
    except OSError:  # gone since it was graded (watch mode): record the attempt all the same
        source = ""
    record_check(chosen, report, source)
    if options.as_json:
        print_json(report.to_dict())
        return report.exit_code
    out().print(render_check_report(report, options.lang))
    if report.passed and offer_next:
        from quizprep.exercises.catalog import EXERCISES
        from quizprep.exercises.progress import exercise_states, suggest_next
        from quizprep.ui.check_report_view import render_next_offer

        states = exercise_states(EXERCISES.values())
        out().print(render_next_offer(suggest_next(EXERCISES.values(), states, after=chosen.id), states,
                                      options.lang))
    return report.exit_code
