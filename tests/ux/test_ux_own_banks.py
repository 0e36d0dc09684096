"""Own banks and small frictions: --bank anywhere, unknown values refused with a suggestion, validate in one run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quizprep.cli import app, hoist_global_options

runner = CliRunner()

QUESTION = '''
[[question]]
id = "{id}"
kind = "{kind}"
title = {{ en = "Toy {id}", ru = "Игрушка {id}" }}
prompt = {{ en = "How many?", ru = "Сколько?" }}
explanation = {{ en = "E", ru = "О" }}
answer = {answer}
source = {{ file = "n.txt", section = "S" }}
{extra}
'''


def question(id: str, kind: str = "numeric", answer: str = "4", extra: str = "") -> str:
    return QUESTION.format(id=id, kind=kind, answer=answer, extra=extra)


def write_bank(directory: Path, files: dict[str, str]) -> Path:
    directory.mkdir(exist_ok=True)
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


@pytest.fixture
def own_bank(tmp_path: Path) -> Path:
    return write_bank(tmp_path / "own", {"toy.toml": 'topic = "toy"\n' + question("toy-four")})


def invoke(*args: str, **kwargs):
    return runner.invoke(app, list(args), **kwargs)


@pytest.mark.parametrize("args", [
    ["--bank", "{dir}", "list", "--json"],
    ["list", "--bank", "{dir}", "--json"],
    ["list", "--json", "--bank={dir}"],
])
def test_bank_option_before_or_after_the_command(own_bank: Path, args: list[str]):
    result = invoke(*(arg.format(dir=own_bank) for arg in args))
    assert result.exit_code == 0, result.output
    assert "toy-four" in {row["id"] for row in json.loads(result.stdout)}


def test_bank_from_the_environment(own_bank: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("QUIZPREP_BANK", str(own_bank))
    result = invoke("show", "toy-four")
    assert result.exit_code == 0 and "How many?" in result.stdout


def test_hoisting_moves_only_the_apps_own_options():
    assert hoist_global_options(["list", "--topic", "t", "--bank", "d"]) == ["--bank", "d", "list", "--topic", "t"]
    assert hoist_global_options(["answer", "x", "--", "--bank"]) == ["answer", "x", "--", "--bank"]
    assert hoist_global_options(["show", "--bank=d", "x"]) == ["--bank=d", "show", "x"]


def test_no_bool_metavar_in_any_help():
    for command in ([], ["list"], ["show"], ["answer"], ["validate"], ["quiz"], ["stats"], ["config"], ["reset"],
                    ["export", "anki"], ["exercise"], ["check"], ["derive"]):
        result = invoke(*command, "--help", env={"COLUMNS": "100"})
        assert result.exit_code == 0, command
        assert "<bool>" not in result.stdout, command
        assert "--help" in result.stdout


@pytest.mark.parametrize("command", [
    ["list", "--topic", "dropot"],
    ["list", "--topic", "dropout", "--topic", "dropot"],
    ["export", "anki", "{tmp}/deck.apkg", "--topic", "dropot"],
    ["reset", "--topic", "dropot", "--yes"],
])
def test_an_unknown_topic_is_refused_with_the_valid_ones(command: list[str], tmp_path: Path):
    result = invoke(*(arg.format(tmp=tmp_path) for arg in command))
    assert result.exit_code == 2
    assert "unknown topic 'dropot'" in result.stderr
    assert "backprop" in result.stderr and "softmax" in result.stderr  # the valid list
    assert "did you mean 'dropout'" in result.stderr
    assert "Traceback" not in result.output


def test_an_unknown_kind_is_refused_and_every_kind_given_applies():
    refused = invoke("list", "--kind", "numerci")
    assert refused.exit_code == 2 and "did you mean 'numeric'" in refused.stderr
    rows = json.loads(invoke("list", "--json", "--kind", "numeric", "--kind", "choice").stdout)
    assert {row["kind"] for row in rows} == {"numeric", "choice"}


def test_a_mistyped_question_id_gets_a_suggestion():
    for command in (["show", "sigmoid-derivativ"], ["answer", "sigmoid-derivativ", "1"]):
        result = invoke(*command)
        assert result.exit_code == 2
        assert "unknown question id 'sigmoid-derivativ'; did you mean 'sigmoid-derivative'" in result.stderr
    far = invoke("show", "zzzz-qqqq")
    assert far.exit_code == 2 and "did you mean" not in far.stderr and "quizprep list" in far.stderr


def broken_bank(directory: Path) -> Path:
    return write_bank(directory, {
        "a.toml": 'topic = "toy"\n' + question("toy-one", answer='"x"') + question("toy-two", kind="numerc")
        + question("toy-three", answer="3", extra='mistakes = [{ answer = 3, feedback = { en = "n", ru = "н" } }]'),
        "b.toml": "topic = 3\n",
        "c.toml": 'topic = "x"\n[[question]\n',
    })


def test_validate_reports_every_problem_of_every_file_in_one_run(tmp_path: Path):
    bank = broken_bank(tmp_path / "broken")
    result = invoke("validate", str(bank))
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.startswith("✗")]
    expected = [
        ("a.toml", "question 'toy-one': field 'answer'"),
        ("a.toml", "question 'toy-two': field 'kind'"),
        ("a.toml", "question 'toy-three': mistakes[1] '3.0' is not rejected"),
        ("b.toml", "field 'topic'"),
        ("c.toml", "invalid TOML"),
    ]
    for file, where in expected:
        assert any(file in line and where in line for line in lines), (file, where, lines)
    assert "did you mean 'numeric'" in result.stderr
    assert "problems in 3 question(s)" in result.stderr


def test_load_bank_still_raises_the_first_problem(tmp_path: Path):
    from quizprep.bank.loader import load_bank
    from quizprep.errors import BankError

    with pytest.raises(BankError, match="toy-one"):
        load_bank([broken_bank(tmp_path / "broken")], include_shipped=False, include_env=False)


def test_validate_results_are_cached_by_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from quizprep.bank import validate as validation

    bank = write_bank(tmp_path / "bank", {"toy.toml": 'topic = "toy"\n' + question(
        "toy-three", answer="3", extra='mistakes = [{ answer = 3, feedback = { en = "n", ru = "н" } }]')})
    first = validation.validate_bank(bank)
    assert [p.question_id for p in first.problems] == ["toy-three"]

    def no_checking(question):
        raise AssertionError(f"{question.id} was checked again although its file did not change")

    monkeypatch.setattr(validation, "_check_question", no_checking)
    assert validation.validate_bank(bank) == first  # unchanged file: from the cache

    checked: list[str] = []
    monkeypatch.setattr(validation, "_check_question", lambda q: checked.append(q.id) or [])
    (bank / "toy.toml").write_text('topic = "toy"\n' + question("toy-three", answer="3"), encoding="utf-8")
    assert validation.validate_bank(bank).ok and checked == ["toy-three"]  # edited: checked again


def test_every_broken_field_of_one_question_is_reported(tmp_path: Path):
    text = '''topic = "toy"
[[question]]
id = "toy-many"
kind = "numeric"
title = { en = "T" }
prompt = { en = "P", ru = "П" }
explanation = { en = "E", ru = "О" }
answer = 4
source = { file = "n.txt" }
tolerance = { rel = -1 }
tagz = ["x"]
'''
    bank = write_bank(tmp_path / "many", {"toy.toml": text})
    result = invoke("validate", str(bank))
    assert result.exit_code == 2
    for field in ("title", "source", "tolerance", "tagz"):
        assert f"question 'toy-many': field '{field}'" in result.stderr, field
    assert "unknown field; did you mean 'tags'?" in result.stderr
    assert "4 problems in 1 question(s)" in result.stderr


def test_validate_with_bank_checks_the_own_bank_too(tmp_path: Path):
    bank = broken_bank(tmp_path / "broken")
    for args in (["validate", "--bank", str(bank)], ["--bank", str(bank), "validate"]):
        result = invoke(*args)
        assert result.exit_code == 2 and "toy-one" in result.stderr, args


@pytest.mark.parametrize(("command", "suggestion"), [
    (["plot", "sigmod"], "did you mean 'sigmoid'?"),
    (["config", "new-per-dya", "5"], "did you mean 'new-per-day'?"),
    (["config", "lang", "rus"], "did you mean 'ru'?"),
])
def test_mistyped_values_get_a_suggestion(command: list[str], suggestion: str):
    result = invoke(*command)
    assert result.exit_code == 2 and suggestion in result.stderr
