"""The shipped bank as a whole: size, coverage, both languages, checked kinds, generators, validation."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quizprep.bank.instance import instantiate
from quizprep.bank.loader import load_bank
from quizprep.cli import app

BANK = load_bank(include_env=False)
QUESTIONS = list(BANK)
PARAMETERIZED = [q for q in QUESTIONS if q.kind == "numeric" and q.is_parameterized]
CYRILLIC = re.compile("[а-яА-ЯёЁ]")
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


def test_bank_size_and_topics() -> None:
    assert len(QUESTIONS) >= 120
    assert len(BANK.topics()) >= 12


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_russian_text_is_its_own(question) -> None:
    for field in ("title", "prompt", "explanation"):
        text = getattr(question, field)
        assert CYRILLIC.search(text.ru), f"{question.id}.{field}.ru has no Russian text"
    for field in ("prompt", "explanation"):
        text = getattr(question, field)
        assert text.ru != text.en, f"{question.id}.{field}: the Russian text repeats the English"


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_every_question_has_a_hint(question) -> None:
    assert question.hints, f"{question.id} has no hint"


def test_self_graded_at_most_a_quarter() -> None:
    self_graded = sum(q.kind == "self-graded" for q in QUESTIONS)
    assert self_graded <= 0.25 * len(QUESTIONS)


def test_each_topic_has_several_kinds() -> None:
    kinds: dict[str, set[str]] = defaultdict(set)
    for question in QUESTIONS:
        kinds[question.topic].add(question.kind)
    # exercises-13: a topic of coding exercises only (code-beyond.toml) is studied by writing code; the questions
    # about the same matter live in their own topics
    single = {topic: k for topic, k in kinds.items() if len(k) < 2 and k != {"code"}}
    assert not single, f"topics with a single kind of question: {single}"


@pytest.mark.parametrize("question", PARAMETERIZED, ids=lambda q: q.id)
def test_generator_keeps_the_notes_numbers_and_draws_new_ones(question) -> None:
    default = instantiate(question)
    assert default.params == question.params, "the default instance must use the notes' own numbers"
    others = [instantiate(question, seed) for seed in range(1, 6)]
    assert any(other.params != question.params for other in others), "no seed draws new numbers"
    assert any(other.answer != default.answer for other in others), "no seed changes the answer"


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_placeholders_are_filled(question) -> None:
    instance = instantiate(question)
    for lang in ("en", "ru"):
        for text in (instance.prompt(lang), instance.explanation(lang)):
            assert not PLACEHOLDER.findall(text), f"{question.id}: unfilled placeholder in {text!r}"


def test_generator_names_are_unique() -> None:
    """The registry is a dict: a second module registering the same name would silently replace the first."""
    import quizprep.bank.generators as package

    names: Counter[str] = Counter()
    for module in Path(package.__file__).parent.glob("*.py"):
        names.update(re.findall(r'@generator\(\s*"([^"]+)"', module.read_text(encoding="utf-8")))
    assert not [name for name, count in names.items() if count > 1]


def test_validate_command_passes() -> None:
    result = CliRunner().invoke(app, ["validate"])
    assert result.exit_code == 0, result.output
