"""Render a CheckReport (one row per probe, the diagnosis, the hint, the user's traceback and output) and
the list of exercises, as Rich renderables. Everything the user's code produced is shown as plain Text,
never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from quizprep.exercises.catalog import Exercise
from quizprep.exercises.report import CheckReport

REPORT_WORDS = {
    "en": {"check": "check", "evidence": "evidence", "on": "{backend} on {device}", "style": "{style} style",
           "note": "note", "passed": "✓ passed: {passed}/{total} checks",
           "failed": "✗ failed: {passed}/{total} checks passed", "diagnosis": "diagnosis", "your-code": "your code",
           "hint": "hint", "printed": "your code printed (ignored{shown})", "head-tail": ", head and tail of {size}"},
    "ru": {"check": "проверка", "evidence": "что найдено", "on": "{backend} на {device}", "style": "стиль {style}",
           "note": "заметка", "passed": "✓ сдано: пройдено проверок {passed} из {total}",
           "failed": "✗ не сдано: пройдено проверок {passed} из {total}", "diagnosis": "диагноз",
           "your-code": "ваш код", "hint": "подсказка", "printed": "вывод вашего кода (не учитывается{shown})",
           "head-tail": ", начало и конец из {size}"},
}


def render_check_report(report: CheckReport, lang: str = "en") -> RenderableType:
    """The probes table, the verdict line, and (when it failed) the diagnosis, traceback and hint; the frame
    in `lang` (the probes' own rows and diagnoses are in English)."""
    words = REPORT_WORDS["ru" if lang == "ru" else "en"]
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
    table.add_column("", width=1, no_wrap=True)
    table.add_column(words["check"], overflow="fold", ratio=3)
    table.add_column(words["evidence"], overflow="fold", style="dim", ratio=2)
    for row in report.probes:
        if not row.attempted and row.ok:
            mark = Text("–", style="dim")
        else:
            mark = Text("✓", style="green") if row.ok else Text("✗", style="bold red")
        table.add_row(mark, Text(row.what), Text(row.evidence))
    graded = report.graded
    passed, total = sum(row.ok for row in graded), len(graded)
    where = f"{report.exercise_id} · {Path(report.file).name}"
    if report.backend != "numpy" or report.device != "cpu":
        where += " · " + words["on"].format(backend=report.backend, device=report.device)
    if report.strict:
        where += " · --strict"
    if report.style != "class":  # exercises-styles
        where += " · " + words["style"].format(style=report.style)
    parts: list[RenderableType] = [Text(where, style="bold"), table]
    parts += [Text.assemble((f"{words['note']}: ", "bold yellow"), note) for note in report.notes]  # exercises-styles
    extras = f" · {report.extras_text(lang)}" if report.extras else ""
    if report.passed:
        parts.append(Text.assemble((words["passed"].format(passed=passed, total=total), "bold green"),
                                   (extras, "green")))
    else:
        parts.append(Text.assemble((words["failed"].format(passed=passed, total=total), "bold red"), extras))
        if report.diagnosis:
            parts.append(Text.assemble((f"{words['diagnosis']}: ", "bold"), report.diagnosis))
        if report.traceback:
            parts.append(Panel(Text(report.traceback), title=words["your-code"], title_align="left",
                               border_style="red", expand=False))
        if report.hint:
            number = f" {report.hint_number}" if report.hint_number else ""
            parts.append(Text.assemble((f"{words['hint']}{number}: ", "bold cyan"), (report.hint, "cyan")))
    if report.output:
        size = report.output_bytes
        shown = "" if size <= len(report.output.encode()) else words["head-tail"].format(size=_size(size))
        parts.append(Panel(Text(report.output.rstrip()), title=words["printed"].format(shown=shown),
                           title_align="left", border_style="dim", style="dim", expand=False))
    return Group(*parts)


def _size(n: int) -> str:
    if n < 1000:
        return f"{n} bytes"
    return f"{n / 1e3:.1f} KB" if n < 1e6 else f"{n / 1e6:.1f} MB"


LIST_WORDS = {
    "en": {"state": "state", "id": "id", "class": "class", "topic": "topic", "exercise": "exercise",
           "passed": "passed", "attempted": "attempted", "new": "new", "next": "Next: quizprep exercise {id}",
           "done": "All {n} exercises passed.", "count": "{passed}/{n} passed",
           "how": "Start one: quizprep exercise ID   ·   grade it: quizprep check ID FILE",
           "offer": "Next exercise: quizprep exercise {id}   ({passed}/{n} passed)"},
    "ru": {"state": "статус", "id": "id", "class": "класс", "topic": "тема", "exercise": "упражнение",
           "passed": "сдано", "attempted": "начато", "new": "новое", "next": "Дальше: quizprep exercise {id}",
           "done": "Все {n} упражнений сданы.", "count": "сдано {passed}/{n}",
           "how": "Начать: quizprep exercise ID   ·   проверить: quizprep check ID FILE",
           "offer": "Следующее упражнение: quizprep exercise {id}   (сдано {passed}/{n})"},
}
STATE_STYLES = {"passed": ("✓", "green"), "attempted": ("…", "yellow"), "new": ("·", "dim")}


NARROW = 80  # below this many columns the list leaves out class and topic, so that the ids stay whole


def render_exercise_list(exercises: Iterable[Exercise], states: dict[str, str], suggested: Exercise | None,
                         lang: str = "en", width: int | None = None) -> RenderableType:
    """A table of exercises with their state (passed / attempted / new), and the one to do next; the ids
    (what the user types next) are never cut, and a terminal narrower than NARROW drops class and topic."""
    words = LIST_WORDS["ru" if lang == "ru" else "en"]
    wide = width is None or width >= NARROW
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("", no_wrap=True)
    table.add_column(words["id"], no_wrap=True)
    table.add_column(words["state"], no_wrap=True)
    if wide:
        table.add_column(words["class"])
        table.add_column(words["topic"])
    table.add_column(words["exercise"], overflow="fold", ratio=1)
    exercises = list(exercises)
    for exercise in exercises:
        state = states.get(exercise.id, "new")
        mark, style = STATE_STYLES[state]
        middle = (exercise.class_name, exercise.topic) if wide else ()
        table.add_row(Text(mark, style=style), exercise.id, Text(words[state], style=style), *middle,
                      exercise.title(lang))
    passed = sum(state == "passed" for state in states.values())
    count = words["count"].format(passed=passed, n=len(exercises))
    closing = (words["next"].format(id=suggested.id) if suggested is not None
               else words["done"].format(n=len(exercises)))
    return Group(table, Text(f"{count} · {closing}", style="bold"), Text(words["how"], style="dim"))


def render_next_offer(suggested: Exercise | None, states: dict[str, str], lang: str = "en") -> RenderableType:
    """After a pass: the exercise to do next (rustlings-style), or that all are done."""
    words = LIST_WORDS["ru" if lang == "ru" else "en"]
    passed = sum(state == "passed" for state in states.values())
    if suggested is None:
        return Text(words["done"].format(n=len(states)), style="bold green")
    return Text(words["offer"].format(id=suggested.id, passed=passed, n=len(states)), style="bold")


def render_hint(exercise: Exercise, number: int, total: int, text: str, lang: str = "en") -> RenderableType:
    label, last = ("подсказка", " (последняя)") if lang == "ru" else ("hint", " (the last one)")
    more = "" if number < total else last
    return Text.assemble((f"{label} {number}/{total}{more}: ", "bold cyan"), text)


def render_solution(exercise: Exercise, source: str, backend: str = "numpy") -> RenderableType:
    """The reference solution in a panel; long lines wrap (cropping them would show broken code)."""
    suffix = "" if backend == "numpy" else f" · {backend}"
    from rich.syntax import Syntax

    return Panel(Syntax(source, "python", theme="ansi_dark", background_color="default", word_wrap=True),
                 title=f"reference solution · {exercise.id}{suffix}", title_align="left", expand=False)


def render_written(path: Path, command: str, class_name: str | None, lang: str = "en") -> str:
    """What `quizprep exercise ID` wrote and how to check it; `class_name` None: a function-style template."""
    if lang == "ru":
        task = f"допишите класс {class_name}" if class_name else "напишите функции"
        return (f"записан {path}: {task}, затем запустите\n  {command}   "
                f"(с --watch — проверка при каждом сохранении)")
    task = f"complete the class {class_name}" if class_name else "write the functions"
    return f"wrote {path}: {task}, then run\n  {command}   (add --watch to re-check on every save)"


def watching_line(path: Path, lang: str = "en") -> str:
    """The line --watch prints after each check."""
    if lang == "ru":
        return f"слежу за {path}: сохраните файл — проверка повторится; Ctrl-C — выход"
    return f"watching {path}: save to re-check, Ctrl-C to stop"
