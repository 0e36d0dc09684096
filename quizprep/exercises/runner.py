"""Grade a user's file: `check_file(exercise_id, path) -> CheckReport`.

The file is compiled here first (a syntax error needs no sandbox), then imported in a sandboxed
child (isolation.py) and probed by its family's probes (probes/). The references are computed in
this process with quizprep.engine, never in the child, so code that patches the engine there cannot
make itself agree with them.
"""

from __future__ import annotations

import importlib.util
import time
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from quizprep.errors import QuizprepError
from quizprep.exercises.catalog import Exercise, get_exercise
from quizprep.exercises.isolation import SandboxStopped, sandbox_for
from quizprep.exercises.report import CheckReport, ProbeRow

if TYPE_CHECKING:
    from quizprep.exercises.probes.base import Finding, ProbeContext

MAX_FILE_BYTES = 1_000_000
MAX_TIMEOUT_S = 3600  # the sandbox's CPU-time limit is derived from it and must fit a C long
BACKENDS = ("numpy", "torch")
# Engine classes a solution may inherit from; inheriting from any other (the reference itself) is not
# writing the exercise.
ALLOWED_ENGINE_BASES = {"Layer", "Loss", "Optimizer"}


class ExerciseFileError(QuizprepError):
    """The file to check is missing, unreadable or too large."""


def check_file(exercise_id: str, path: str | Path, timeout: float = 10.0, backend: str = "numpy",
               device: str = "cpu", strict: bool = False, lang: str = "en",
               style: str | None = None) -> CheckReport:
    """Grade `path` as a solution of `exercise_id`.

    `timeout`: wall-clock seconds the user's code gets (import and all probes). `strict`: every optional
    setting (extra) is required; otherwise those the user's constructor does not take are listed as
    "not attempted (optional)" and do not fail the check. `lang`: the language of the hint. Raises QuizprepError
    when the file cannot be graded (unknown exercise, missing file, torch or CUDA unavailable); every
    problem of the user's code (syntax, exceptions, exit, timeout, crash, memory, wrong results) is a
    failed report instead. `style`: "class" or "cs231n" (exercises/styles/); None recognises it from the
    names the file defines.
    """
    exercise = get_exercise(exercise_id)
    path = Path(path).expanduser().absolute()
    _check_options(backend, device, timeout)
    source = _read(path)
    started = time.monotonic()
    report = CheckReport(exercise.id, str(path), backend, device, strict=strict,
                         style=_style(style, source, exercise, backend))
    syntax = _syntax_error(source, path)
    if syntax is not None:
        line, text = syntax
        if line:
            report.probes = [ProbeRow(False, f"{path.name} compiles", f"syntax error at line {line}")]
            report.diagnosis = f"syntax error at line {line} of {path.name}: {text.splitlines()[-1]}"
            report.traceback = text
            report.hint = ("Исправьте показанную строку (и предыдущую: пропущенная ) или : видна строкой ниже)."
                           if lang == "ru" else
                           "Fix the line shown (and the one before it: a missing ) or : shows up one line later).")
        else:  # no line to show: null bytes, a binary file
            reason = text.splitlines()[-1].removeprefix("SyntaxError: ")
            report.probes = [ProbeRow(False, f"{path.name} compiles", "not Python source text")]
            report.diagnosis = f"{path.name} is not Python source text: {reason} (a binary file?)"
            report.hint = ("Сохраните решение как обычный текстовый файл .py (UTF-8)." if lang == "ru"
                           else "Save the solution as a plain text .py file (UTF-8).")
        report.timings = {"sandbox_start": 0.0, "total": time.monotonic() - started}
        return report
    _probe(report, exercise, path, timeout, lang)
    if report.style == "class" and (report.diagnosis or "").startswith("your file defines no class"):
        _name_the_style_functions(report, exercise, source, lang)
    elif report.backend == "numpy" and not report.passed and report.diagnosis and _imports_torch(source):
        report.diagnosis = ("your file imports torch but was given numpy arrays: check it with --backend torch ("
                            + report.diagnosis + ")")
        report.hint = ("Проверьте файл с --backend torch: без него ваш код получает массивы numpy." if lang == "ru"
                       else "Check the file with --backend torch: without it your code is given numpy arrays.")
        report.hint_number = None
    report.timings["total"] = time.monotonic() - started
    return report


def _imports_torch(source: bytes | str) -> bool:
    """Whether the file imports torch at its top level (read, never run)."""
    import ast

    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return False
    for node in tree.body:
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
            [node.module or ""] if isinstance(node, ast.ImportFrom) else []
        if any(name == "torch" or name.startswith("torch.") for name in names):
            return True
    return False


def _name_the_style_functions(report: CheckReport, exercise: Exercise, source: bytes | str, lang: str) -> None:
    """A file of another style's functions (a cs231n layers.py) checked for an exercise whose functions it
    lacks: say which functions that style wants here, not only that the class is missing."""
    from quizprep.exercises.styles import FUNCTIONS, top_level_names

    functions = top_level_names(source)[1]
    for style, table in FUNCTIONS.items():
        known = sorted(functions.intersection(name for needed in table.values() for name in needed.names))
        if not known:
            continue
        shown = ", ".join(known[:3]) + (", …" if len(known) > 3 else "")
        if exercise.id not in table:
            report.diagnosis += (f"; the file is in {style} style ({shown}), which has no version of "
                                 f"{exercise.id}: write the class {exercise.class_name}")
            return
        lacking = " and ".join(table[exercise.id].missing(functions))
        report.diagnosis += f"; the file is in {style} style ({shown}) but lacks {lacking}"
        template = f"quizprep exercise {exercise.id} --style {style}"
        report.hint = (f"Добавьте в файл {lacking.replace(' and ', ' и ').replace(' or ', ' или ')} (шаблон "
                       f"пишет {template})." if lang == "ru" else
                       f"Add {lacking} to the file ({template} writes a template of them).")
        report.hint_number = None
        return


def _probe(report: CheckReport, exercise: Exercise, path: Path, timeout: float, lang: str) -> None:
    with sandbox_for(report.backend, report.device, timeout) as sandbox:
        # While the child starts, this process imports numpy, the engine and the probes.
        import numpy as np

        from quizprep.engine.backend import namespace
        from quizprep.exercises.probes import probes_for
        from quizprep.exercises.probes.base import ProbeContext, StopProbing

        namespace(np.zeros(1))  # the engine's array namespace loads on first use: load it now
        sandbox.wait_ready()
        ctx = ProbeContext(sandbox, exercise, path, strict=report.strict)
        try:
            if report.style == "class":
                _load(ctx)
                probes_for(exercise.family)(ctx)
            else:  # exercises-styles: the adapter in the sandbox gives the style's functions the class contract
                from quizprep.exercises.styles import probing as style

                functions = style.load(ctx, report.style)
                probes_for(exercise.family)(ctx)
                style.run_style_probes(ctx, functions)
        except (SandboxStopped, StopProbing):
            pass  # the rows say why; the output is complete once the sandbox is closed
        if report.style != "class":
            style.finish(ctx, report, lang)
    report.probes = ctx.rows
    report.output, report.output_bytes = sandbox.output.text(), sandbox.output.total
    report.timings["sandbox_start"] = sandbox.startup_seconds
    from quizprep.bank.model import Text

    if ctx.findings:
        finding = choose_finding(ctx.findings)
        report.diagnosis = finding.diagnosis
        report.hint_number = exercise.hint_number_for(finding.diagnosis)
        if report.hint_number is not None:
            report.hint = exercise.hints[report.hint_number - 1].in_lang(lang)
        else:
            hint = finding.hint.in_lang(lang) if isinstance(finding.hint, Text) else finding.hint
            report.hint = hint or exercise.hints[0].in_lang(lang)
        report.traceback = finding.traceback


def choose_finding(findings: list[Finding]) -> Finding:
    """The finding to name: a known bug first, then a convention difference, then the first failure."""
    return next((f for f in findings if f.specific and not f.convention),
                next((f for f in findings if f.specific), findings[0]))


def _load(ctx: ProbeContext) -> None:
    name = ctx.exercise.class_name
    with ctx.probe(f"the file imports and defines class {name}", required=True) as p:
        info = ctx.request("load", "while importing your file", path=str(ctx.path), class_name=name)
        if info["module"] != info["own_module"]:
            p.fail(f"{name} comes from {info['module']}",
                   f"{name} is imported from {info['module']}, not written in your file")
        for module, qualname in info["mro"][1:]:
            if module.startswith("quizprep.") and qualname not in ALLOWED_ENGINE_BASES:
                p.fail(f"{name} inherits from {module}.{qualname}",
                       f"{name} inherits from the reference {module}.{qualname}: write your own (only Layer "
                       f"may be used as a base class)")
        p.evidence = f"class {name} found"


def _style(requested: str | None, source: bytes, exercise: Exercise, backend: str) -> str:
    """exercises-styles: the style to check the file in (see exercises/styles/)."""
    from quizprep.exercises.styles import CLASS_STYLE, resolve_style

    style = resolve_style(requested, source, exercise.id, exercise.class_name)
    if style != CLASS_STYLE and backend != "numpy":
        raise QuizprepError(f"the {style} style is checked with numpy arrays (drop --backend {backend})")
    return style


def _check_options(backend: str, device: str, timeout: float) -> None:
    if backend not in BACKENDS:
        raise QuizprepError(f"unknown backend '{backend}' (use numpy or torch)")
    if device != "cpu":
        if backend != "torch":
            raise QuizprepError(f"--device {device} needs --backend torch")
        if not (device == "cuda" or device.startswith("cuda:")):
            raise QuizprepError(f"unknown device '{device}' (use cpu or cuda)")
    if not 0 < timeout <= MAX_TIMEOUT_S:
        raise QuizprepError(f"the timeout must be more than 0 and at most {MAX_TIMEOUT_S} seconds")
    if backend == "torch" and importlib.util.find_spec("torch") is None:
        raise QuizprepError("--backend torch needs torch: pip install torch")


def _read(path: Path) -> bytes:
    if path.is_dir():
        raise ExerciseFileError(f"{path}: is a directory, not a Python file")
    if not path.is_file():
        raise ExerciseFileError(f"{path}: no such file (write one with `quizprep exercise ID`)")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ExerciseFileError(f"{path}: {size:,} bytes is too large for a solution file")
        return path.read_bytes()
    except OSError as exc:
        raise ExerciseFileError(f"{path}: cannot read the file: {exc}") from None


def _syntax_error(source: bytes, path: Path) -> tuple[int, str] | None:
    """(line, the error as Python prints it, with the file's name only), or None if it compiles."""
    try:
        compile(source, str(path), "exec", dont_inherit=True)
    except SyntaxError as exc:
        text = "".join(traceback.format_exception_only(exc)).replace(f'"{path}"', f'"{path.name}"')
        return exc.lineno or 0, text.rstrip()
    except ValueError as exc:  # null bytes
        return 0, f"SyntaxError: {exc}"
    return None
