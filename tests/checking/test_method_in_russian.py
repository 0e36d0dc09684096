"""How a verdict was reached ('proved', 'checked at N points') reads in the user's language."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from quizprep.checking.messages import method_text
from quizprep.cli import app

runner = CliRunner()


@pytest.mark.parametrize(("method", "russian"), [
    ("proved", "доказано"),
    ("checked at 20 points", "проверено в 20 точках"),
    ("checked to 60 digits", "проверено с точностью до 60 знаков"),
    ("checked with 3 random matrices (N=5, D=3)", "проверено на 3 случайных матрицах (N=5, D=3)"),
    ("each step checked at 20 points", "проверено в 20 точках (каждый шаг)"),
])
def test_every_method_has_a_russian_reading(method: str, russian: str) -> None:
    assert method_text(method, "ru") == russian
    assert method_text(method, "en") == method


def test_answer_in_russian_says_proved_in_russian() -> None:
    result = runner.invoke(app, ["answer", "sigmoid-derivative", "σ(x)(1-σ(x))", "--lang", "ru"])
    assert result.exit_code == 0, result.output
    assert "(доказано)" in result.output and "proved" not in result.output


def test_derive_in_russian_has_no_english_words_and_one_step_reads_well() -> None:
    result = runner.invoke(app, ["derive", "diff(-f*x, x)", "-f", "--lang", "ru"])
    assert result.exit_code == 0, result.output
    assert "доказано" in result.output and "proved" not in result.output
    assert "Шаг верен." in result.output
    english = runner.invoke(app, ["derive", "diff(-f*x, x)", "-f"])
    assert "The step holds." in english.output and "step(s)" not in english.output
