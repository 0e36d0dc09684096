"""`quizprep derive`: exit codes, the first wrong step, JSON, --file; and derivation questions."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import quizprep
from quizprep.checking.derivation import check_chain, split_steps
from quizprep.cli import app

runner = CliRunner()


def derive(*args: str):
    return runner.invoke(app, ["derive", *args])


def test_a_valid_chain_exits_0() -> None:
    result = derive("diff(x^2*exp(x), x)", "2x*exp(x) + x^2*exp(x)", "x*exp(x)*(x + 2)")
    assert result.exit_code == 0, result.output
    assert "All 2 steps hold" in result.output
    assert "✓" in result.output


def test_a_wrong_step_exits_1_and_is_named_with_a_counterexample() -> None:
    result = derive("--json", "diff(x^2*exp(x), x)", "2x*exp(x) - x^2*exp(x)", "x*exp(x)*(2 - x)")
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    assert report["valid"] is False and report["first_wrong_step"] == 2
    wrong = report["steps"][1]
    assert wrong["status"] == "wrong" and wrong["feedback"].startswith("Step 2 does not follow from step 1")
    assert set(wrong["counterexample"]) == {"x", "yours", "expected"}
    assert report["steps"][2]["status"] == "correct"  # each step is judged against the one before


def test_json_shape_of_a_valid_chain() -> None:
    result = derive("--json", "diff((a+b)*(b+1), b)", "(b+1) + (a+b)", "a + 2b + 1")
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert report["valid"] is True and report["first_wrong_step"] is None
    assert [s["step"] for s in report["steps"]] == [1, 2, 3]
    assert [s["status"] for s in report["steps"]] == ["start", "correct", "correct"]
    for step in report["steps"]:
        assert {"step", "expression", "status", "feedback", "counterexample"} <= set(step)


@pytest.mark.parametrize("args", [
    ("x^2", "2x + "),  # unparsable step
    ("x^2",),  # a single step is no chain
    ("x", "__import__('os')"),
    ("x", "("*3000 + "x" + ")"*3000),
])
def test_invalid_input_exits_2(args: tuple[str, ...]) -> None:
    assert derive(*args).exit_code == 2


def test_the_invalid_step_is_named_in_json() -> None:
    report = json.loads(derive("--json", "x^2", "2x +", "2x").output)
    assert report["steps"][1]["status"] == "invalid"
    assert "ends too early" in report["steps"][1]["feedback"]
    assert report["steps"][2]["status"] == "unchecked"


def test_steps_from_a_file(tmp_path) -> None:
    steps = tmp_path / "steps.txt"
    steps.write_text("# the sigmoid\ndiff(1/(1 + exp(-x)), x)\n\nexp(-x)/(1 + exp(-x))^2  # chain rule\n"
                     "σ(x)(1 - σ(x))\n", encoding="utf-8")
    result = derive("--file", str(steps), "--json")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)["steps"]) == 3


def test_a_missing_file_is_one_line_and_exit_2(tmp_path) -> None:
    result = derive("--file", str(tmp_path / "nope.txt"))
    assert result.exit_code == 2
    assert "cannot read" in result.output and "nope.txt" in result.output
    assert "Traceback" not in result.output


def test_russian_output() -> None:
    result = derive("--lang", "ru", "x^2", "x^3")
    assert result.exit_code == 1 and "Шаг 2 не следует из шага 1" in result.output


def test_steps_may_be_separated_by_equals() -> None:
    assert split_steps("diff(x^2, x) = 2x\n= 2*x  # same\nPiecewise((0, x <= 0), (1, True))") == [
        "diff(x^2, x)", "2x", "2*x", "Piecewise((0, x <= 0), (1, True))"]


def test_check_chain_as_a_library() -> None:
    report = check_chain(["diff(tanh(x), x)", "1 - tanh(x)^2", "sech(x)^2"])
    assert report.valid and report.first_wrong_step is None
    assert all(s.method in ("proved", "checked at 20 points") for s in report.steps[1:])


def test_derivation_question_accepts_a_chain_to_the_answer() -> None:
    steps = "exp(-x)/(1 + exp(-x))^2\n1/(1 + exp(-x)) * exp(-x)/(1 + exp(-x))\nσ(x)(1 - σ(x))"
    verdict = quizprep.grade("sigmoid-derivative-steps", steps)
    assert verdict.correct, verdict
    assert [s["step"] for s in verdict.steps] == [0, 1, 2, 3]


def test_derivation_question_names_the_wrong_step_with_authored_feedback() -> None:
    verdict = quizprep.grade("sigmoid-derivative-steps", "exp(-x)/(1 + exp(-x))^2\nσ(x)(1 + σ(x))")
    assert verdict.status == "wrong"
    assert verdict.feedback.startswith("Step 2 does not follow from step 1: The sign inside the bracket")
    assert verdict.mistake == "sigmoid(x)*(1 + sigmoid(x))"


def test_derivation_question_must_end_at_a_written_out_answer() -> None:
    verdict = quizprep.grade("sigmoid-derivative-steps", "diff(sigmoid(x), x)")
    assert verdict.status == "invalid" and "still contains diff(sigmoid(x), x)" in verdict.feedback
    verdict = quizprep.grade("comp-graph-de-db-derivation", "(b+1)*1 + (a+b)*1")
    assert verdict.correct


def test_derivation_answer_through_the_cli() -> None:
    result = runner.invoke(app, ["answer", "bce-sigmoid-grad-derivation", "y - sigmoid(z)"])
    assert result.exit_code == 1
    assert "sign is flipped" in result.output


def test_bad_input_is_said_in_russian_under_lang_ru(tmp_path) -> None:
    result = derive("x^2", "--lang", "ru")
    assert result.exit_code == 2 and "в выводе нужно не меньше двух шагов" in result.output
    result = derive("--file", str(tmp_path / "missing.txt"), "--lang", "ru")
    assert result.exit_code == 2 and "не удалось прочитать" in result.output
    assert "at least two steps" in derive("x^2").output


def test_a_leading_label_is_said_to_be_read_as_a_name() -> None:
    verdict = quizprep.grade("sigmoid-derivative-steps", "dσ/dx = exp(-x)/(1+exp(-x))^2\n= σ(x)(1-σ(x))")
    assert verdict.status == "correct"
    assert verdict.notes == ["The first part ('dσ/dx') was read as the name of what is derived, not as a step."]
