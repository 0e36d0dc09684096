"""`quizprep --help` imports none of torch, sympy, numpy (they load lazily)."""

from __future__ import annotations

import subprocess
import sys


def test_help_imports_no_heavy_library():
    code = ("import sys; from quizprep.cli import app\n"
            "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('torch', 'sympy', 'numpy', 'mpmath', 'fsrs', 'plotext', 'genanki') if m in sys.modules]\n"
            "print('HEAVY=' + ','.join(heavy))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert "HEAVY=\n" in result.stdout or result.stdout.rstrip().endswith("HEAVY="), result.stdout[-300:]


def test_python_m_quizprep_works():
    result = subprocess.run([sys.executable, "-m", "quizprep", "--help"], capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 0
    assert "answer" in result.stdout


def test_the_launcher_finds_the_command_behind_global_options():
    from quizprep.launch import command_name

    assert command_name(["answer", "x", "1"]) == "answer"
    assert command_name(["--bank", "answer", "derive", "x"]) == "derive"
    assert command_name(["--help"]) is None
