"""`quizprep exercise` and `quizprep check` through the CLI: files, exit codes, JSON, the progress store."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from terminal_support import default_ctrl_c
from typer.testing import CliRunner

from quizprep.cli import app
from quizprep.exercises.catalog import EXERCISES, SOLUTIONS_DIR
from quizprep.exercises.templates import template_source
from quizprep.study.store import ProgressStore

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_exercise_writes_the_template_and_never_overwrites(tmp_path: Path) -> None:
    code, output = invoke("exercise", "leaky-relu", "--dir", str(tmp_path))
    path = tmp_path / "leaky_relu.py"
    assert code == 0 and path.is_file() and "quizprep check leaky-relu" in output
    text = path.read_text()
    assert "from quizprep.engine import Layer" in text and "class LeakyReLU(Layer):" in text
    assert "def __init__(self, negative_slope=0.01):" in text
    assert "Neural networks from the neuron up — Activation functions" in text
    path.write_text("# my work\n")
    code, output = invoke("exercise", "leaky-relu", "--dir", str(tmp_path))
    assert code == 2 and "already exists" in output and path.read_text() == "# my work\n"
    assert invoke("exercise", "leaky-relu", "--dir", str(tmp_path), "--force")[0] == 0
    assert "class LeakyReLU" in path.read_text()


@pytest.mark.parametrize("where", ["a-file", "a-file/below", "relu.py-is-a-dir"])
def test_exercise_into_a_place_that_cannot_hold_it_is_one_clean_error(tmp_path: Path, where: str) -> None:
    (tmp_path / "a-file").write_text("not a directory\n")
    (tmp_path / "relu.py-is-a-dir" / "relu.py").mkdir(parents=True)
    result = runner.invoke(app, ["exercise", "relu", "--dir", str(tmp_path / where), "--force"])
    assert result.exit_code == 2 and "cannot write" in result.output
    assert not isinstance(result.exception, OSError)
    assert (tmp_path / "a-file").read_text() == "not a directory\n"


@pytest.mark.parametrize("exercise_id", list(EXERCISES))
def test_every_template_compiles_and_fails_as_unwritten(exercise_id: str, tmp_path: Path) -> None:
    code, _ = invoke("exercise", exercise_id, "--dir", str(tmp_path))
    path = tmp_path / EXERCISES[exercise_id].file_name
    assert code == 0
    compile(path.read_text(), str(path), "exec")
    for backend in ("numpy", "torch"):
        folder = tmp_path / backend
        assert invoke("exercise", exercise_id, "--dir", str(folder), "--backend", backend, "--lang", "ru")[0] == 0
        compile((folder / EXERCISES[exercise_id].file_name).read_text(), "template.py", "exec")


def test_unwritten_template_is_graded_as_not_written_yet(tmp_path: Path) -> None:
    invoke("exercise", "linear", "--dir", str(tmp_path))
    code, output = invoke("check", "linear", str(tmp_path / "linear.py"), "--json")
    report = json.loads(output)
    assert code == 1 and not report["passed"]
    assert report["diagnosis"] == "forward() is not written yet: it raises NotImplementedError"


def test_check_exit_codes_json_and_recorded_attempts(tmp_path: Path) -> None:
    code, output = invoke("check", "relu", str(SOLUTIONS_DIR / "relu.py"), "--json")
    report = json.loads(output)
    assert code == 0 and report["passed"] and report["status"] == "correct"
    assert {"ok", "what", "evidence"} <= set(report["probes"][0])
    assert report["timings"]["sandbox_start"] > 0
    buggy = Path(__file__).parent / "buggy" / "sigmoid_backward_from_input.py"
    code, output = invoke("check", "sigmoid", str(buggy))
    assert code == 1 and "diagnosis:" in output and "computed from the input" in output
    assert "✗" in output and "✓" in output
    with ProgressStore() as store:
        attempts = [(a.question_id, a.kind, a.status, a.via) for a in store.attempts()]
    assert attempts == [("implement-relu", "code", "correct", "check"), ("implement-sigmoid", "code", "wrong", "check")]


def test_check_cannot_grade_is_exit_2_and_not_recorded(tmp_path: Path) -> None:
    code, output = invoke("check", "no-such-exercise", str(SOLUTIONS_DIR / "relu.py"))
    assert code == 2 and "unknown exercise 'no-such-exercise'" in output
    code, output = invoke("check", "relu", str(tmp_path / "missing.py"))
    assert code == 2 and "no such file" in output
    code, output = invoke("check", "relu", str(SOLUTIONS_DIR / "relu.py"), "--device", "cuda")
    assert code == 2 and "--backend torch" in output
    assert "Traceback" not in output
    with ProgressStore() as store:
        assert store.attempts() == []


@pytest.mark.parametrize("timeout", ["inf", "1e300", "nan", "0", "-1"])
def test_a_timeout_out_of_range_is_refused_before_running(timeout: str) -> None:
    code, output = invoke("check", "relu", str(SOLUTIONS_DIR / "relu.py"), "--timeout", timeout)
    assert code == 2 and "the timeout must be more than 0 and at most 3600 seconds" in output
    assert "internal error" not in output and "sandbox" not in output


def test_check_of_a_directory_says_so(tmp_path: Path) -> None:
    code, output = invoke("check", "relu", str(tmp_path))
    assert code == 2 and "is a directory" in output


def test_hints_come_one_after_another(tmp_path: Path) -> None:
    hints = EXERCISES["softmax"].hints
    for number in (1, 2, 3, 3):
        code, output = invoke("exercise", "softmax", "--hint")
        assert code == 0 and f"hint {number}/{len(hints)}" in output
        assert hints[number - 1].en[:40] in " ".join(output.split())
    assert not (tmp_path / "softmax.py").exists()


def test_hints_in_russian() -> None:
    code, output = invoke("exercise", "softmax", "--hint", "--lang", "ru")
    assert code == 0 and EXERCISES["softmax"].hints[0].ru[:40] in " ".join(output.split())


def test_after_a_failed_check_the_next_hint_is_the_diagnosed_bugs() -> None:
    adam = EXERCISES["adam"]
    assert "hint 1/" in invoke("exercise", "adam", "--hint")[1]
    buggy = Path(__file__).parent / "buggy" / "adam_step_counter_off_by_one.py"
    code, output = invoke("check", "adam", str(buggy), "--json")
    report = json.loads(output)
    assert code == 1 and "step counter" in report["diagnosis"] and report["hint_number"] == 4
    assert report["hint"] == adam.hints[3].en
    code, output = invoke("exercise", "adam", "--hint")
    assert code == 0 and "hint 4/" in output and adam.hints[3].en[:40] in " ".join(output.split())
    assert "hint 2/" in invoke("exercise", "adam", "--hint")[1]  # then the sequence goes on


def test_the_template_follows_lang(tmp_path: Path) -> None:
    assert invoke("exercise", "dropout", "--dir", str(tmp_path), "--lang", "ru")[0] == 0
    text = (tmp_path / "dropout.py").read_text()
    assert EXERCISES["dropout"].question.prompt.ru[:50] in " ".join(text.split())
    assert "Что проверяет quizprep check" in text and "--hint --lang ru" in text


def test_the_template_states_the_contract_not_the_algorithm() -> None:
    text = " ".join(invoke("exercise", "adam", "--solution", "--force")[1].split())
    assert "1 - beta1" in text  # the solution has the update rule ...
    for exercise_id in ("adam", "batchnorm", "rmsprop", "sgd", "softmax", "dropout"):
        template = " ".join(template_source(exercise_id).split())
        for formula in ("1 − beta1", "1 - beta1", "beta1^t", "(1 − momentum)", "sqrt(var + eps)", "var·N/(N − 1)",
                        "1/(1 − p)", "y_i(δ_ij", "momentum·buf", "square_avg = alpha"):
            assert formula not in template, f"{exercise_id}'s template gives away {formula!r}"


def test_solution_only_after_passing_or_with_force() -> None:
    code, output = invoke("exercise", "relu", "--solution")
    assert code == 2 and "first" in output
    assert invoke("exercise", "relu", "--solution", "--force")[0] == 0
    invoke("check", "relu", str(SOLUTIONS_DIR / "relu.py"))
    code, output = invoke("exercise", "relu", "--solution")
    assert code == 0 and "class ReLU(Layer)" in output


def test_solution_redirected_to_a_file_is_the_whole_source() -> None:
    # a panel at 80 columns cropped the long lines: `--solution > sol.py` must give code that runs
    code, output = invoke("exercise", "batchnorm", "--solution", "--force")
    assert code == 0 and output == EXERCISES["batchnorm"].solution_source()
    compile(output, "sol.py", "exec")


def test_solution_panel_wraps_long_lines_instead_of_cropping_them() -> None:
    from io import StringIO

    from rich.console import Console

    from quizprep.ui.check_report_view import render_solution

    console = Console(file=StringIO(), width=70)
    console.print(render_solution(EXERCISES["batchnorm"], EXERCISES["batchnorm"].solution_source()))
    shown = " ".join(console.file.getvalue().replace("│", " ").split())
    assert "running_var gets the unbiased variance" in shown


@pytest.mark.parametrize(("status", "passed"), [("correct", True), ("wrong", False)])
def test_a_code_question_passed_or_given_up_in_a_quiz_unlocks_the_solution(status: str, passed: bool) -> None:
    # the quiz's closing of a code question says `quizprep exercise relu --solution`: it must then work
    from quizprep.study.store import Attempt

    with ProgressStore() as store:
        store.record_attempt(Attempt("implement-relu", "activations", "code", status, "relu.py", via="code"))
    code, output = invoke("exercise", "relu", "--solution")
    assert code == 0 and "class ReLU(Layer)" in output
    relu_row = next(line for line in invoke("exercise")[1].splitlines() if " relu " in line)
    assert ("✓" in relu_row) is passed


def test_exercise_without_id_lists_them_with_states_and_suggests_the_next() -> None:
    code, output = invoke("exercise")
    assert code == 0 and f"0/{len(EXERCISES)} passed" in output and "Next: quizprep exercise linear" in output
    invoke("check", "linear", str(SOLUTIONS_DIR / "linear.py"))
    invoke("check", "relu", str(Path(__file__).parent / "buggy" / "relu_inplace.py"))
    code, output = invoke("exercise")
    assert code == 0
    for exercise in EXERCISES.values():
        assert exercise.id in output
    rows = {line.split()[1]: line for line in output.splitlines() if line.split()[1:2] and
            line.split()[1] in EXERCISES}
    assert "✓" in rows["linear"] and "passed" in rows["linear"]
    assert "attempted" in rows["relu"] and "new" in rows["sigmoid"]
    assert f"1/{len(EXERCISES)} passed" in output and "Next: quizprep exercise relu" in output
    code, output = invoke("exercise", "--lang", "ru")
    assert f"сдано 1/{len(EXERCISES)}" in output and "начато" in output


def test_watch_rechecks_on_each_change_and_exits_with_the_last_result(monkeypatch: pytest.MonkeyPatch,
                                                                     tmp_path: Path) -> None:
    from quizprep.exercises import watch

    path = tmp_path / "relu.py"
    path.write_text((SOLUTIONS_DIR / "relu.py").read_text())
    saves = [lambda: path.write_text("class Nope:\n    pass\n"), lambda: path.unlink()]

    def fake_watch(file: Path, run_once) -> None:
        run_once()
        for save in saves:
            save()
            run_once()
        raise KeyboardInterrupt

    monkeypatch.setattr(watch, "watch_file", fake_watch)
    code, output = invoke("check", "relu", str(path), "--watch")
    assert output.count("watching") == 3
    assert "✓ passed" in output and "defines no class ReLU" in output and "no such file" in output
    assert f"Next exercise: quizprep exercise sigmoid   (1/{len(EXERCISES)} passed)" in output  # offered after the pass
    assert code == 2  # the last run could not grade: the file was gone
    with ProgressStore() as store:
        assert [a.status for a in store.attempts()] == ["correct", "wrong"]


def test_watch_file_runs_now_and_after_each_batch_of_changes() -> None:
    from quizprep.exercises.watch import watch_file

    runs: list[int] = []
    watch_file(Path("x.py"), lambda: runs.append(len(runs)), changes=[{"a"}, set(), {"b"}])
    assert runs == [0, 1, 2]  # an idle tick (empty batch) with the file unchanged runs nothing


def test_watch_file_catches_a_save_made_before_the_watcher_started(tmp_path: Path) -> None:
    from quizprep.exercises.watch import watch_file

    path = tmp_path / "relu.py"
    path.write_text("a")
    runs: list[str] = []

    def run_once() -> None:
        runs.append(path.read_text())
        if len(runs) == 1:
            path.write_text("ab")  # saved before any event could be delivered

    watch_file(path, run_once, changes=[set(), set()])
    assert runs == ["a", "ab"]


def test_commands_do_not_import_numpy_or_torch_for_help() -> None:
    code = ("import sys; from quizprep.cli import app; import quizprep.commands.exercising; "
            "print(sorted(m for m in ('numpy', 'torch', 'sympy') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_watch_mode_end_to_end_rechecks_on_save_until_ctrl_c(tmp_path: Path) -> None:
    path = tmp_path / "relu.py"
    path.write_text((SOLUTIONS_DIR / "relu.py").read_text())
    process = subprocess.Popen([sys.executable, "-m", "quizprep", "check", "relu", str(path), "--watch"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=os.environ.copy(),
                               preexec_fn=default_ctrl_c)  # noqa: PLW1509 - resets one signal action, takes no lock
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(process.stdout.readline, "")), daemon=True)
    reader.start()

    def wait_for(count: int) -> None:
        deadline = time.monotonic() + 20
        while sum("watching" in line for line in lines) < count:
            assert time.monotonic() < deadline and process.poll() is None, "".join(lines)
            time.sleep(0.05)

    try:
        wait_for(1)
        buggy = (Path(__file__).parent / "buggy" / "relu_inplace.py").read_text()
        path.write_text(buggy)
        wait_for(2)
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 1  # the last check failed
    finally:
        process.kill()
    output = "".join(lines)
    assert "✓ passed" in output and "modifies its input in place" in output


def test_solution_for_the_torch_backend() -> None:
    code, output = invoke("exercise", "leaky_relu", "--solution", "--force", "--backend", "torch")
    assert code == 0 and output == EXERCISES["leaky-relu"].solution_source("torch")
    assert "import torch" in output and "np." not in output


def test_checking_leaves_no_pycache_beside_the_file(tmp_path: Path) -> None:
    path = tmp_path / "relu.py"
    path.write_text((SOLUTIONS_DIR / "relu.py").read_text())
    assert invoke("check", "relu", str(path))[0] == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["relu.py"]


def test_underscored_id_is_accepted_by_check_and_exercise(tmp_path: Path) -> None:
    assert invoke("exercise", "leaky_relu", "--dir", str(tmp_path))[0] == 0
    code, output = invoke("check", "leaky_relu", str(SOLUTIONS_DIR / "leaky_relu.py"), "--json")
    assert code == 0 and json.loads(output)["exercise"] == "leaky-relu"


# ---------------------------------------------------------------- qa: what `exercise` says, in both languages


def test_writing_a_template_is_said_in_russian(tmp_path: Path) -> None:
    result = runner.invoke(app, ["exercise", "relu", "--dir", str(tmp_path), "--lang", "ru"])
    assert result.exit_code == 0, result.output
    assert "записан" in result.output and "допишите класс ReLU" in result.output and "wrote" not in result.output


@pytest.mark.parametrize("option", ["--hint", "--solution"])
def test_hint_or_solution_without_an_id_is_an_error_not_the_list(option: str) -> None:
    result = runner.invoke(app, ["exercise", option])
    assert result.exit_code == 2
    assert f"{option} needs an exercise: quizprep exercise ID {option}" in result.output
    assert "Next:" not in result.output
