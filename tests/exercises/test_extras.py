"""Core and extras: optional settings are probed only when the user's constructor takes them; --strict
requires all of them; the verdict, the JSON and the recorded attempt say which passed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quizprep.cli import app
from quizprep.exercises.catalog import EXERCISES, SOLUTIONS_DIR
from quizprep.exercises.runner import check_file
from quizprep.study.store import ProgressStore

HERE = Path(__file__).resolve().parent
runner = CliRunner()


def correct_files() -> list[object]:
    params = []
    for path in sorted((HERE / "correct").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        exercise = re.search(r"^# exercise: (\S+)$", text, re.MULTILINE)
        extras = re.search(r"^# extras: (.+)$", text, re.MULTILINE)
        assert exercise and extras, f"{path.name} needs '# exercise:' and '# extras:' lines"
        states = dict(item.strip().rsplit("=", 1) for item in extras[1].split(","))
        params.append(pytest.param(path, exercise[1], states, id=path.stem))
    return params


@pytest.mark.parametrize(("path", "exercise_id", "states"), correct_files())
def test_correct_code_without_the_extras_passes_and_says_so(path: Path, exercise_id: str,
                                                           states: dict[str, str]) -> None:
    report = check_file(exercise_id, path)
    assert report.passed, f"{report.diagnosis}\n{[r for r in report.probes if not r.ok]}"
    assert report.extras == states
    skipped = [row for row in report.probes if not row.attempted]
    assert all("not attempted (optional)" in row.evidence for row in skipped)
    assert len(report.graded) == len(report.probes) - len(skipped)


@pytest.mark.parametrize(("path", "exercise_id", "states"), correct_files())
def test_strict_requires_every_extra(path: Path, exercise_id: str, states: dict[str, str]) -> None:
    report = check_file(exercise_id, path, strict=True)
    missing = [name for name, state in states.items() if state == "not attempted"]
    assert not report.passed and report.exit_code == 1
    assert report.diagnosis and f"the optional setting {missing[0]} is not implemented" in report.diagnosis
    assert "--strict requires" in report.diagnosis


@pytest.mark.parametrize("exercise_id", [i for i, e in EXERCISES.items() if e.extras])
def test_reference_solutions_pass_strict_with_every_extra(exercise_id: str) -> None:
    report = check_file(exercise_id, SOLUTIONS_DIR / EXERCISES[exercise_id].file_name, strict=True)
    assert report.passed, report.diagnosis
    assert report.extras == {extra.name: "passed" for extra in EXERCISES[exercise_id].extras}


def test_the_verdict_the_json_and_the_recorded_attempt_name_the_extras() -> None:
    path = HERE / "correct" / "sgd_with_weight_decay_only.py"
    result = runner.invoke(app, ["check", "sgd", str(path)])
    assert result.exit_code == 0
    verdict = " ".join(result.output.split())
    assert "✓ passed: 7/7 checks · optional: nesterov not attempted, weight_decay ✓, dampening not attempted" in verdict
    result = runner.invoke(app, ["check", "sgd", str(path), "--json"])
    report = json.loads(result.output)
    assert report["extras"] == {"nesterov": "not attempted", "weight_decay": "passed", "dampening": "not attempted"}
    assert report["probes"][-2]["attempted"] is False and report["probes"][-2]["extra"] == "dampening"
    result = runner.invoke(app, ["check", "sgd", str(path), "--strict"])
    assert result.exit_code == 1 and "--strict" in result.output
    with ProgressStore() as store:
        answers = [row[0] for row in store.db.execute("SELECT answer FROM attempts ORDER BY id")]
    assert answers[0].endswith("# quizprep check: optional settings: nesterov not attempted; weight_decay passed; "
                               "dampening not attempted\n")
    assert "# quizprep check (--strict): optional settings:" in answers[2]


def test_an_extra_the_constructor_takes_is_graded() -> None:
    report = check_file("sgd", HERE / "buggy" / "sgd_weight_decay_ignored.py")
    assert not report.passed and report.extras["weight_decay"] == "failed"
    assert report.extras["nesterov"] == "not attempted"
