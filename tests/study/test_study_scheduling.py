"""Spaced repetition with a fake clock: ratings, due times, due-first planning, the daily new limit."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from fsrs import Rating

from quizprep.study.clock import FakeClock, start_of_day
from quizprep.study.planner import PlanError, plan_mock, plan_review, select_questions
from quizprep.study.scheduler import StudyScheduler, parse_rating, rating_for
from quizprep.study.session import Session


@pytest.mark.parametrize(("outcome", "kind", "hints", "seconds", "rating"), [
    ("wrong", "numeric", 0, 5, Rating.Again),
    ("revealed", "choice", 0, 5, Rating.Again),
    ("correct", "numeric", 1, 5, Rating.Hard),
    ("correct", "numeric", 0, 500, Rating.Hard),
    ("correct", "numeric", 0, 10, Rating.Easy),
    ("correct", "numeric", 0, 60, Rating.Good),
    ("correct", "derivation", 0, 60, Rating.Easy),  # a derivation is allowed more time
    ("correct", "choice", 0, 30, Rating.Good),
])
def test_rating_from_outcome_hints_and_time(outcome, kind, hints, seconds, rating):
    assert rating_for(outcome, kind, hints, seconds) == rating


def test_parse_rating():
    assert [parse_rating(t) for t in ("1", "again", "H", " good ", "4", "5", "")] == [
        Rating.Again, Rating.Again, Rating.Hard, Rating.Good, Rating.Easy, None, None]


def answer(store, bank, clock, question_id: str, text: str, seconds: float = 30) -> None:
    plan = plan_review([bank.get(question_id)], store.cards(), clock.now(), 1, 1)
    session = Session(store, plan.items, StudyScheduler(fuzz=False), clock)
    session.start_next()
    clock.advance(seconds=seconds)
    session.submit(text)
    clock.advance(seconds=1)


def test_a_card_comes_due_on_its_fsrs_schedule(store, bank, clock):
    answer(store, bank, clock, "sk-numeric", "5")  # Good: learning step of 10 minutes
    card = store.card("sk-numeric")
    assert card.due - card.last_reviewed_at == timedelta(minutes=10)
    questions = list(bank)
    plan = plan_review(questions, store.cards(), clock.now(), 10, new_limit=0)
    assert plan.items == () and plan.next_due == card.due
    clock.set(card.due)
    plan = plan_review(questions, store.cards(), clock.now(), 10, new_limit=0)
    assert [(p.question.id, p.reason) for p in plan.items] == [("sk-numeric", "due")]
    answer(store, bank, clock, "sk-numeric", "5")  # Good again: graduates to days
    card = store.card("sk-numeric")
    assert card.due - card.last_reviewed_at >= timedelta(days=1)
    clock.advance(hours=12)
    assert plan_review(questions, store.cards(), clock.now(), 10, 0).items == ()


def test_a_lapse_brings_the_card_back_within_minutes(store, bank, clock):
    answer(store, bank, clock, "sk-choice", "1")
    card = store.card("sk-choice")
    assert card.due - card.last_reviewed_at == timedelta(minutes=1)
    assert store.reviews()[0].rating == int(Rating.Again)


def test_due_cards_come_first_most_overdue_first_then_new_up_to_the_limit(store, bank, clock):
    answer(store, bank, clock, "sk-choice", "2")
    answer(store, bank, clock, "sk-numeric", "5")
    clock.advance(days=1)
    questions = [bank.get(i) for i in ("sk-numeric", "sk-choice", "sk-self", "sk-code")]
    plan = plan_review(questions, store.cards(), clock.now(), count=3, new_limit=5)
    assert [(p.question.id, p.reason) for p in plan.items] == [
        ("sk-choice", "due"), ("sk-numeric", "due"), ("sk-self", "new")]
    assert plan.due_total == 2
    plan = plan_review(questions, store.cards(), clock.now(), count=10, new_limit=1)
    assert [p.reason for p in plan.items] == ["due", "due", "new"]


def test_new_questions_introduced_today_count_against_the_daily_limit(store, bank, clock):
    answer(store, bank, clock, "sk-choice", "2")
    today = start_of_day(clock.now(), clock.local_zone)
    assert store.cards_introduced_since(today) == 1
    clock.advance(days=1)
    assert store.cards_introduced_since(start_of_day(clock.now(), clock.local_zone)) == 0


def test_a_due_parameterized_question_gets_fresh_numbers():
    from quizprep.bank.loader import load_bank

    shipped = load_bank(include_env=False)
    question = next(q for q in shipped if q.is_parameterized)
    clock = FakeClock()
    from quizprep.study.store import CardRow

    row = CardRow(question.id, question.topic, "{}", clock.now() - timedelta(hours=1), clock.now(), clock.now())
    plan = plan_review([question], {question.id: row}, clock.now(), 1, 0, random.Random(3))
    assert plan.items[0].seed is not None
    plan = plan_review([question], {}, clock.now(), 1, 1, random.Random(3))
    assert plan.items[0].seed is None  # a new question shows the notes' own numbers


def test_select_questions_filters_and_names_what_it_left_out(bank):
    chosen, left_out = select_questions(bank, ["study-kit"], None, {"code": "code needs exercises"})
    assert "sk-code" not in [q.id for q in chosen] and left_out == {"code needs exercises": 1}
    chosen, _ = select_questions(bank, (), "choice")
    assert [q.id for q in chosen] == ["sk-choice"]
    with pytest.raises(PlanError, match="unknown topic 'nope'"):
        select_questions(bank, ["nope"])
    with pytest.raises(PlanError, match="unknown kind"):
        select_questions(bank, (), "essay")


def test_mock_plan_is_a_rotation_of_theory_derivation_and_code(bank):
    plan = plan_mock(list(bank), {}, minutes=25, rng=random.Random(1))
    parts = {"choice": "theory", "numeric": "theory", "self-graded": "theory", "symbolic": "derivation",
             "derivation": "derivation", "code": "code"}
    order = [parts[p.question.kind] for p in plan.items]
    assert order[:3] == ["theory", "derivation", "code"] and len(plan.items) == len(bank)
    assert all(p.reason == "mock" for p in plan.items)
