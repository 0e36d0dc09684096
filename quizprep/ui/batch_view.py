"""Render a batch of checks (a whole class): a progress bar while it runs, then one summary row per file."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rich import box
from rich.console import Console, Group, RenderableType
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from quizprep.exercises.batch import BatchEntry

WORDS = {
    "en": {"checking": "checking", "file": "file", "checks": "checks", "seconds": "s", "diagnosis": "diagnosis",
           "passed": "{exercise}: {passed}/{total} passed", "failed": "{n} failed", "not graded": "{n} not graded",
           "gradebook": "gradebook",
           "interrupted": "interrupted: {done} of {total} files graded (shown above, and in the gradebook)",
           "interrupted-none": "interrupted before any of the {total} files was graded"},
    "ru": {"checking": "проверка", "file": "файл", "checks": "проверки", "seconds": "с", "diagnosis": "диагноз",
           "passed": "{exercise}: сдано {passed} из {total}", "failed": "не сдано {n}",
           "not graded": "не удалось проверить {n}", "gradebook": "ведомость",
           "interrupted": "прервано: проверено файлов — {done} из {total} (они выше и в ведомости)",
           "interrupted-none": "прервано до того, как был проверен хоть один из файлов ({total})"},
}
MARKS = {"passed": Text("✓", style="green"), "failed": Text("✗", style="bold red"),
         "not graded": Text("!", style="bold yellow")}


@contextmanager
def batch_progress(console: Console, total: int, exercise_id: str, lang: str = "en") -> Iterator[Progress]:
    """A progress bar of files checked (shown only on a terminal); advance it once per file."""
    progress = Progress(TextColumn(f"{_words(lang)['checking']} {exercise_id}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), TextColumn("{task.description}"), console=console, transient=True,
                        disable=not console.is_terminal)
    with progress:
        progress.add_task("", total=total)
        yield progress


def advance(progress: Progress, entry: BatchEntry) -> None:
    progress.update(progress.task_ids[0], advance=1, description=f"{entry.file.name}: {entry.status}")


def _words(lang: str) -> dict[str, str]:
    return WORDS.get(lang, WORDS["en"])


def render_batch_summary(entries: list[BatchEntry], exercise_id: str, common: Path | None = None,
                         lang: str = "en") -> RenderableType:
    """One row per file (status, checks, seconds, diagnosis) and a closing count."""
    words = _words(lang)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("", width=1, no_wrap=True)
    table.add_column(words["file"], overflow="fold")
    table.add_column(words["checks"], justify="right", no_wrap=True)
    table.add_column(words["seconds"], justify="right", no_wrap=True)
    table.add_column(words["diagnosis"], overflow="fold", style="dim", ratio=1)
    for entry in entries:
        passed, total = entry.checks
        where = entry.file.absolute()
        name = str(where.relative_to(common)) if common and where.is_relative_to(common) else str(entry.file)
        table.add_row(MARKS[entry.status], Text(name), f"{passed}/{total}" if total else "—",
                      f"{entry.seconds:.1f}", Text(entry.diagnosis))
    counts = {status: sum(entry.status == status for entry in entries) for status in MARKS}
    line = words["passed"].format(exercise=exercise_id, passed=counts["passed"], total=len(entries))
    for status in ("failed", "not graded"):
        if counts[status]:
            line += ", " + words[status].format(n=counts[status])
    style = "bold green" if counts["passed"] == len(entries) else "bold red"
    return Group(table, Text(line, style=style))


def gradebook_line(path: Path, lang: str = "en") -> Text:
    return Text(f"{_words(lang)['gradebook']}: {path}")


def interrupted_line(done: int, total: int, lang: str = "en") -> Text:
    """What Ctrl-C left: how many files were graded before it."""
    key = "interrupted" if done else "interrupted-none"
    return Text(_words(lang)[key].format(done=done, total=total), style="bold yellow")
