"""`quizprep quiz` scripted through stdin (CliRunner), one answer kind after another, with a frozen clock."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quizprep.cli import app

runner = CliRunner()
STUDY_BANK = Path(__file__).parent / "bank"
NOW = "2025-01-06T09:00:00Z"


def quiz(*args: str, input: str = "", now: str = NOW):
    return runner.invoke(app, ["--bank", str(STUDY_BANK), "quiz", "--topic", "study-kit", *args], input=input,
                         env={"QUIZPREP_NOW": now})


def flat(text: str) -> str:
    """The output with Rich's line wrapping undone."""
    return " ".join(text.split())


def stats() -> dict:
    result = runner.invoke(app, ["stats", "--json"], env={"QUIZPREP_NOW": NOW})
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_numeric_wrong_then_right_with_a_hint_and_invalid_input():
    result = quiz("--kind", "numeric", input="five\nhint\n2\n5\n")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Graph derivative" in out and "study-kit" in out and "Type a number" in out
    assert "answer › five" in out and "could not grade" in out  # invalid: retyped without penalty
    assert "hint: Sum over both paths." in out
    assert "✗ wrong" in out and "Only the path through c." in out
    assert "✓ correct" in out and "Two paths: d + c = 2 + 3." in out  # the explanation
    assert "note: Neural networks from the neuron up — Computational graph" in out
    assert "comes back in 1 min" in out
    assert "Session: 1 answered · 0 right first time · 1 missed" in out
    data = stats()
    assert data["attempts"] == 2 and data["topics"]["study-kit"]["seen"] == 1


def test_choice_by_number_in_russian():
    result = quiz("--kind", "choice", "--lang", "ru", input="2\n")
    assert result.exit_code == 0, result.output
    out = flat(result.stdout)
    assert "Какая активация центрирована в нуле?" in out and "2. tanh" in out
    assert "✓ верно" in out and "Объяснение" in out


def test_a_russian_session_speaks_russian_around_the_question():
    # the labels around the question (header, prompt, verdict, retry line, when it is back, summary)
    result = quiz("--kind", "numeric", "--lang", "ru", input="2\n5\n")
    assert result.exit_code == 0, result.output
    out = flat(result.stdout)
    for russian in ("Вопрос 1/1 · новый · study-kit", "источник:", "ответ › 2", "вы ввели: 2", "✗ неверно",
                    "попробуйте ещё раз (осталось попыток: 2)", "✓ верно", "вернётся через 1 мин",
                    "Сессия: отвечено: 1"):
        assert russian in out, russian
    for english in ("Question", "source:", "answer ›", "you typed", "correct", "try again", "comes back",
                    "Session"):
        assert english not in out, english


def test_symbolic_answer(all_kinds):
    result = quiz("--kind", "symbolic", input="2 * x\n")
    assert result.exit_code == 0, result.output
    assert "you typed: 2*x" in result.stdout and "✓ correct" in result.stdout


def test_derivation_steps_one_per_line_ended_by_an_empty_line(all_kinds):
    result = quiz("--kind", "derivation", input="2*(2*x)*2\n8*x\n\n")
    assert result.exit_code == 0, result.output
    assert "step 1 › 2*(2*x)*2" in result.stdout and "step 2 › 8*x" in result.stdout
    assert "step 3 › " in result.stdout and "✓ correct" in result.stdout


def test_a_command_after_some_derivation_steps_is_a_command_and_keeps_the_steps(all_kinds):
    # `hint` at step 2 used to be read as a step (the math `hint`), and the steps typed were lost
    result = quiz("--kind", "derivation", input="2*(2*x)*2\nquit\n")
    assert result.exit_code == 0 and "Session: 0 answered" in result.stdout
    result = quiz("--kind", "derivation", input="2*(2*x)*2\nhint\n8*x\n\n")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "step 2 › hint" in out and "no hints for this question" in out
    assert "step 2 › 8*x" in out and "✓ correct" in out and "could not grade" not in out


def test_filters_that_match_no_question_say_so_not_nothing_due(tmp_path: Path):
    only_numeric = (STUDY_BANK / "study.toml").read_text(encoding="utf-8").split("[[question]]")[:2]
    (tmp_path / "kit.toml").write_text("[[question]]".join(only_numeric).replace("study-kit", "one-kind"),
                                       encoding="utf-8")
    result = runner.invoke(app, ["--bank", str(tmp_path), "quiz", "--topic", "one-kind", "--kind", "choice"])
    assert result.exit_code == 0, result.output
    assert "There are no choice questions in topic 'one-kind'" in flat(result.stdout)
    assert "Nothing to study" not in result.stdout


def test_self_graded_shows_the_model_answer_and_asks_for_a_rating():
    result = quiz("--kind", "self-graded", input="\nmaybe\n3\n")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Model answer" in out and "Cheap to compute" in out
    assert "rate your answer" in out and "rated good" in out
    assert stats()["topics"]["study-kit"]["correct"] == 1


def test_code_question_writes_the_template_and_checks_it(all_kinds):
    workdir = all_kinds
    result = quiz("--kind", "code", "--workdir", str(workdir), input="\nskip\n")
    assert result.exit_code == 0, result.output
    path = workdir / "relu" / "relu.py"
    assert f"Write your solution in {path}" in result.stdout.replace("\n", "")
    assert "the file still holds the template" in flat(result.stdout)  # checking it unchanged is no attempt
    assert stats()["attempts"] == 0
    path.write_text("import numpy as np\ndef forward(x):\n    return np.maximum(x, 0)\n")
    result = quiz("--kind", "code", "--workdir", str(workdir), input="\n", now="2025-01-06T09:30:00Z")
    assert "continuing your file" in result.stdout and "✓ all checks pass" in result.stdout


def test_code_questions_are_left_out_without_the_exercises_module(monkeypatch):
    from quizprep.study import planner

    monkeypatch.setattr(planner, "exercises_available", lambda: False)
    result = quiz("--kind", "code")
    assert result.exit_code == 0
    assert "left out 1: code questions need the quizprep.exercises module" in flat(result.stdout)
    assert "Nothing to study right now" in result.stdout


def test_end_of_input_leaves_cleanly_with_the_summary_and_keeps_answers():
    result = quiz("--kind", "numeric", input="")
    assert result.exit_code == 0 and "Traceback" not in result.output
    result = runner.invoke(app, ["--bank", str(STUDY_BANK), "quiz", "--topic", "study-kit"], input="5\n2\n",
                           env={"QUIZPREP_NOW": NOW})
    assert result.exit_code == 0 and "Session: 2 answered" in result.stdout
    assert stats()["attempts"] == 2


def test_ctrl_c_exits_130_with_the_summary(monkeypatch):
    from quizprep.ui.line_input import LineReader

    answers = iter(["5"])

    def read(self, prompt, remaining=None, watch=None):
        try:
            return next(answers)
        except StopIteration:
            raise KeyboardInterrupt from None

    monkeypatch.setattr(LineReader, "read", read)
    result = quiz(input="")
    assert result.exit_code == 130 and "Traceback" not in result.output
    assert "stopped early; everything answered is saved" in flat(result.stdout)
    assert stats()["attempts"] == 1


def test_due_logic_across_runs_with_the_frozen_clock():
    # With the clock stopped a right answer takes no time: rated Easy, back in days (fsrs fuzzes how many).
    first = flat(quiz("--kind", "numeric", input="5\n").stdout)
    assert re.search(r"rated easy · comes back in \d+ days", first)
    later = quiz("--new", "0", input="", now="2025-01-06T09:05:00Z")
    assert "Nothing to study right now. Next review in" in flat(later.stdout)
    next_due = stats()["next_due"]
    assert next_due > "2025-01-08"
    due = quiz("--new", "0", input="2\n5\n", now=next_due)
    assert "Question 1/1 · due" in due.stdout and "✓ correct" in due.stdout
    assert "rated again · comes back in 10 min" in flat(due.stdout)  # a lapse: the relearning step
    assert stats()["topics"]["study-kit"]["attempts"] == 3


def test_the_daily_new_limit_is_a_setting():
    assert runner.invoke(app, ["config", "new-per-day", "1"]).exit_code == 0
    first = quiz(input="5\n")
    assert "Question 1/1 · new" in first.stdout
    again = quiz(input="")
    assert "No new questions left today" in flat(again.stdout)
    tomorrow = quiz(input="", now="2025-01-07T09:00:00Z")
    assert "Question 1/" in tomorrow.stdout


def test_mock_interview_ends_with_a_rubric(all_kinds):
    (all_kinds / "relu").mkdir(parents=True, exist_ok=True)
    (all_kinds / "relu" / "relu.py").write_text("def forward(x):\n    return x\n")  # started, and wrong
    # --shuffle-seed 0 orders the kit: numeric, derivation, code, self-graded, symbolic, choice.
    script = "2\n5\n" "2*(2*x)*2\n8*x\n\n" "\nskip\n" "\n4\n" "answer\n" "2\n"
    result = quiz("--mock", "25", "--shuffle-seed", "0", "--workdir", str(all_kinds), input=script)
    assert result.exit_code == 0, result.output
    out = flat(result.stdout)
    assert "Question 1 · mock · study-kit · numeric ⏱ 25:00 left" in out
    assert "Question 6 · mock · study-kit · choice" in out
    assert "Question 7 · mock" in out  # time is left: the interview goes round again (here input ends)
    assert "Mock interview rubric" in out
    assert re.search(r"│ study-kit │ 6 │ 3\.5 │ 58% │ 0 │ [\d.]+ min │ fair │", out)
    assert "Overall: 58% fair" in out
    review = out[out.index("Review next:"):]
    assert "Graph derivative (study-kit, solved on a retry)" in review
    assert "Write ReLU (study-kit, wrong)" in review
    assert "Derivative of x squared (study-kit, answer revealed)" in review
    assert "Chain rule steps" not in review and "Neural networks from the neuron up — Computational graph" in review
    data = stats()
    assert data["attempts"] == 8  # the numeric retry, the failed code check and the give-up are attempts too...
    assert data["days"][-1]["reviews"] == 6  # ...but each card is rated once


def test_the_mock_rubric_in_russian(all_kinds):
    (all_kinds / "relu").mkdir(parents=True, exist_ok=True)
    (all_kinds / "relu" / "relu.py").write_text("def forward(x):\n    return x\n")  # started, and wrong
    script = "2\n5\n" "2*(2*x)*2\n8*x\n\n" "\nskip\n" "\n4\n" "answer\n" "2\n"
    result = quiz("--mock", "25", "--shuffle-seed", "0", "--workdir", str(all_kinds), "--lang", "ru", input=script)
    assert result.exit_code == 0, result.output
    out = flat(result.stdout)
    assert "Вопрос 1 · собеседование · study-kit · numeric ⏱ 25:00 осталось" in out
    assert "Итоги пробного собеседования" in out and "Итого: 58% средне" in out
    assert re.search(r"│ study-kit │ 6 │ 3\.5 │ 58% │ 0 │ [\d.]+ мин │ средне │", out)
    review = out[out.index("Что повторить:"):]
    assert "Производная графа (study-kit, решено не с первой попытки)" in review


@pytest.mark.parametrize("args", [["--topic", "nope"], ["--kind", "essay"], ["--count", "0"]])
def test_bad_options_are_one_clean_error(args):
    result = runner.invoke(app, ["quiz", *args])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_quiz_uses_the_real_symbolic_checker_when_present():
    pytest.importorskip("quizprep.checking.symbolic")
    result = quiz("--kind", "symbolic", input="x*2\n")
    assert result.exit_code == 0, result.output
    assert "✓ correct" in result.stdout


def test_help_of_the_study_commands_imports_no_heavy_library():
    import subprocess
    import sys

    code = ("import sys\nfrom quizprep.cli import app\n"
            "for args in (['quiz', '--help'], ['stats', '--help'], ['plot', '--help'],\n"
            "             ['export', 'anki', '--help']):\n"
            "    try:\n        app(args)\n    except SystemExit:\n        pass\n"
            "heavy = ('sympy', 'numpy', 'torch', 'fsrs', 'plotext', 'genanki')\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_quiz_uses_the_real_derivation_checker_when_present():
    pytest.importorskip("quizprep.checking.derivation")
    result = quiz("--kind", "derivation", input="2*(2*x)\n4*x\n\n2*(2*x)*2\n8*x\n\n")
    assert result.exit_code == 0, result.output
    out = flat(result.stdout)
    assert "✗ wrong" in out and "✓ correct" in out
