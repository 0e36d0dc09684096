"""Hostile files end as clear failures, within the timeout, with their output capped; nothing survives them."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from exercise_cases import annotated_files

from quizprep.exercises import isolation
from quizprep.exercises.runner import check_file

TIMEOUT = 2.0
MEMORY_TIMEOUT = 10.0
SLACK = 4.0  # starting the sandbox and killing it are not part of the user's time


@pytest.mark.parametrize(("path", "exercise_id", "expected"), annotated_files("hostile"))
def test_hostile_file_is_a_clear_failure(path: Path, exercise_id: str, expected: str,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(isolation.MEMORY_MB, "numpy", 512)  # memory runs out sooner (same mechanism)
    # filling 512 MiB takes CPU time a loaded machine may not give within 2 s: memory gets longer
    timeout = MEMORY_TIMEOUT if "memory" in expected else TIMEOUT
    started = time.monotonic()
    report = check_file(exercise_id, path, timeout=timeout)
    assert time.monotonic() - started < timeout + SLACK
    assert not report.passed and report.exit_code == 1
    said = " ".join([report.diagnosis or "", *(f"{row.what} {row.evidence}" for row in report.probes)])
    assert expected in said, said
    assert len(report.output) <= isolation.OUTPUT_HEAD + isolation.OUTPUT_TAIL + 100


def test_huge_print_is_captured_and_capped() -> None:
    report = check_file("relu", Path(__file__).parent / "hostile" / "huge_print.py", timeout=TIMEOUT)
    assert report.output_bytes > 10_000_000
    assert len(report.output) < 8_000 and "bytes omitted" in report.output
    assert report.output.rstrip().endswith("ALL CHECKS PASSED") and not report.passed


def test_a_fake_pass_before_os_exit_is_only_output() -> None:
    report = check_file("relu", Path(__file__).parent / "hostile" / "os_exit_after_fake_pass.py")
    assert "PASS" in report.output
    assert not report.passed and "os._exit()" in report.diagnosis


def test_syntax_error_names_the_line_without_starting_a_sandbox(tmp_path: Path) -> None:
    path = tmp_path / "relu.py"
    path.write_text("import numpy as np\n\n\nclass ReLU:\n    def forward(self, x)\n        return x\n")
    report = check_file("relu", path)
    assert not report.passed and report.exit_code == 1
    assert report.diagnosis.startswith("syntax error at line 5 of relu.py")
    assert 'File "relu.py", line 5' in report.traceback and "^" in report.traceback
    assert report.timings["sandbox_start"] == 0.0


def test_exception_shows_only_the_users_frames(tmp_path: Path) -> None:
    path = tmp_path / "relu.py"
    path.write_text("from quizprep.engine import Layer\n\n\nclass ReLU(Layer):\n    def forward(self, x):\n"
                    "        return helper(x)\n\n    def backward(self, grad):\n        return grad\n\n\n"
                    "def helper(x):\n    return x.no_such_method()\n")
    report = check_file("relu", path)
    assert not report.passed
    assert "AttributeError" in report.diagnosis
    assert 'File "relu.py", line 6, in forward' in report.traceback
    assert 'File "relu.py", line 13, in helper' in report.traceback
    assert "quizprep" not in report.traceback and "sandbox" not in report.traceback


def test_nothing_outlives_a_timeout(tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    path = tmp_path / "relu.py"
    path.write_text(
        "import subprocess\n"
        f"child = subprocess.Popen(['sleep', '60'])\nopen({str(pid_file)!r}, 'w').write(str(child.pid))\n"
        "while True:\n    pass\n")
    report = check_file("relu", path, timeout=1.0)
    assert "timed out after 1 s" in report.diagnosis
    pid = int(pid_file.read_text())
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline:
        if not _alive(pid):
            return
        time.sleep(0.05)
    pytest.fail(f"process {pid}, started by the user's code, survived the check")


def _alive(pid: int) -> bool:
    """True if the process exists and is not a zombie waiting to be reaped."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().rsplit(")", 1)[-1].split()[0] == "Z")


def test_a_timeout_gets_the_timeout_hint_not_the_hint_its_probe_name_mentions() -> None:
    # the probe "backward: dx match the reference for random upstream gradients" names the upstream gradient,
    # and relu's hint 2 is about changing the upstream gradient in place: unrelated to a loop
    report = check_file("relu", Path(__file__).parent / "hostile" / "infinite_loop_in_backward.py", timeout=TIMEOUT)
    assert "timed out" in report.diagnosis and "upstream gradients" in report.diagnosis
    assert report.hint_number is None
    assert "loop" in report.hint


def test_a_binary_file_is_named_as_not_source_not_a_syntax_error_at_line_0(tmp_path: Path) -> None:
    path = tmp_path / "relu.py"
    path.write_bytes(b"\xff\xfe\x00\x00class ReLU: pass\n")
    report = check_file("relu", path)
    assert not report.passed and report.exit_code == 1
    assert report.diagnosis.startswith("relu.py is not Python source text: ") and "line 0" not in report.diagnosis
    assert report.probes[0].evidence == "not Python source text" and report.traceback is None
