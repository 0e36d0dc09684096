"""The study loop with a fake clock: ratings from the whole attempt, in-session relearning, bury, suspend,
undo (also across sessions), key points, selection of new questions, a mock interview that fills its time."""

from __future__ import annotations

import dataclasses
import itertools
import random
from datetime import timedelta

from fsrs import Rating

from quizprep.bank.model import Text
from quizprep.study.card_state import all_flags, unsuspend
from quizprep.study.planner import PlannedQuestion, code_allowed, mix_new, plan_review
from quizprep.study.session import Session, parse_ticks, rating_for_ticks


def make_session(store, bank, clock, *ids, **kwargs) -> Session:
    items = [PlannedQuestion(bank.get(i), "new") for i in ids]
    return Session(store, items, clock=clock, **kwargs)


def plan_ids(store, bank, clock, count=10, new=10) -> list[str]:
    plan = plan_review(list(bank), store.cards(), clock.now(), count, new, random.Random(1), flags=all_flags(store))
    return [item.question.id for item in plan.items]


# -- 1. ratings from the whole attempt ----------------------------------------------------------------------

def test_a_hint_before_a_right_answer_is_hard_and_not_right_first_time(store, bank, clock):
    session = make_session(store, bank, clock, "sk-numeric")
    session.start_next()
    session.submit("hint")
    assert session.submit("5").closing.rating == "hard"
    assert session.summary().correct == 0 and len(session.summary().answered) == 1


def test_invalid_input_is_no_attempt_and_right_first_time_is_exact(store, bank, clock):
    session = make_session(store, bank, clock, "sk-choice")
    session.start_next()
    assert session.submit("x").event == "invalid"
    assert store.attempt_count() == 0
    step = session.submit("2")
    assert step.closing.rating == "easy"  # the frozen clock: right and quick
    assert session.summary().correct == 1 and [a.status for a in store.attempts()] == ["correct"]


def test_a_code_question_that_passes_at_the_first_check_is_right_first_time(store, bank, clock, all_kinds):
    session = make_session(store, bank, clock, "sk-code", exercise_dir=all_kinds)
    session.start_next()
    ready = session.prepare_code()
    ready.path.write_text("import numpy as np\ndef forward(x):\n    return np.maximum(x, 0)\n")
    passed = session.check_code()
    assert passed.event == "code-passed" and passed.closing.rating == "easy"
    attempt = store.attempts()[0]
    assert (attempt.status, attempt.via) == ("correct", "check")
    assert session.summary().correct == 1


def test_a_failed_check_then_a_pass_is_again_like_the_issue_dropout_story(store, bank, clock, all_kinds):
    session = make_session(store, bank, clock, "sk-code", exercise_dir=all_kinds)
    session.start_next()
    ready = session.prepare_code()
    clock.advance(seconds=60)
    ready.path.write_text("def forward(x):\n    return x\n")  # p as the keep probability, in the story
    assert session.check_code().event == "code-failed"
    clock.advance(seconds=60)
    ready.path.write_text("def forward(x):\n    return x.nosuch\n")  # then an AttributeError
    assert session.check_code().event == "code-failed"
    ready.path.write_text("import numpy as np\ndef forward(x):\n    return np.maximum(x, 0)\n")
    clock.advance(seconds=30)
    passed = session.check_code()
    assert passed.closing.rating == "again" and passed.closing.due == clock.now() - timedelta(seconds=90) + \
        timedelta(minutes=1)
    assert [a.status for a in store.attempts()] == ["wrong", "wrong", "correct"]
    assert "np.maximum" in store.db.execute("SELECT answer FROM attempts ORDER BY id DESC").fetchone()[0]
    assert [r.rating for r in store.reviews()] == [int(Rating.Again)]
    assert session.summary().correct == 0


def test_checking_the_untouched_template_is_no_attempt(store, bank, clock, all_kinds):
    session = make_session(store, bank, clock, "sk-code", exercise_dir=all_kinds)
    session.start_next()
    ready = session.prepare_code()
    step = session.check_code()
    assert step.event == "invalid" and "template" in step.message
    assert store.attempt_count() == 0
    ready.path.write_text("import numpy as np\ndef forward(x):\n    return np.maximum(x, 0)\n")
    assert session.check_code().closing.rating == "easy"


def test_a_self_graded_answer_after_a_hint_is_at_most_hard(store, bank, clock):
    question = dataclasses.replace(bank.get("sk-self"), hints=(Text("Think of the gradient.", "О градиенте."),))
    session = Session(store, [PlannedQuestion(question, "new")], clock=clock)
    session.start_next()
    session.submit("hint")
    session.submit("")
    assert session.submit("4").closing.rating == "hard"


# -- key points of an open question ----------------------------------------------------------------------------

def with_key_points(bank):
    points = tuple(Text(f"point {n}", f"пункт {n}") for n in range(1, 5))
    return dataclasses.replace(bank.get("sk-self"), key_points=points)


def test_ticking_key_points_rates_the_open_question(store, bank, clock):
    question = with_key_points(bank)
    ratings = []
    for typed in ("all", "1 3", "1,3,4", "4", "none"):
        session = Session(store, [PlannedQuestion(question, "new")], clock=clock)
        session.start_next()
        shown = session.submit("")
        assert shown.event == "model-answer" and shown.key_points == ("point 1", "point 2", "point 3", "point 4")
        assert session.submit("7").event == "invalid"  # not a point: retype
        ratings.append(session.submit(typed).closing.rating)
        clock.advance(days=30)
    assert ratings == ["good", "hard", "hard", "again", "again"]


def test_key_points_in_russian(store, bank, clock):
    session = Session(store, [PlannedQuestion(with_key_points(bank), "new")], clock=clock, lang="ru")
    session.start_next()
    assert session.submit("ответ").key_points[0] == "пункт 1"
    assert session.submit("все").closing.rating == "good"


def test_russian_self_ratings():
    from quizprep.study.scheduler import parse_rating

    assert [parse_rating(w) for w in ("снова", "трудно", "хорошо", "легко")] == list(Rating)


def test_parse_ticks_and_rating_bands():
    assert parse_ticks("1 3", 4) == {1, 3} and parse_ticks("всё", 3) == {1, 2, 3} and parse_ticks("нет", 3) == set()
    assert parse_ticks("0 1", 3) is None and parse_ticks("a", 3) is None and parse_ticks("", 3) is None
    assert [rating_for_ticks(n, 5) for n in range(6)] == [1, 1, 1, 2, 2, 3]


# -- 2. in-session relearning ----------------------------------------------------------------------------------

def test_a_missed_card_comes_back_between_other_cards_after_its_step(store, bank, clock):
    session = make_session(store, bank, clock, "sk-numeric", "sk-choice")
    session.start_next()
    assert session.submit("2").verdict.status == "wrong"
    assert session.submit("5").closing.again_in_session
    second = session.start_next()
    assert second.question.id == "sk-choice" and second.total == 3  # the missed one waits for its step
    session.submit("2")
    clock.advance(seconds=70)
    again = session.start_next()
    assert again.question.id == "sk-numeric" and again.reason == "learning" and again.position == 3
    clock.advance(seconds=10)
    assert session.submit("5").closing.rating == "easy"
    assert session.start_next() is None  # graduated: nothing learning is left
    summary = session.summary()
    assert summary.relearned == 1 and len(summary.answered) == 2 and summary.correct == 1
    assert store.card("sk-numeric").due >= clock.now() + timedelta(hours=23)


def test_with_nothing_else_left_a_learning_card_is_served_early_until_it_graduates(store, bank, clock):
    session = make_session(store, bank, clock, "sk-numeric")
    session.start_next()
    session.submit("answer")  # revealed: Again, 1 min step
    served = 1
    while session.start_next() is not None:
        served += 1
        clock.advance(seconds=100)  # slower than quick: Good, through the 10 min step
        assert session.submit("5").verdict.correct
    assert served == 3 and store.card("sk-numeric").due >= clock.now() + timedelta(hours=23)


def test_a_learning_card_left_at_quit_is_due_next_session(store, bank, clock):
    session = make_session(store, bank, clock, "sk-numeric", "sk-choice")
    session.start_next()
    session.submit("answer")
    session.start_next()
    session.submit("quit")
    assert plan_ids(store, bank, clock, new=0) == []
    clock.advance(minutes=2)
    assert plan_ids(store, bank, clock, new=0) == ["sk-numeric"]


def test_a_mock_interview_does_not_relearn(store, bank, clock):
    session = make_session(store, bank, clock, "sk-numeric", mode="mock", minutes=10)
    session.start_next()
    session.submit("answer")
    assert not session.learning_left()


# -- bury, suspend, undo -------------------------------------------------------------------------------------

def test_bury_hides_a_question_until_tomorrow(store, bank, clock):
    session = make_session(store, bank, clock, "sk-numeric", "sk-choice")
    session.start_next()
    buried = session.submit("bury")
    assert buried.event == "buried" and buried.question_over and buried.closing.hidden == "buried"
    assert store.attempt_count() == 0 and store.card("sk-numeric") is None
    assert session.start_next().question.id == "sk-choice"
    assert "sk-numeric" not in plan_ids(store, bank, clock)
    clock.advance(hours=14)  # 23:00 the same day
    assert "sk-numeric" not in plan_ids(store, bank, clock)
    clock.advance(hours=2)  # tomorrow
    assert "sk-numeric" in plan_ids(store, bank, clock)


def test_bury_in_russian_also_drops_a_card_that_was_relearning(store, bank, clock):
    session = make_session(store, bank, clock, "sk-numeric", "sk-choice", lang="ru")
    session.start_next()
    session.submit("2")
    assert session.submit("отложить").event == "buried"
    assert session.start_next().question.id == "sk-choice"
    session.submit("2")
    assert session.start_next() is None  # the buried card does not come back for relearning


def test_suspend_hides_a_question_until_unsuspended(store, bank, clock):
    session = make_session(store, bank, clock, "sk-choice")
    session.start_next()
    assert session.submit("приостановить").event == "suspended"
    clock.advance(days=400)
    assert "sk-choice" not in plan_ids(store, bank, clock)
    assert unsuspend(store, "sk-choice") and not unsuspend(store, "sk-choice")
    assert "sk-choice" in plan_ids(store, bank, clock)


def test_undo_takes_back_the_last_rating_and_asks_again(store, bank, clock):
    session = make_session(store, bank, clock, "sk-numeric", "sk-choice")
    session.start_next()
    session.submit("answer")  # a lapse
    assert store.card("sk-numeric") is not None and store.attempt_count() == 1
    session.start_next()
    undone = session.submit("undo")
    assert undone.event == "undone" and undone.question_over and "again" in undone.message
    assert store.card("sk-numeric") is None and store.attempt_count() == 0 and store.reviews() == []
    back = session.start_next()
    assert back.question.id == "sk-numeric" and back.reason == "new"
    assert session.submit("5").closing.rating == "easy"
    assert session.start_next().question.id == "sk-choice"  # the question that was on screen comes next
    assert session.submit("отменить").event == "undone"  # Russian: takes back the numeric answer again
    assert session.start_next().question.id == "sk-numeric"
    assert session.submit("undo").event == "ignored"  # nothing left to take back


def test_undo_restores_the_schedule_across_sessions(store, bank, clock):
    first = make_session(store, bank, clock, "sk-choice")
    first.start_next()
    first.submit("2")
    before = store.card("sk-choice")
    clock.set(before.due + timedelta(hours=1))
    assert plan_ids(store, bank, clock, new=0) == ["sk-choice"]
    second = Session(store, [PlannedQuestion(bank.get("sk-choice"), "due")], clock=clock)
    second.start_next()
    second.submit("1")  # a lapse...
    assert store.card("sk-choice").due < before.due + timedelta(hours=2)
    assert second.submit("undo").event == "undone"  # ...taken back
    assert store.card("sk-choice") == before and len(store.reviews()) == 1
    assert plan_ids(store, bank, clock, new=0) == ["sk-choice"]  # still due, as before the lapse


# -- 3. selection -----------------------------------------------------------------------------------------------

def test_a_skipped_question_goes_behind_the_others_and_is_not_first_next_session(store, bank, clock):
    first_id = plan_ids(store, bank, clock)[0]
    session = Session(store, [PlannedQuestion(bank.get(i), "new") for i in plan_ids(store, bank, clock, 3, 3)],
                      clock=clock)
    assert session.start_next().question.id == first_id
    assert session.submit("пропустить").event == "skipped"
    order = []
    while (current := session.start_next()) is not None:
        order.append(current.question.id)
        session.submit("quit" if current.question.id == first_id else "skip")
    assert order[-1] == first_id and len(order) == 3  # served once more, after the others
    assert plan_ids(store, bank, clock)[0] != first_id


def test_answering_a_skipped_question_forgets_the_skip(store, bank, clock):
    session = make_session(store, bank, clock, "sk-choice")
    session.start_next()
    session.submit("skip")
    assert all_flags(store)["sk-choice"].skipped_at == clock.now()
    assert session.start_next().question.id == "sk-choice"  # behind the others: here there are none
    session.submit("2")
    assert all_flags(store)["sk-choice"].skipped_at is None


def test_new_questions_interleave_kinds_and_topics_with_few_code_exercises(bank):
    kit = list(bank)
    clones = [dataclasses.replace(q, id=f"{q.id}-{n}", topic=f"t{n}") for n in range(4) for q in kit
              if q.kind in ("code", "choice")]
    picked = mix_new(clones, 10)
    kinds = [q.kind for q in picked]
    assert kinds == ["choice", "code", "choice", "choice", "choice", "code"]  # no third code before position 11
    topics = [q.topic for q in picked]
    assert all(a != b for a, b in itertools.pairwise(topics))
    only_code = [q for q in clones if q.kind == "code"]
    assert len(mix_new(only_code, 10, code_only=True)) == 4


def test_code_allowance_is_one_per_five():
    assert [code_allowed(position, 1) for position in range(1, 11)] == [False] * 5 + [True] * 5
    assert code_allowed(1, 0) and not code_allowed(10, 2)


def test_the_first_new_questions_mix_kinds(bank, store, clock):
    ids = plan_ids(store, bank, clock, 6, 6)
    kinds = [bank.get(i).kind for i in ids]
    assert all(a != b for a, b in itertools.pairwise(kinds))
    assert kinds.count("code") == 1


# -- 4. a mock interview that fills its time --------------------------------------------------------------------

def test_a_mock_interview_goes_round_until_the_time_is_up(store, bank, clock):
    session = make_session(store, bank, clock, "sk-numeric", "sk-choice", mode="mock", minutes=5)
    served = []
    while (current := session.start_next()) is not None:
        served.append(current.question.id)
        assert current.total is None
        clock.advance(seconds=45)
        session.submit("5" if current.question.id == "sk-numeric" else "2")
    assert len(served) == 7 and served[:4] == ["sk-numeric", "sk-choice"] * 2
    assert session.summary().time_up and not session.summary().quit_early
