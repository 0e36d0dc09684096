"""`quizprep check ID PATH...`: a whole class graded in parallel, hostile files included; the gradebook."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quizprep.cli import app
from quizprep.errors import QuizprepError
from quizprep.exercises.batch import check_many, collect_files, exit_code
from quizprep.exercises.catalog import SOLUTIONS_DIR
from quizprep.study.store import ProgressStore

HERE = Path(__file__).resolve().parent
USER_SECONDS = 5.0  # the looping file's timeout; the correct ones need far less even on a busy machine
runner = CliRunner()


@pytest.fixture
def classroom(tmp_path: Path) -> Path:
    """Six relu submissions: two correct (class and cs231n style), a bug, two hostile, a syntax error."""
    room = tmp_path / "class"
    (room / "group-b").mkdir(parents=True)
    shutil.copy(SOLUTIONS_DIR / "relu.py", room / "alice.py")
    shutil.copy(HERE / "cs231n" / "correct" / "layers.py", room / "group-b" / "bob.py")
    shutil.copy(HERE / "buggy" / "relu_inplace.py", room / "carol.py")
    shutil.copy(HERE / "hostile" / "infinite_loop_in_backward.py", room / "dave.py")
    shutil.copy(HERE / "hostile" / "os_exit_in_forward.py", room / "group-b" / "erin.py")
    (room / "frank.py").write_text("class ReLU:\n    def forward(self, x)\n        return x\n")
    (room / "notes.txt").write_text("not python\n")
    (room / "__pycache__").mkdir()
    (room / "__pycache__" / "alice.cpython-311.py").write_text("ignored\n")
    return room


def test_collect_files_walks_directories_once_each(classroom: Path) -> None:
    files = collect_files([classroom, classroom / "alice.py"])
    names = [f.name for f in files]
    assert sorted(names) == ["alice.py", "bob.py", "carol.py", "dave.py", "erin.py", "frank.py"]
    with pytest.raises(QuizprepError, match="no such file or directory"):
        collect_files([classroom / "nobody.py"])
    (classroom.parent / "empty").mkdir()
    with pytest.raises(QuizprepError, match="empty: is a directory with no .py files in it"):
        collect_files([classroom.parent / "empty"])
    with pytest.raises(QuizprepError, match="no .py files in"):
        collect_files([classroom.parent / "empty", classroom.parent / "empty"])


def test_hostile_files_never_stop_the_others(classroom: Path) -> None:
    files = collect_files([classroom])
    done = []
    entries = check_many("relu", files, jobs=2, on_done=done.append, timeout=USER_SECONDS)
    status = {entry.file.name: entry.status for entry in entries}
    assert status == {"alice.py": "passed", "bob.py": "passed", "carol.py": "failed", "dave.py": "failed",
                      "erin.py": "failed", "frank.py": "failed"}
    assert [entry.file for entry in entries] == files and len(done) == len(files)
    by_name = {entry.file.name: entry for entry in entries}
    assert "timed out" in by_name["dave.py"].diagnosis
    assert "os._exit()" in by_name["erin.py"].diagnosis
    assert "syntax error at line 2" in by_name["frank.py"].diagnosis
    assert "modifies its input in place" in by_name["carol.py"].diagnosis
    assert by_name["bob.py"].report is not None and by_name["bob.py"].report.style == "cs231n"
    assert by_name["alice.py"].checks[0] == by_name["alice.py"].checks[1] > 5
    assert exit_code(entries) == 1


def test_cli_writes_a_csv_gradebook_and_records_nothing(classroom: Path, tmp_path: Path) -> None:
    gradebook = tmp_path / "grades.csv"
    result = runner.invoke(app, ["check", "relu", str(classroom), "--gradebook", str(gradebook), "--jobs", "2",
                                 "--timeout", str(USER_SECONDS)])
    assert result.exit_code == 1, result.output
    assert "relu: 2/6 passed, 4 failed" in result.output and "group-b/bob.py" in result.output
    rows = list(csv.DictReader(gradebook.open()))
    assert [row["file"].rsplit("/", 1)[-1] for row in rows] == ["alice.py", "carol.py", "dave.py", "frank.py",
                                                                 "bob.py", "erin.py"]
    assert set(rows[0]) == {"file", "status", "passed", "checks_passed", "checks_total", "extras", "diagnosis",
                            "seconds"}
    alice = rows[0]
    assert alice["passed"] == "True" and alice["checks_passed"] == alice["checks_total"] and not alice["diagnosis"]
    assert float(alice["seconds"]) > 0
    assert rows[2]["status"] == "failed" and "timed out" in rows[2]["diagnosis"]
    with ProgressStore() as store:
        assert store.attempts() == []


def test_cli_json_gradebook_and_all_passed(tmp_path: Path) -> None:
    room = tmp_path / "good"
    room.mkdir()
    shutil.copy(SOLUTIONS_DIR / "relu.py", room / "a.py")
    shutil.copy(HERE / "cs231n" / "correct" / "layers.py", room / "b.py")
    gradebook = tmp_path / "grades.json"
    result = runner.invoke(app, ["check", "relu", str(room / "a.py"), str(room / "b.py"), "--gradebook",
                                 str(gradebook)])
    assert result.exit_code == 0, result.output
    rows = json.loads(gradebook.read_text())
    assert [row["passed"] for row in rows] == [True, True] and all(row["checks_total"] > 5 for row in rows)
    result = runner.invoke(app, ["check", "relu", str(room), "--json"])
    data = json.loads(result.output)
    assert result.exit_code == 0 and data["exit_code"] == 0 and len(data["files"]) == 2


def test_nothing_gradable_exits_2(tmp_path: Path) -> None:
    for name in ("a.py", "b.py"):
        (tmp_path / name).write_text("#" * 1_100_000)  # too large to be a solution: not graded
    result = runner.invoke(app, ["check", "relu", str(tmp_path)])
    assert result.exit_code == 2 and "0/2 passed, 2 not graded" in result.output


@pytest.mark.parametrize(("extra", "message"), [
    (["--gradebook", "grades.xlsx"], "a gradebook is a .csv or a .json file"),
    (["--jobs", "0"], "--jobs must be at least 1"),
    (["--watch"], "--watch re-checks one file"),
])
def test_bad_batch_options_are_one_line_errors(classroom: Path, extra: list[str], message: str) -> None:
    result = runner.invoke(app, ["check", "relu", str(classroom), *extra])
    assert result.exit_code == 2 and message in result.output
    assert "Traceback" not in result.output


def test_missing_path_is_an_error_before_grading(classroom: Path) -> None:
    result = runner.invoke(app, ["check", "relu", str(classroom / "alice.py"), str(classroom / "zed.py")])
    assert result.exit_code == 2 and "zed.py: no such file or directory" in result.output


def test_a_single_file_is_still_checked_and_recorded(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", "relu", str(SOLUTIONS_DIR / "relu.py")])
    assert result.exit_code == 0 and "✓ passed" in result.output
    with ProgressStore() as store:
        assert [row.status for row in store.attempts()] == ["correct"]


def test_summary_in_russian(classroom: Path) -> None:
    from rich.console import Console

    from quizprep.ui.batch_view import render_batch_summary

    entries = check_many("relu", collect_files([classroom / "alice.py", classroom / "frank.py"]), jobs=1)
    console = Console(width=100, record=True, file=io.StringIO())
    console.print(render_batch_summary(entries, "relu", classroom, lang="ru"))
    text = console.export_text()
    assert "файл" in text and "relu: сдано 1 из 2, не сдано 1" in text and "alice.py" in text


def test_the_cli_summary_follows_lang(classroom: Path) -> None:
    result = runner.invoke(app, ["check", "relu", str(classroom / "alice.py"), str(classroom / "frank.py"),
                                 "--lang", "ru"])
    assert result.exit_code == 1, result.output
    assert "relu: сдано 1 из 2, не сдано 1" in result.output and "passed" not in result.output


def test_ctrl_c_keeps_the_files_graded_so_far(classroom: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from quizprep.exercises import batch

    graded = batch.check_one

    def interrupted_at_the_third(exercise_id, file, options):
        if file.name == "dave.py":
            raise KeyboardInterrupt
        return graded(exercise_id, file, options)

    monkeypatch.setattr(batch, "check_one", interrupted_at_the_third)
    files = [classroom / "alice.py", classroom / "carol.py", classroom / "dave.py", classroom / "frank.py"]
    with pytest.raises(batch.BatchInterrupted) as stopped:
        check_many("relu", files, jobs=1)
    assert [entry.file.name for entry in stopped.value.entries] == ["alice.py", "carol.py"]
    assert stopped.value.total == 4

    gradebook = tmp_path / "grades.csv"
    result = runner.invoke(app, ["check", "relu", *map(str, files), "--jobs", "1", "--gradebook", str(gradebook)])
    assert result.exit_code == 130, result.output
    assert "interrupted: 2 of 4 files graded" in result.output and "Traceback" not in result.output
    rows = list(csv.DictReader(gradebook.open()))
    assert [(Path(row["file"]).name, row["status"]) for row in rows] == [("alice.py", "passed"),
                                                                          ("carol.py", "failed")]
