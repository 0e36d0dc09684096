"""Stats at a given moment: per-topic seen/total, accuracy, recall, due, the streak, the daily history."""

from __future__ import annotations

from datetime import date, timedelta

from quizprep.study.planner import plan_review
from quizprep.study.scheduler import StudyScheduler
from quizprep.study.session import Session
from quizprep.study.stats import compute_stats, study_streak


def study(store, bank, clock, answers: dict[str, str]) -> None:
    plan = plan_review([bank.get(i) for i in answers], store.cards(), clock.now(), 10, 10)
    # Each question once: no learning card served early (a wrong answer would come back for ever here).
    session = Session(store, plan.items, StudyScheduler(fuzz=False), clock, learn_ahead=timedelta(0))
    while (current := session.start_next()) is not None:
        clock.advance(seconds=30)
        text = answers[current.question.id]
        step = session.submit(text)
        if current.question.kind == "self-graded":
            session.submit(text)
        if not step.question_over and step.event != "model-answer":
            session.submit("skip")


def test_stats_per_topic_and_totals(store, bank, clock):
    study(store, bank, clock, {"sk-numeric": "5", "sk-choice": "1", "sk-self": "good"})
    report = compute_stats(store, list(bank), clock.now(), clock.local_zone)
    (kit,) = report.topics
    assert (kit.topic, kit.total, kit.seen, kit.attempts, kit.correct, kit.wrong) == ("study-kit", 6, 3, 3, 2, 1)
    assert abs(kit.accuracy - 2 / 3) < 1e-9
    assert 0.9 < kit.retrievability <= 1.0  # just reviewed
    assert kit.due == 0 and report.next_due is not None
    assert report.streak_days == 1 and report.studied_today
    assert report.days[-1].day == clock.now().date() and report.days[-1].reviews == 3
    assert len(report.days) == 30
    clock.advance(days=40)
    later = compute_stats(store, list(bank), clock.now(), clock.local_zone)
    assert later.topics[0].due == 3 and later.topics[0].retrievability < kit.retrievability
    assert later.streak_days == 0 and later.days[-1].reviews == 0


def test_json_keeps_attempts_and_adds_the_rest(store, bank, clock):
    study(store, bank, clock, {"sk-numeric": "5"})
    data = compute_stats(store, list(bank), clock.now(), clock.local_zone).to_dict()
    assert data["attempts"] == 1
    topic = data["topics"]["study-kit"]
    expected = {"attempts", "correct", "wrong", "invalid", "seen", "total", "accuracy", "retrievability", "due"}
    assert expected <= set(topic)
    assert {"totals", "streak_days", "due_now", "next_due", "days"} <= set(data)


def test_streak_counts_back_from_today_or_yesterday():
    today = date(2025, 1, 10)
    days = [today - timedelta(days=n) for n in (0, 1, 2, 4)]
    assert study_streak(days, today) == (3, True)
    assert study_streak(days[1:], today) == (2, False)  # not studied yet today: the streak still stands
    assert study_streak(days[2:], today) == (0, False)
    assert study_streak([], today) == (0, False)


def test_when_a_card_comes_back_names_the_year_only_when_it_is_another_one():
    import re
    from datetime import UTC, datetime

    from quizprep.ui.quiz_view import format_when

    now = datetime(2025, 6, 15, 12, tzinfo=UTC)  # mid-month: the local date is in June in every time zone
    assert re.fullmatch(r"in 5 days \(\w{3} \d\d Jun\)", format_when(datetime(2025, 6, 20, 12, tzinfo=UTC), now))
    assert re.fullmatch(r"in 370 days \(\w{3} \d\d Jun 2026\)",
                        format_when(datetime(2026, 6, 20, 12, tzinfo=UTC), now))
    assert re.fullmatch(r"через 5 дн\. \(\d\d\.06\)", format_when(datetime(2025, 6, 20, 12, tzinfo=UTC), now, "ru"))
    assert re.fullmatch(r"через 370 дн\. \(\d\d\.06\.2026\)",
                        format_when(datetime(2026, 6, 20, 12, tzinfo=UTC), now, "ru"))
    assert format_when(datetime(2025, 6, 15, 12, 10, tzinfo=UTC), now, "ru") == "через 10 мин"
