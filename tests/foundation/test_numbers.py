"""Numeric answers: parsing without eval, tolerances, and which feedback a miss gets."""

from __future__ import annotations

import pytest

from quizprep.bank.instance import instantiate
from quizprep.bank.loader import load_bank
from quizprep.bank.model import Tolerance
from quizprep.checking.numbers import (
    NumberFormatError,
    check_numeric,
    format_vector,
    parse_numbers,
    significant_digits_needed,
)


@pytest.mark.parametrize(
    ("text", "values"),
    [("0.5", [0.5]), ("1/4", [0.25]), ("−2e-3", [-0.002]), ("[1, 2,3]", [1.0, 2.0, 3.0]), ("(0.1 0.9)", [0.1, 0.9])],
)
def test_parse_numbers(text, values):
    assert parse_numbers(text) == pytest.approx(values)


@pytest.mark.parametrize("text", ["", "abc", "1/0", "__import__('os')", "1e999", "2**10", "9" * 3000])
def test_parse_numbers_rejects_with_a_message(text):
    with pytest.raises(NumberFormatError):
        parse_numbers(text)


def test_negative_zero_is_shown_as_zero():
    assert format_vector([-0.0, 1.5]) == "[0, 1.5]"


def test_digits_needed_follow_the_tolerance():
    assert significant_digits_needed(Tolerance(rel=1e-3)) == 4
    assert significant_digits_needed(Tolerance(rel=1e-4)) == 5


def test_authored_mistakes_apply_to_the_notes_numbers_only():
    question = load_bank().get("comp-graph-de-db")
    default = check_numeric(instantiate(question), "2")
    assert "only the path through c" in default.feedback
    drawn = instantiate(question, seed=7)
    assert drawn.answer != 2
    verdict = check_numeric(drawn, "2")
    assert verdict.status == "wrong"
    assert "path through c" not in verdict.feedback
