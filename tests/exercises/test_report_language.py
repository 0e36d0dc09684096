"""`quizprep check --lang ru` frames the report in Russian: headers, verdict, diagnosis, hint, optional settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from quizprep.cli import app
from quizprep.exercises.catalog import SOLUTIONS_DIR
from quizprep.exercises.report import CheckReport

HERE = Path(__file__).resolve().parent
runner = CliRunner()


def test_a_pass_reads_in_russian() -> None:
    result = runner.invoke(app, ["check", "relu", str(SOLUTIONS_DIR / "relu.py"), "--lang", "ru"])
    assert result.exit_code == 0, result.output
    assert "✓ сдано: пройдено проверок 10 из 10" in result.output
    assert "passed" not in result.output and "evidence" not in result.output


def test_a_failure_reads_in_russian() -> None:
    result = runner.invoke(app, ["check", "relu", str(HERE / "buggy" / "relu_dout_changed_in_place.py"), "--lang", "ru"])
    assert result.exit_code == 1, result.output
    assert "✗ не сдано: пройдено проверок" in result.output
    assert "диагноз:" in result.output and "подсказка 2:" in result.output
    assert "diagnosis:" not in result.output and "hint" not in result.output
    english = runner.invoke(app, ["check", "relu", str(HERE / "buggy" / "relu_dout_changed_in_place.py")])
    assert "✗ failed:" in english.output and "diagnosis:" in english.output


def test_optional_settings_line_in_both_languages() -> None:
    from quizprep.exercises.report import ProbeRow

    report = CheckReport("sgd", "sgd.py", probes=[ProbeRow(True, "core"),
                                                  ProbeRow(True, "n", "not attempted", "nesterov", attempted=False),
                                                  ProbeRow(True, "w", "", "weight_decay")])
    assert report.extras_text() == "optional: nesterov not attempted, weight_decay ✓"
    assert report.extras_text("ru") == "необязательные: nesterov не реализовано, weight_decay ✓"


def test_the_watch_line_in_both_languages() -> None:
    from quizprep.ui.check_report_view import watching_line

    assert watching_line(Path("relu.py")) == "watching relu.py: save to re-check, Ctrl-C to stop"
    russian = watching_line(Path("relu.py"), "ru")
    assert russian.startswith("слежу за relu.py") and "watching" not in russian


def test_a_generic_hint_follows_lang(tmp_path: Path) -> None:
    from quizprep.exercises.runner import check_file

    path = tmp_path / "relu.py"
    path.write_text("from quizprep.engine import Layer\n\n\nclass ReLU(Layer):\n    def forward(self, x):\n"
                    "        raise NotImplementedError('TODO')\n")
    assert check_file("relu", path).hint == "Replace the `raise NotImplementedError` lines with your code."
    assert check_file("relu", path, lang="ru").hint == "Замените строки `raise NotImplementedError` своим кодом."


def test_the_syntax_error_hint_follows_lang(tmp_path: Path) -> None:
    from quizprep.exercises.runner import check_file

    path = tmp_path / "relu.py"
    path.write_text("class ReLU:\n    def forward(self, x)\n        return x\n")
    assert check_file("relu", path).hint.startswith("Fix the line shown")
    assert check_file("relu", path, lang="ru").hint.startswith("Исправьте показанную строку")


@pytest.mark.parametrize("width", [50, 100])
def test_the_exercise_list_keeps_every_id_whole_at_any_width(width: int) -> None:
    import io

    from rich.console import Console

    from quizprep.exercises.catalog import EXERCISES
    from quizprep.ui.check_report_view import render_exercise_list

    console = Console(width=width, record=True, file=io.StringIO())
    console.print(render_exercise_list(EXERCISES.values(), {}, None, "en", width))
    text = console.export_text()
    firsts = {line.split()[1] for line in text.splitlines() if line.strip()[:1] in ("·", "✓", "…")}
    assert firsts == set(EXERCISES)
    assert ("layer-interface" in text) == (width >= 80)  # the topic column
