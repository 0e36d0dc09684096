"""Terminals from 40 columns: list, stats and question panels never split a word or cut a topic name."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, date, datetime
from io import StringIO

import pytest
from rich.cells import cell_len
from rich.console import Console

from quizprep.bank.instance import instantiate
from quizprep.bank.loader import load_bank
from quizprep.study.stats import DayStats, StatsReport, TopicStats
from quizprep.ui.question_view import render_question
from quizprep.ui.stats_view import render_stats
from quizprep.ui.tables import question_table

WIDTHS = (40, 50, 60, 100)
BOX = re.compile(r"[│┃┏┓┗┛┡┩┣┫━─═╭╮╰╯├┤┼┬┴╇╈┳┻└┘┌┐]")


def render(renderable, width: int) -> str:
    console = Console(file=StringIO(), width=width, color_system=None, legacy_windows=False)
    console.print(renderable)
    return console.file.getvalue()


def tokens(output: str) -> Counter[str]:
    return Counter(BOX.sub(" ", output).split())


def assert_words_intact(output: str, texts: list[str], width: int) -> None:
    found = tokens(output)
    for text in texts:
        for word in text.split():
            if cell_len(word) > width:  # a token wider than the terminal (a long code expression) must wrap
                continue
            assert found[word], f"{word!r} is split or cut at {width} columns"
    assert all(cell_len(line) <= width for line in output.splitlines()), f"a line is wider than {width}"


@pytest.mark.parametrize("width", WIDTHS)
def test_list_never_splits_an_id_a_topic_or_a_title_word(width: int):
    questions = list(load_bank())
    output = render(question_table(questions), width)
    texts = [f"{q.id} {q.topic} {q.kind} {q.title.en}" for q in questions]
    assert_words_intact(output, texts, width)
    topics = {q.topic for q in questions}
    # a compact list, not one word per line: mostly two lines per question, a blank line and a header per topic
    assert len(output.splitlines()) <= 2.6 * len(questions) + 2 * len(topics) + 1


@pytest.mark.parametrize("width", WIDTHS)
def test_list_in_russian_too(width: int):
    questions = list(load_bank())[:40]
    assert_words_intact(render(question_table(questions, "ru"), width), [q.title.ru for q in questions], width)


def report(topics: list[str]) -> StatsReport:
    now = datetime(2025, 3, 1, 12, tzinfo=UTC)
    rows = tuple(TopicStats(t, 120, 37, 250, 200, 40, 10, 200 / 240, 0.83, 12) for t in topics)
    totals = TopicStats("all", 120 * len(topics), 37 * len(topics), 0, 0, 0, 0, None, None, 0)
    return StatsReport(250, rows, totals, 3, True, (DayStats(date(2025, 3, 1), 4, 5, 3),), None, now)


SHIPPED_TOPICS = ["activations", "layer-interface", "matrix-backprop", "regularization"]
LONG_TOPICS = ["regularization-and-normalization-tricks", "gradient-flow-in-deep-networks"]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("topics", [SHIPPED_TOPICS, LONG_TOPICS])
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_stats_never_cut_a_topic_name(width: int, topics: list[str], lang: str):
    output = render(render_stats(report(topics), lang), width)
    assert_words_intact(output, [*topics, "37/120", "83%", "12"], width)
    assert "…" not in output


def test_stats_layouts_follow_the_width():
    wide, compact, narrowest = (render(render_stats(report(SHIPPED_TOPICS)), w) for w in (100, 40, 40))
    assert "due now" in wide and "┃" in wide
    assert "┃" not in compact and "due" in compact
    long_at_40 = render(render_stats(report(LONG_TOPICS)), 40)
    assert "seen\u00a037/120 · attempts\u00a0250" in long_at_40  # one block per topic when even the compact table is too wide
    assert narrowest == compact


@pytest.mark.parametrize("width", WIDTHS)
def test_question_panels_keep_title_and_id_whole(width: int):
    for question in load_bank():
        if question.kind == "code":
            continue
        instance = instantiate(question)
        output = render(render_question(instance, "en", with_answer=False), width)
        assert_words_intact(output, [question.id, question.topic, question.title.en, instance.prompt("en")],
                            width)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_mock_rubric_keeps_topics_and_verdicts_whole(width: int, lang: str):
    from quizprep.study.rubric import Rubric, TopicScore
    from quizprep.ui.labels import label
    from quizprep.ui.rubric_view import render_rubric

    topics = ("matrix-backprop", "layer-interface", "regularization")
    rubric = Rubric(tuple(TopicScore(t, 3, 3, 2.5, 1, 250.0, "fair") for t in topics), 0.83, "strong", (), 0, False)
    output = render(render_rubric(rubric, lang), width)
    assert_words_intact(output, [*topics, label(lang, "fair"), "83%"], width)
    assert ("0.1" in output or "4.2" in output) == (width >= 80)  # the time column only when there is room


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_settings_keep_every_word(width: int, lang: str):
    from quizprep.ui.labels import label
    from quizprep.ui.settings_view import render_settings

    values = {"desired-retention": 0.9, "new-per-day": 10, "session-size": 20, "lang": lang}
    output = render(render_settings(values, lang), width)
    assert_words_intact(output, [*values, *(label(lang, f"setting-{key}") for key in values)], width)
