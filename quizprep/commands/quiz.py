"""`quizprep quiz`: a study session (due questions, then new ones) or a timed mock interview.

The command plans the session, then loops: render the question → read a line → `session.submit` →
render the step. Ctrl-C (exit 130) or Ctrl-D (exit 0) at any prompt ends with the summary; every answer
was already committed when it was given.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from quizprep.commands.common import (
    KindsOption,
    LangOption,
    TopicsOption,
    check_filters,
    handles_errors,
    load_current_bank,
    resolve_lang,
)

if TYPE_CHECKING:
    from rich.console import Console

    from quizprep.study.session import Session
    from quizprep.ui.line_input import LineReader

EXIT_INTERRUPTED = 130


CountOption = Annotated[int | None, typer.Option(
    "--count", "-n", metavar="N", min=1, max=500, help="Questions in this session (default: the session-size setting).")]
NewOption = Annotated[int | None, typer.Option(
    "--new", metavar="N", min=0, max=500, help="New questions allowed in this session (default: what is left of today's).")]
MockOption = Annotated[float | None, typer.Option(
    "--mock", metavar="MINUTES", min=0.1, max=240,
    help="A timed mock interview of this many minutes: theory, derivation and code across topics, then a rubric.")]
WorkdirOption = Annotated[Path | None, typer.Option(
    "--workdir", metavar="DIR", help="Where code exercises are written (default: exercises/ in the data dir).")]
SeedOption = Annotated[int | None, typer.Option("--shuffle-seed", hidden=True, help="Seed the question order.")]


@handles_errors
def quiz(topic: TopicsOption = None, kind: KindsOption = None, count: CountOption = None, new: NewOption = None,
         lang: LangOption = None, mock: MockOption = None, workdir: WorkdirOption = None,
         shuffle_seed: SeedOption = None) -> None:
    """Study: due questions first (spaced repetition), then new ones; or a timed mock interview (--mock)."""
    from quizprep.study.card_state import all_flags
    from quizprep.study.clock import clock_from_env, start_of_day
    from quizprep.study.planner import plan_mock, plan_review, select_questions, unavailable_kinds
    from quizprep.study.scheduler import StudyScheduler
    from quizprep.study.session import Session
    from quizprep.study.settings import load_settings
    from quizprep.study.store import ProgressStore
    from quizprep.ui.console import out
    from quizprep.ui.line_input import LineReader
    from quizprep.ui.quiz_view import render_no_match, render_nothing_to_do, render_plan_notes

    clock = clock_from_env()
    rng = random.Random(shuffle_seed)
    console = out()
    with ProgressStore() as store:
        settings = load_settings(store)
        language = resolve_lang(lang)
        bank = load_current_bank()
        check_filters(bank, topic, kind)  # an unknown value: the valid ones and a close match
        questions, left_out = select_questions(bank, topic or (), kind or (), unavailable_kinds())
        if not questions and not left_out:
            console.print(render_no_match(topic or (), kind or (), language))
            return
        cards = store.cards()
        now = clock.now()
        if mock:
            plan = plan_mock(questions, cards, mock, rng, left_out)
        else:
            introduced = store.cards_introduced_since(start_of_day(now, clock.local_zone))
            new_limit = new if new is not None else max(0, settings.new_per_day - introduced)
            plan = plan_review(questions, cards, now, count or settings.session_size, new_limit, rng, left_out,
                               all_flags(store))
        notes = render_plan_notes(plan, language)
        if notes is not None:
            console.print(notes)
        if not plan.items:
            console.print(render_nothing_to_do(plan, now, language))
            return
        session = Session(store, plan.items, StudyScheduler(settings.desired_retention), clock, language,
                          mode="mock" if mock else "review", minutes=mock, exercise_dir=workdir, rng=rng)
        exit_code = run_session(session, LineReader(console), console)
    if exit_code:
        raise typer.Exit(exit_code)


def run_session(session: Session, reader: LineReader, console: Console) -> int:
    """Ask every question until the end, `quit`, Ctrl-D (exit 0) or Ctrl-C (exit 130); print the summary."""
    exit_code = 0
    try:
        while session.start_next() is not None:
            ask_question(session, reader, console)
    except EOFError:
        console.print()
        session.stop()
    except KeyboardInterrupt:
        console.print()
        session.stop()
        exit_code = EXIT_INTERRUPTED
    finish(session, console)
    return exit_code


def ask_question(session: Session, reader: LineReader, console: Console) -> None:
    """Render the current question and feed lines to the session until the question is over."""
    from quizprep.study.session import COMMANDS, Current, Phase
    from quizprep.ui.line_input import FileChanged, TimeUp
    from quizprep.ui.question_view import render_question
    from quizprep.ui.quiz_view import prompt_for, render_commands, render_header, render_step

    current = session.current
    assert current is not None
    console.print()
    console.print(render_header(current, session.remaining(), session.lang))
    console.print(render_question(current.instance, session.lang))
    console.print(render_commands(current, session.lang))
    session.prepare_checker()  # here, before the prompt: no import races a Ctrl-C at the prompt
    session.warm_up()
    if current.phase is Phase.CODE:
        step = session.prepare_code()
        console.print(render_step(step, session.lang))
        if step.question_over:
            return
    typed_steps: list[str] = []  # a derivation's steps so far, kept across a hint
    while True:
        current = session.current
        assert current is not None

        def prompt(step_number: int = 1, current: Current = current) -> str:
            return prompt_for(current, step_number, session.remaining(), session.lang)

        try:
            if current.phase is Phase.CODE:
                step = session.submit(reader.read(prompt, session.remaining, session.current_code_path()))
            elif current.question.kind == "derivation" and current.phase is Phase.ANSWER:
                step = session.submit(reader.read_steps(prompt, set(COMMANDS), typed_steps, session.remaining))
                if step.event not in ("hint", "no-hint"):
                    typed_steps.clear()
            else:
                step = session.submit(reader.read(prompt, session.remaining))
        except FileChanged:
            step = session.check_code()
        except TimeUp:
            step = session.close_time_up()
        shown = render_step(step, session.lang)
        if shown is not None:
            console.print(shown)
        if step.question_over:
            return


def finish(session: Session, console: Console) -> None:
    """The summary, and for a mock interview the rubric."""
    from quizprep.ui.quiz_view import render_summary

    summary = session.summary()
    console.print()
    console.print(render_summary(summary, session.lang, session.learning_left()))
    if session.mode == "mock":
        from quizprep.study.rubric import build_rubric
        from quizprep.ui.rubric_view import render_rubric

        console.print(render_rubric(build_rubric(summary), session.lang))
