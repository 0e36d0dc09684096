"""The Session without a terminal: answers in, Steps out, every graded answer committed at once."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from fsrs import Rating

from quizprep.study.planner import PlannedQuestion
from quizprep.study.session import Phase, Session
from quizprep.study.store import ProgressStore


def make_session(store, bank, clock, *ids, **kwargs) -> Session:
    items = [PlannedQuestion(bank.get(i), "new") for i in ids]
    return Session(store, items, clock=clock, **kwargs)


def test_wrong_then_right_rates_again_once_and_records_both(store, bank, clock):
    session = make_session(store, bank, clock, "sk-numeric")
    current = session.start_next()
    assert current.question.id == "sk-numeric" and current.position == 1 and current.total == 1
    clock.advance(seconds=5)
    wrong = session.submit("2")
    assert wrong.verdict.status == "wrong"
    assert wrong.verdict.feedback == "Only the path through c."  # the mistake-specific feedback
    assert not wrong.question_over and wrong.tries_left == 2
    right = session.submit("5")
    assert right.verdict.correct and right.question_over
    assert right.closing.explain and right.closing.rating == "again"
    assert right.closing.due == clock.now() + timedelta(minutes=1)  # fsrs's first learning step
    assert right.closing.again_in_session
    assert [(a.status, a.via) for a in store.attempts()] == [("wrong", "answer"), ("correct", "retry")]
    reviews = store.reviews()
    assert [r.rating for r in reviews] == [int(Rating.Again)] and reviews[0].duration_ms == 5000
    summary = session.summary()
    assert summary.correct == 0 and summary.count("wrong") == 1


def test_invalid_input_is_free_and_right_first_time_is_rated_by_speed(store, bank, clock):
    session = make_session(store, bank, clock, "sk-numeric", "sk-choice")
    session.start_next()
    invalid = session.submit("five")
    assert invalid.event == "invalid" and not invalid.question_over
    assert store.attempt_count() == 0
    clock.advance(seconds=3)
    step = session.submit("5")
    assert step.verdict.correct and step.closing.rating == "easy"  # quick for a numeric question
    session.start_next()
    clock.advance(seconds=30)
    assert session.submit("2").closing.rating == "good"
    assert session.summary().correct == 2


def test_a_hint_makes_a_right_answer_hard(store, bank, clock):
    session = make_session(store, bank, clock, "sk-numeric")
    session.start_next()
    hint = session.submit("hint")
    assert hint.event == "hint" and hint.message == "Sum over both paths."
    assert session.submit("?").event == "no-hint"
    step = session.submit("5")
    assert step.closing.rating == "hard"
    assert store.attempts()[0].hints_used == 1


def test_reveal_is_a_lapse_and_skip_leaves_the_card_alone(store, bank, clock):
    session = make_session(store, bank, clock, "sk-numeric", "sk-choice")
    session.start_next()
    revealed = session.submit("answer")
    assert revealed.event == "revealed" and revealed.closing.explain and revealed.closing.rating == "again"
    assert store.attempts()[0].via == "reveal"
    session.start_next()
    skipped = session.submit("skip")
    assert skipped.question_over and not skipped.closing.explain and skipped.closing.due is None
    assert set(store.cards()) == {"sk-numeric"}


def test_three_wrong_answers_end_the_question(store, bank, clock):
    session = make_session(store, bank, clock, "sk-choice")
    session.start_next()
    assert session.submit("1").tries_left == 2
    assert session.submit("3").tries_left == 1
    last = session.submit("1")
    assert last.question_over and last.tries_left == 0 and last.closing.explain
    assert len(store.attempts()) == 3 and len(store.reviews()) == 1


def test_self_graded_reveals_the_model_answer_then_takes_the_users_rating(store, bank, clock):
    session = make_session(store, bank, clock, "sk-self")
    session.start_next()
    shown = session.submit("")
    assert shown.event == "model-answer" and "gradient 1" in shown.message
    assert session.current.phase is Phase.RATE
    assert session.submit("perfect").event == "invalid"
    rated = session.submit("hard")
    assert rated.event == "rated" and rated.closing.rating == "hard"
    assert store.reviews()[0].rating == int(Rating.Hard)
    assert store.attempts()[0].status == "correct" and store.attempts()[0].via == "self"


def test_answer_on_a_self_graded_question_shows_the_model_answer_and_is_not_a_lapse(store, bank, clock):
    # `answer` used to end the question as revealed: rated Again, and the model answer never shown
    session = make_session(store, bank, clock, "sk-self")
    session.start_next()
    shown = session.submit("answer")
    assert shown.event == "model-answer" and "gradient 1" in shown.message
    assert session.current.phase is Phase.RATE and store.attempts() == []
    assert session.submit("good").closing.rating == "good"


def test_derivation_steps_are_joined_and_graded_on_the_last_one(store, bank, clock, all_kinds):
    session = make_session(store, bank, clock, "sk-derivation")
    session.start_next()
    step = session.submit("2*(2*x)*2\n8*x")
    assert step.verdict.correct


def test_code_question_checks_until_the_file_passes(store, bank, clock, all_kinds):
    session = make_session(store, bank, clock, "sk-code", exercise_dir=all_kinds)
    current = session.start_next()
    assert current.phase is Phase.CODE
    ready = session.prepare_code()
    assert ready.event == "code-ready" and ready.path.exists()
    ready.path.write_text("def forward(x):  # to do\n    raise NotImplementedError\n")  # started, not finished
    failed = session.submit("")  # Enter: check now
    assert failed.event == "code-failed" and "NotImplementedError" in failed.message
    ready.path.write_text("import numpy as np\ndef forward(x):\n    return np.maximum(x, 0)\n")
    passed = session.check_code()
    assert passed.event == "code-passed" and passed.question_over
    # Each check is an attempt, as `quizprep check` records it (the answer is the code); the failed one rated
    # the card Again, and the pass is not "right first time".
    assert [(a.status, a.via) for a in store.attempts()] == [("wrong", "check"), ("correct", "check")]
    assert passed.closing.rating == "again" and [r.rating for r in store.reviews()] == [int(Rating.Again)]
    assert session.summary().correct == 0


def test_giving_up_a_code_question_after_a_failed_check_is_a_lapse(store, bank, clock, all_kinds):
    session = make_session(store, bank, clock, "sk-code", exercise_dir=all_kinds)
    session.start_next()
    session.prepare_code().path.write_text("def forward(x):\n    return x\n")
    assert session.submit("check").event == "code-failed"
    gave_up = session.submit("skip")
    assert gave_up.question_over and gave_up.closing.rating == "again"


def test_code_questions_without_the_exercises_module_are_skipped(store, bank, clock, monkeypatch, tmp_path):
    from quizprep.study import exercises_bridge as bridge

    def missing(*args, **kwargs):
        raise ImportError("No module named 'quizprep.exercises.runner'")

    monkeypatch.setattr(bridge, "prepare_exercise", missing)
    session = make_session(store, bank, clock, "sk-code", exercise_dir=tmp_path)
    session.start_next()
    step = session.prepare_code()
    assert step.event == "unavailable" and step.question_over and "quizprep.exercises" in step.message


def test_quit_stops_the_session_and_keeps_what_was_answered(store, bank, clock):
    session = make_session(store, bank, clock, "sk-numeric", "sk-choice")
    session.start_next()
    session.submit("5")
    session.start_next()
    assert session.submit("quit").event == "quit"
    assert session.start_next() is None
    summary = session.summary()
    assert summary.quit_early and len(summary.answered) == 1
    with ProgressStore(store.path) as reopened:
        assert reopened.attempt_count() == 1


def test_a_checker_crash_is_an_invalid_answer_not_a_crash(store, bank, clock):
    def broken(instance, text, lang):
        raise RuntimeError("boom")

    session = make_session(store, bank, clock, "sk-numeric", checker=broken)
    session.start_next()
    step = session.submit("5")
    assert step.event == "invalid" and "boom" in step.verdict.feedback


def test_mock_session_ends_when_time_is_up(store, bank, clock):
    session = make_session(store, bank, clock, "sk-numeric", "sk-choice", mode="mock", minutes=2)
    session.start_next()
    assert session.remaining() == timedelta(minutes=2)
    session.submit("5")
    assert store.attempts()[0].via == "mock"
    assert session.start_next().question.id == "sk-choice"
    clock.advance(minutes=3)
    late = session.submit("1")  # typed after 0:00: shown, not graded
    assert late.event == "time-up" and late.question_over and late.closing.hidden == "time-up"
    assert late.closing.explain and late.closing.rating is None
    assert session.start_next() is None
    summary = session.summary()
    assert summary.time_up and [r.outcome for r in summary.results] == ["correct", "time-up"]
    assert store.attempt_count() == 1



def test_code_question_with_the_real_exercises_module(store, bank, clock, tmp_path):
    """Through quizprep.exercises itself: the real template fails its checks, the reference solution passes."""
    import shutil
    from importlib.util import find_spec

    import pytest

    if find_spec("quizprep.exercises.runner") is None:
        pytest.skip("quizprep.exercises.runner is not installed")
    import quizprep.exercises

    session = make_session(store, bank, clock, "sk-code", exercise_dir=tmp_path)
    session.start_next()
    ready = session.prepare_code()
    assert ready.event == "code-ready" and ready.path.parent == tmp_path / "relu"
    ready.path.write_text(ready.path.read_text() + "\n# started\n")  # the template, touched, still failing
    failed = session.check_code()
    assert failed.event == "code-failed" and failed.message
    solution = Path(quizprep.exercises.__file__).parent / "solutions" / "relu.py"
    shutil.copyfile(solution, ready.path)
    passed = session.check_code()
    assert passed.event == "code-passed", passed.message


def test_a_code_file_deleted_during_the_quiz_is_a_failed_check_in_plain_words(tmp_path):
    from quizprep.study.exercises_bridge import check_exercise

    outcome = check_exercise("relu", tmp_path / "relu.py")
    assert not outcome.passed
    assert outcome.details.startswith(f"{tmp_path / 'relu.py'}: no such file")  # no exception class name
