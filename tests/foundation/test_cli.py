"""Every command through Typer's CliRunner: output, JSON shapes, exit codes (0 ok/correct, 1 wrong, 2 cannot grade)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quizprep.cli import app

runner = CliRunner()


def invoke(*args: str, **kwargs):
    return runner.invoke(app, list(args), **kwargs)


def test_list_json_has_the_contract_fields():
    result = invoke("list", "--json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    ids = {row["id"] for row in rows}
    assert {"sigmoid-derivative", "relu-derivative", "comp-graph-de-db", "softmax-values", "l2-matmul-grad",
            "dropout-scaling", "batchnorm-inference"} <= ids
    for row in rows:
        assert set(row) >= {"id", "topic", "kind", "title", "source"}
        assert row["source"]["label"] and ".txt" not in row["source"]["label"]


def test_list_filters_and_russian_titles():
    rows = json.loads(invoke("list", "--json", "--topic", "dropout", "--kind", "choice", "--lang", "ru").stdout)
    assert rows and all(r["topic"] == "dropout" and r["kind"] == "choice" for r in rows)
    assert any("Что" in r["title"] for r in rows)


def test_list_table():
    result = invoke("list", "--topic", "backprop")
    assert result.exit_code == 0
    assert "comp-graph-de-db" in result.stdout
    assert "sigmoid-derivative" not in result.stdout


def test_list_never_splits_an_id_over_two_lines():
    from quizprep.bank.loader import load_bank

    result = invoke("list")  # not a terminal: 80 columns
    assert result.exit_code == 0
    for question in load_bank():
        assert question.id in result.stdout


def test_show_with_answer_and_language():
    result = invoke("show", "comp-graph-de-db", "--answer", "--lang", "ru")
    assert result.exit_code == 0
    assert "Вычислите ∂e/∂b" in result.stdout
    assert "Ответ" in result.stdout and "5" in result.stdout
    assert "источник: Нейросети от нейрона до обучения — Граф вычисления" in result.stdout


def test_a_long_choice_wraps_under_its_own_text():
    from io import StringIO

    from rich.console import Console

    from quizprep.bank.instance import instantiate
    from quizprep.bank.loader import load_bank
    from quizprep.ui.question_view import render_question

    for width in (50, 90):  # the compact layout (below 80 columns) and the panel
        console = Console(file=StringIO(), width=width)
        console.print(render_question(instantiate(load_bank().get("softmax-batch-sum-spot-the-bug"))))
        raw = console.file.getvalue().splitlines()
        second = next(i for i, line in enumerate(raw) if "2. Each column" in line)
        continuation = raw[second + 1].lstrip("│")
        text_column = raw[second].lstrip("│").index("Each")
        assert len(continuation) - len(continuation.lstrip()) == text_column  # under "Each"


def test_answer_in_russian_labels_the_verdict_in_russian():
    result = invoke("answer", "dropout-p-meaning", "1", "--lang", "ru")
    assert result.exit_code == 1
    assert "вы ввели: 1" in result.stdout and "✗ неверно" in result.stdout


def test_show_unknown_id_exits_2_with_one_line():
    result = invoke("show", "no-such-question")
    assert result.exit_code == 2
    assert "unknown question id 'no-such-question'" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("question_id", "answer", "status", "code"),
    [
        ("comp-graph-de-db", "5", "correct", 0),
        ("comp-graph-de-db", "5.0001", "correct", 0),
        ("comp-graph-de-db", "2", "wrong", 1),
        ("comp-graph-de-db", "five", "invalid", 2),
        ("softmax-values", "[0.0021657, 0.00588697, 0.11824302, 0.87370431]", "correct", 0),
        ("softmax-values", "0.0022 0.0059 0.1182 0.8737", "correct", 0),
        ("softmax-values", "[0.25, 0.25, 0.25, 0.25]", "wrong", 1),
        ("softmax-values", "[0.1, 0.2]", "invalid", 2),
        ("softmax-values", "[0.1, 0.2, 0.3, 0.4", "invalid", 2),
        ("dropout-p-meaning", "1,2", "invalid", 2),
        ("dropout-p-meaning", "2", "correct", 0),
        ("dropout-p-meaning", "b", "correct", 0),
        ("dropout-p-meaning", "1", "wrong", 1),
        ("dropout-p-meaning", "7", "invalid", 2),
    ],
)
def test_answer_json_status_and_exit_code(question_id, answer, status, code):
    result = invoke("answer", question_id, answer, "--json")
    assert result.exit_code == code, result.output
    data = json.loads(result.stdout)
    assert data["id"] == question_id
    assert data["status"] == status
    assert isinstance(data["feedback"], str) and data["feedback"]


def test_an_answer_or_a_step_starting_with_a_minus_is_text_not_an_option():
    result = invoke("answer", "tanh-derivative", "-tanh(x)^2 + 1", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["status"] == "correct"
    result = invoke("answer", "comp-graph-de-db", "-5")
    assert result.exit_code == 1 and "you typed: -5" in result.stdout
    result = invoke("derive", "x^2", "-(-x^2)")
    assert result.exit_code == 0, result.output
    assert invoke("answer", "comp-graph-de-db", "5", "--no-such-option").exit_code == 2


def test_answer_gives_the_authored_mistake_feedback():
    data = json.loads(invoke("answer", "comp-graph-de-db", "2", "--json").stdout)
    assert "only the path through c" in data["feedback"]


def test_answer_with_seed_uses_fresh_numbers():
    from quizprep.bank.instance import instantiate
    from quizprep.bank.loader import load_bank

    instance = instantiate(load_bank().get("comp-graph-de-db"), seed=7)
    a, b = instance.params["a"], instance.params["b"]
    expected = (b + 1) + (a + b)
    assert invoke("answer", "comp-graph-de-db", str(expected), "--seed", "7").exit_code == 0
    assert invoke("answer", "comp-graph-de-db", str(expected + 1), "--seed", "7").exit_code == 1


@pytest.mark.parametrize("command", ["answer", "show"])
@pytest.mark.parametrize("seed", ["-1", str(2**64)])
def test_a_seed_out_of_range_is_one_clean_error(command, seed):
    args = ["comp-graph-de-db", "5"] if command == "answer" else ["comp-graph-de-db"]
    result = invoke(command, *args, "--seed", seed)
    assert result.exit_code == 2, result.output
    assert "the seed must be a whole number from 0" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_answer_records_attempts_and_stats_counts_them():
    invoke("answer", "comp-graph-de-db", "5")
    invoke("answer", "comp-graph-de-db", "2")
    invoke("answer", "dropout-p-meaning", "2")
    invoke("answer", "nope", "2")  # unknown id: nothing to record
    stats = json.loads(invoke("stats", "--json").stdout)
    assert stats["attempts"] == 3
    assert stats["topics"]["backprop"]["attempts"] == 2
    assert stats["topics"]["dropout"]["correct"] == 1


def test_stats_on_a_fresh_home():
    result = invoke("stats", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["attempts"] == 0


def test_validate_the_shipped_bank():
    result = invoke("validate")
    assert result.exit_code == 0, result.output
    assert "questions valid" in result.stdout


def test_validate_reports_a_reference_its_checker_rejects(tmp_path: Path):
    (tmp_path / "bad.toml").write_text('''
topic = "toy"
[[question]]
id = "toy-choice"
kind = "choice"
title = { en = "T", ru = "Т" }
prompt = { en = "Pick", ru = "Выбор" }
explanation = { en = "E", ru = "О" }
choices = [{ en = "a", ru = "а" }, { en = "b", ru = "б" }]
answer = 1
source = { file = "n.txt", section = "S" }
[[question.mistakes]]
answer = 1
feedback = { en = "no", ru = "нет" }
''', encoding="utf-8")
    result = invoke("validate", str(tmp_path))
    assert result.exit_code == 2
    assert "question 'toy-choice': mistakes[1] '1' is not rejected" in result.stderr


def test_validate_broken_file_exits_2(tmp_path: Path):
    (tmp_path / "broken.toml").write_text('topic = "toy"\n[[question]]\nid = "x"\nkind = "numeric"\n',
                                          encoding="utf-8")
    result = invoke("validate", str(tmp_path))
    assert result.exit_code == 2
    assert "broken.toml: question 'x'" in result.stderr
    assert "Traceback" not in result.output


MY_QUESTION = '''
topic = "mine"
[[question]]
id = "my-question"
kind = "numeric"
title = { en = "Mine", ru = "Мой" }
prompt = { en = "1+1?", ru = "1+1?" }
explanation = { en = "2", ru = "2" }
answer = 2
source = { file = "n.txt", section = "S" }
'''


def test_bank_option_adds_a_directory(tmp_path: Path):
    (tmp_path / "mine.toml").write_text(MY_QUESTION, encoding="utf-8")
    result = invoke("--bank", str(tmp_path), "answer", "my-question", "2")
    assert result.exit_code == 0, result.output


def test_validate_rejects_an_id_the_shipped_bank_already_uses(tmp_path: Path):
    # `validate DIR` said "valid", then `--bank DIR list` refused the bank for a duplicate id
    (tmp_path / "mine.toml").write_text(MY_QUESTION.replace("my-question", "sigmoid-derivative"), encoding="utf-8")
    result = invoke("validate", str(tmp_path))
    assert result.exit_code == 2
    assert "question 'sigmoid-derivative': id already used by the shipped bank" in result.stderr
    (tmp_path / "mine.toml").write_text(MY_QUESTION, encoding="utf-8")
    result = invoke("validate", str(tmp_path))
    assert result.exit_code == 0 and "1 question valid" in result.stdout


def test_a_broken_user_bank_is_one_line_exit_2(tmp_path: Path):
    (tmp_path / "mine.toml").write_text("topic = 3\n", encoding="utf-8")
    result = invoke("--bank", str(tmp_path), "list")
    assert result.exit_code == 2
    assert "mine.toml: field 'topic'" in result.stderr


def test_every_command_has_help_text():
    import typer.main

    group = typer.main.get_command(app)
    names = list(group.commands)  # type: ignore[attr-defined]
    assert {"list", "show", "answer", "validate", "stats"} <= set(names)
    for name in names:
        command = group.commands[name]  # type: ignore[attr-defined]
        assert (command.help or "").strip(), f"command {name} has no help text"
        result = invoke(name, "--help")
        assert result.exit_code == 0
        assert "Usage" in result.stdout
        usage = next(line for line in result.stdout.splitlines() if "Usage" in line)
        assert "[[" not in usage and "...]..." not in usage, usage  # metavars must not repeat Typer's brackets


def test_version():
    from importlib.metadata import version

    result = invoke("--version")
    assert result.exit_code == 0 and result.stdout == f"quizprep {version('quizprep')}\n"


def test_grade_library_api_returns_the_verdict():
    import quizprep

    verdict = quizprep.grade("comp-graph-de-db", "5")
    assert verdict.correct and verdict.status == "correct"
    wrong = quizprep.grade("comp-graph-de-db", "3")
    assert not wrong.correct and "through d" in wrong.feedback


def test_reset_cancelled_by_end_of_input_deletes_nothing_and_ends_the_prompt_line():
    invoke("answer", "comp-graph-de-db", "5")
    result = invoke("reset", input="")
    assert result.exit_code == 1
    assert "[y/N]: \ncancelled: nothing deleted" in result.stdout
    assert json.loads(invoke("stats", "--json").stdout)["attempts"] == 1


def test_reset_of_an_unknown_topic_is_refused():
    result = invoke("reset", "--topic", "no-such-topic", "--yes")
    assert result.exit_code == 2
    assert "unknown topic 'no-such-topic'" in result.stderr


def test_validate_a_missing_directory(tmp_path: Path):
    missing = str(tmp_path / "nowhere")
    result = invoke("validate", missing)
    assert result.exit_code == 2
    assert result.stderr.count(missing) == 1
    assert "not a directory of question files" in result.stderr


def test_typed_escape_sequences_do_not_reach_the_terminal():
    result = invoke("answer", "comp-graph-de-db", "\x1b[31m5")
    assert result.exit_code == 2
    assert "\x1b" not in result.stdout
