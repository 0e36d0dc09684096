"""The shape of the bank that issue 12 asks for: size, open questions, little trivia, every theme covered.
"""

from __future__ import annotations

from collections import defaultdict

from quizprep.bank.loader import load_bank

QUESTIONS = list(load_bank(include_env=False))
THEMES = ("debugging-training", "learning-rate-practice", "optimizer-choice", "normalization-choice",
          "gradient-flow", "loss-design", "training-practice")
TRIVIA = ("typo-hunt", "arithmetic")


def is_open(question) -> bool:
    """An open question: self-graded, with a rubric of key points."""
    return question.kind == "self-graded" and bool(question.key_points)


def trivia(questions) -> list:
    return [q for q in questions if set(q.tags) & set(TRIVIA)]


def test_at_least_320_questions() -> None:
    assert len(QUESTIONS) >= 320


def test_open_questions_are_at_least_15_percent() -> None:
    assert sum(map(is_open, QUESTIONS)) >= 0.15 * len(QUESTIONS)


def test_trivia_is_at_most_8_percent() -> None:
    assert len(trivia(QUESTIONS)) <= 0.08 * len(QUESTIONS)


def test_each_theme_has_two_questions_of_two_kinds() -> None:
    kinds: dict[str, list[str]] = defaultdict(list)
    for question in QUESTIONS:
        for tag in question.tags:
            kinds[tag].append(question.kind)
    thin = {theme: kinds[theme] for theme in THEMES if len(kinds[theme]) < 2 or len(set(kinds[theme])) < 2}
    assert not thin, f"themes with fewer than 2 questions or a single kind: {thin}"


def test_trivia_stays_under_the_cap_of_a_320_question_bank() -> None:
    """8% of 320 is 25.6: at most 25 typo hunts and arithmetic drills, whatever the others add."""
    assert len(trivia(QUESTIONS)) <= 25


def test_helpers_count_what_they_say() -> None:
    from dataclasses import replace

    sample = next(q for q in QUESTIONS if q.kind == "choice")
    assert trivia([replace(sample, tags=("arithmetic",)), replace(sample, tags=("gradient-flow",))]) == [
        replace(sample, tags=("arithmetic",))]
    graded = next(q for q in QUESTIONS if q.kind == "self-graded")
    assert is_open(replace(graded, key_points=graded.key_points or (graded.title,) * 3))
    assert not is_open(replace(graded, key_points=())) and not is_open(sample)
