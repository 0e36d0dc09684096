"""`quizprep stats`, `plot`, `export anki`, `reset` and `config`: looking at and managing your progress."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from quizprep.commands.common import (
    KindsOption,
    LangOption,
    TopicsOption,
    check_filters,
    handles_errors,
    load_current_bank,
    refuse_unknown,
    resolve_lang,
)

JsonOption = Annotated[bool, typer.Option("--json", help="Print the numbers as JSON.")]

export_app = typer.Typer(name="export", help="Export the question bank to other tools.", no_args_is_help=True)


def _plot_size(height: int = 18) -> tuple[int, int]:
    """The terminal's width (capped) when stdout is a terminal; a fixed width otherwise."""
    import shutil

    if sys.stdout.isatty():
        columns = shutil.get_terminal_size((80, 24)).columns
        return max(40, min(columns - 2, 100)), height
    return 72, height


@handles_errors
def stats(
    as_json: JsonOption = False,
    plots: Annotated[bool, typer.Option("--plots/--no-plots", help="Draw reviews per day and accuracy.")] = True,
    lang: LangOption = None,
) -> None:
    """Show your progress: per topic seen/total, accuracy, recall, due now; streak; reviews per day."""
    from rich.text import Text

    from quizprep.study.clock import clock_from_env
    from quizprep.study.scheduler import StudyScheduler
    from quizprep.study.settings import load_settings
    from quizprep.study.stats import compute_stats
    from quizprep.study.store import ProgressStore
    from quizprep.ui.console import out, print_json
    from quizprep.ui.stats_view import render_stats

    language = resolve_lang(lang)
    clock = clock_from_env()
    questions = list(load_current_bank())
    with ProgressStore() as store:
        scheduler = StudyScheduler(load_settings(store).desired_retention)
        report = compute_stats(store, questions, clock.now(), clock.local_zone, scheduler)
    if as_json:
        print_json(report.to_dict())
        return
    console = out()
    console.print(render_stats(report, language))
    if plots and any(day.reviews or day.attempts for day in report.days):
        from quizprep.ui.plots import accuracy_plot, reviews_plot

        color = sys.stdout.isatty()
        size = _plot_size(height=12)
        for drawn in (reviews_plot(report.days, size, color, language),
                      accuracy_plot(report.days, size, color, language)):
            console.print(Text.from_ansi(drawn), soft_wrap=True)


@handles_errors
def plot(
    name: Annotated[str, typer.Argument(
        metavar="NAME", help="sigmoid, tanh, relu, leaky-relu, elu, softplus, arctan, step.")],
    derivative: Annotated[bool, typer.Option("--derivative", "-d", help="Also draw the derivative.")] = False,
    lang: LangOption = None,
) -> None:
    """Draw an activation from the notes' table (and its derivative) in the terminal."""
    from rich.text import Text

    from quizprep.study.curves import curve
    from quizprep.ui.console import out
    from quizprep.ui.labels import label
    from quizprep.ui.plots import activation_plot

    language = resolve_lang(lang)
    entry = curve(name)
    console = out()
    drawn = activation_plot(entry, derivative, _plot_size(), color=sys.stdout.isatty(), lang=language)
    console.print(Text.from_ansi(drawn), soft_wrap=True)
    console.print(Text(entry.formula))
    if derivative:
        console.print(Text(entry.derivative))
    console.print(Text(f"{label(language, 'note')}: {entry.source}", style="dim"))


@export_app.command("anki")
@handles_errors
def export_anki(
    path: Annotated[Path, typer.Argument(metavar="FILE.apkg", help="The Anki package to write.")],
    lang: LangOption = None,
    topic: TopicsOption = None,
    kind: KindsOption = None,
    with_history: Annotated[bool, typer.Option(
        "--with-history", help="Carry your schedule and review log along, so Anki continues where you are.")] = False,
) -> None:
    """Write the bank as an Anki deck; re-importing a newer export updates the same notes."""
    from rich.markup import escape

    from quizprep.study.anki import export_anki as write_package
    from quizprep.study.anki import history_from_store
    from quizprep.ui.console import out
    from quizprep.ui.labels import label

    language = resolve_lang(lang)
    bank = load_current_bank()
    check_filters(bank, topic, kind)
    questions = [q for q in bank if (not topic or q.topic in topic) and (not kind or q.kind in kind)]
    history = None
    if with_history:
        from quizprep.study.store import ProgressStore

        with ProgressStore() as store:
            history = history_from_store(store)
    report = write_package(questions, path, language, history)
    done = label(language, "exported", n=report.notes, path=str(report.path), deck=report.deck)
    if with_history:
        done += label(language, "exported-history", cards=report.scheduled, reviews=report.reviews)
    out().print(f"[green]✓[/] {escape(done)}", markup=True)


@handles_errors
def reset(
    topic: Annotated[str | None, typer.Option("--topic", "-t", metavar="TOPIC", help="Only this topic.")] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    lang: LangOption = None,
) -> None:
    """Delete your answers, cards and review history (of one topic, or all); settings are kept."""
    from quizprep.study.store import ProgressStore
    from quizprep.ui.console import out
    from quizprep.ui.labels import label

    language = resolve_lang(lang)
    with ProgressStore() as store:
        # a topic may have progress but no questions any more (a bank that was removed): allow it
        refuse_unknown("topic", [topic] if topic else None,
                       set(load_current_bank().topics()) | set(store.counts_by_topic()))
        what = label(language, "reset-topic", topic=topic) if topic else label(language, "reset-all")
        if not yes:
            try:
                confirmed = typer.confirm(label(language, "reset-confirm", what=what), default=False)
            except typer.Abort:  # Ctrl-C or end of input at the question: end its line first
                out().print()
                confirmed = False
            if not confirmed:
                out().print(label(language, "reset-cancelled"))
                raise typer.Exit(1)
        deleted = store.reset_progress(topic)
    out().print(label(language, "reset-done", attempts=deleted["attempts"], cards=deleted["cards"],
                      reviews=deleted["review_logs"], what=what))


@handles_errors
def config(
    key: Annotated[str | None, typer.Argument(metavar="KEY", help="A setting (no KEY: list all).")] = None,
    value: Annotated[str | None, typer.Argument(metavar="VALUE", help="Its new value (none: show it).")] = None,
    as_json: JsonOption = False,
    lang: LangOption = None,
) -> None:
    """Show or change a study setting: desired-retention, new-per-day, session-size, lang."""
    from quizprep.study.settings import SPECS, load_settings, save_setting, settings_as_dict, spec_for
    from quizprep.study.store import ProgressStore
    from quizprep.ui.console import out, print_json
    from quizprep.ui.labels import label
    from quizprep.ui.settings_view import render_settings

    with ProgressStore() as store:
        settings = save_setting(store, key, value) if key and value is not None else load_settings(store)
    values = settings_as_dict(settings)
    language = resolve_lang(lang or settings.lang)
    if key:
        spec = spec_for(key)
        if as_json:
            print_json({spec.key: values[spec.key]})
        else:
            saved = f"  {label(language, 'saved')}" if value is not None else ""
            out().print(f"{spec.key} = {values[spec.key]}{saved}")
        return
    if as_json:
        print_json(values)
        return
    out().print(render_settings({spec.key: values[spec.key] for spec in SPECS.values()}, language))

