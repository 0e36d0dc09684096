"""The notebook side: `quizprep.check(ID, path_or_source)` and the `%%quizprep check ID` magic in a real kernel."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import quizprep
from quizprep.errors import QuizprepError
from quizprep.exercises.catalog import SOLUTIONS_DIR
from quizprep.study.store import ProgressStore

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
RELU = (SOLUTIONS_DIR / "relu.py").read_text()
RELU_INPLACE = (HERE / "buggy" / "relu_inplace.py").read_text()
CS231N_DROPOUT = (HERE / "cs231n" / "correct" / "dropout_drop_p.py").read_text()
KERNEL_SECONDS = 180  # starting a kernel on a busy machine is slow; generous, never a timing assert


def test_check_takes_a_path_or_source_and_returns_the_report(tmp_path: Path) -> None:
    by_source = quizprep.check("relu", RELU)
    assert by_source.passed and by_source.file == "source" and by_source.exit_code == 0
    by_path = quizprep.check("relu", SOLUTIONS_DIR / "relu.py")
    assert by_path.passed and by_path.file.endswith("relu.py")
    assert quizprep.check("relu", str(SOLUTIONS_DIR / "relu.py")).passed
    buggy = quizprep.check("relu", RELU_INPLACE)
    assert not buggy.passed and "modifies its input in place" in buggy.diagnosis
    cs231n = quizprep.check("dropout", CS231N_DROPOUT)
    assert cs231n.passed and cs231n.style == "cs231n"
    with pytest.raises(QuizprepError, match="no such file"):
        quizprep.check("relu", str(tmp_path / "missing.py"))
    with ProgressStore() as store:
        assert store.attempts() == []


def test_import_quizprep_stays_light() -> None:
    code = ("import sys, quizprep; heavy = [m for m in ('numpy', 'IPython', 'rich', 'quizprep.notebook') "
            "if m in sys.modules]; print(heavy)")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert result.stdout.strip() == "[]"


def run_notebook(cells: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[list[dict]]:
    """Execute the cells in a fresh python3 kernel; the outputs of each cell."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # the kernel imports this tree's quizprep
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(cell) for cell in cells])
    client = nbclient.NotebookClient(notebook, kernel_name="python3", timeout=KERNEL_SECONDS,
                                     startup_timeout=KERNEL_SECONDS, allow_errors=True,
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    return [cell["outputs"] for cell in notebook.cells]


def text_of(outputs: list[dict]) -> str:
    parts = []
    for output in outputs:
        if output.get("output_type") == "stream":
            parts.append(output.get("text", ""))
        elif output.get("output_type") == "error":
            parts.append(f"{output.get('ename')}: {output.get('evalue')}")
        else:
            parts.append(output.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


def test_cell_magic_grades_the_cell_in_a_real_kernel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outputs = run_notebook([
        "%load_ext quizprep",
        f"%%quizprep check relu\n{RELU}",
        f"%%quizprep check relu\n{RELU_INPLACE}",
        f"%%quizprep check dropout\n{CS231N_DROPOUT}",
        "%%quizprep check sigmoid --style cs231n\nx = 1",
        "%%quizprep grade relu\nx = 1",
        "import sys; print('ReLU' in dir(), 'quizprep_exercise_solution' in sys.modules)",
    ], tmp_path, monkeypatch)
    passed = text_of(outputs[1])
    assert "relu · notebook cell" in passed and "✓ passed" in passed
    assert any("text/html" in output.get("data", {}) for output in outputs[1])  # Rich renders as HTML in Jupyter
    failed = text_of(outputs[2])
    assert "✗ failed" in failed and "diagnosis:" in failed and "modifies its input in place" in failed
    assert "cs231n style" in text_of(outputs[3]) and "✓ passed" in text_of(outputs[3])
    assert "UsageError" in text_of(outputs[4]) and "has no cs231n-style version" in text_of(outputs[4])
    assert "UsageError" in text_of(outputs[5]) and "invalid choice: 'grade'" in text_of(outputs[5])
    assert "Traceback" not in text_of(outputs[4]) + text_of(outputs[5])
    assert text_of(outputs[6]).strip() == "False False"  # the cells' code never ran in the kernel


# ---------------------------------------------------------------- qa: a cell is not relu.py; --lang ru


def test_a_cells_syntax_error_names_the_cell_not_the_temporary_file() -> None:
    from quizprep.notebook import check_path_or_source

    report = check_path_or_source("relu", "import numpy as np\nclass ReLU:\n    def forward(self, x)\n")
    assert report.diagnosis.startswith("syntax error at line 3 of notebook cell")
    assert 'File "notebook cell", line 3' in report.traceback and "relu.py" not in report.traceback


def test_the_magic_takes_lang() -> None:
    pytest.importorskip("IPython")
    from quizprep.notebook import _parse_line, check_path_or_source

    assert _parse_line("check relu --lang ru").lang == "ru"
    buggy = (HERE / "buggy" / "relu_dout_changed_in_place.py").read_text()
    report = check_path_or_source("relu", buggy, lang="ru")
    assert report.hint.startswith("Возвращайте новый массив")
    assert check_path_or_source("relu", (SOLUTIONS_DIR / "relu.py").read_text(), lang="ru").passed
