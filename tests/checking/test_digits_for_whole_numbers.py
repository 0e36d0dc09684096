"""How many digits a numeric prompt asks for when the tolerance is absolute only (whole-number answers)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from quizprep.bank.model import Tolerance
from quizprep.checking.numbers import significant_digits_needed
from quizprep.cli import app

runner = CliRunner()


@pytest.mark.parametrize(("tolerance", "answer", "digits"), [
    (Tolerance(rel=0, abs=0.4), 59, 2),                      # a count: all of its digits
    (Tolerance(rel=0, abs=0.1), [6272, 12544, 392], 5),
    (Tolerance(rel=0, abs=0.4999), -0.5, 1),
    (Tolerance(rel=0, abs=0.005), 3.14159, 3),               # rounding to 0.01 errs by at most 0.005
    (Tolerance(rel=1e-3), 0.0367879, 4),                     # relative: as before
])
def test_digits_follow_the_absolute_tolerance_at_the_answers_size(tolerance, answer, digits) -> None:
    assert significant_digits_needed(tolerance, answer) == digits


@pytest.mark.parametrize(("question_id", "english", "russian"), [
    ("random-search-trials-needed", "2 significant digits are enough.", "Достаточно 2 значащих цифр."),
    ("or-neuron-bias", "1 significant digit is enough.", "Достаточно 1 значащей цифры."),
])
def test_whole_number_prompts_do_not_ask_for_15_digits(question_id: str, english: str, russian: str) -> None:
    shown = runner.invoke(app, ["show", question_id])
    assert shown.exit_code == 0 and english in " ".join(shown.output.replace("│", " ").split())
    assert "15 significant" not in shown.output
    shown = runner.invoke(app, ["show", question_id, "--lang", "ru"])
    assert russian in " ".join(shown.output.replace("│", " ").split())


def test_a_wrong_count_is_not_told_to_keep_more_digits() -> None:
    import quizprep

    verdict = quizprep.grade("random-search-trials-needed", "60")
    assert verdict.status == "wrong" and "digits" not in verdict.feedback
    assert verdict.feedback == "Not right: you have 60."
    assert "keep more digits" in quizprep.grade("lr-exp-decay", "0.0367").feedback  # a decimal still is


def test_a_constant_beyond_a_float_is_invalid_not_a_wrong_inf() -> None:
    import quizprep

    verdict = quizprep.grade("lr-exp-decay", "exp(1000)")
    assert verdict.status == "invalid" and "too large to compare" in verdict.feedback and "inf" not in verdict.feedback
    russian = quizprep.grade("softmax-values", "[exp(1000), 0, 0, 1]", lang="ru")
    assert russian.status == "invalid" and russian.feedback.startswith("'exp(1000)' (элемент 1) — слишком большое")
