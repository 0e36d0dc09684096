"""The exercises beyond the notes (issue 13): correct files in other styles pass, the torch solutions pass with
--backend torch, a failure's next hint is the one for the named bug, and the checker can grade against the
shipped solution while the engine lacks a class. (Each buggy file's diagnosis: test_diagnosis.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from exercise_cases import annotated_files

from quizprep.exercises.catalog import EXERCISES, TORCH_SOLUTIONS_DIR
from quizprep.exercises.runner import check_file

HERE = Path(__file__).resolve().parent
BEYOND = ("conv2d", "maxpool2d", "batchnorm2d", "layernorm", "embedding", "attention", "adamw")


def correct_files() -> list[object]:
    found = []
    for path in sorted((HERE / "beyond_correct").glob("*.py")):
        exercise = path.read_text(encoding="utf-8").splitlines()[0].removeprefix("# exercise: ")
        found.append(pytest.param(path, exercise, id=path.stem))
    return found


def test_every_beyond_exercise_has_a_correct_file_and_named_bugs() -> None:
    correct = {param.values[1] for param in correct_files()}
    buggy = {param.values[1] for param in annotated_files("buggy")}
    assert set(BEYOND) <= correct and set(BEYOND) <= buggy
    assert all(EXERCISES[e].question.source.beyond for e in BEYOND)


@pytest.mark.parametrize(("path", "exercise_id"), correct_files())
def test_correct_code_in_another_style_passes(path: Path, exercise_id: str) -> None:
    report = check_file(exercise_id, path, timeout=10)
    assert report.passed, f"{report.diagnosis}\n{[r for r in report.probes if not r.ok]}\n{report.traceback}"
    assert report.exit_code == 0 and len(report.probes) >= 5


@pytest.mark.parametrize("exercise_id", BEYOND)
def test_torch_solution_passes_with_torch_backend(exercise_id: str, torch) -> None:
    path = TORCH_SOLUTIONS_DIR / EXERCISES[exercise_id].file_name
    report = check_file(exercise_id, path, backend="torch", strict=True, timeout=20)
    assert report.passed, f"{report.diagnosis}\n{[r for r in report.probes if not r.ok]}\n{report.traceback}"


@pytest.mark.parametrize(("name", "exercise_id", "number"), [
    ("conv2d_flipped_kernel", "conv2d", 2), ("conv2d_output_size_off_by_one", "conv2d", 1),
    ("conv2d_same_padding", "conv2d", 1), ("conv2d_strided_backward", "conv2d", 3),
    ("maxpool2d_grad_every_element", "maxpool2d", 3), ("maxpool2d_grad_every_tie", "maxpool2d", 3),
    ("batchnorm2d_per_position", "batchnorm2d", 1), ("layernorm_batch_axis", "layernorm", 1),
    ("embedding_lost_repeats", "embedding", 2), ("attention_unscaled", "attention", 1),
    ("attention_mask_after_softmax", "attention", 2), ("attention_mask_reversed", "attention", 2),
    ("attention_softmax_over_queries", "attention", 3), ("attention_backward_returns_dq_only", "attention", 4),
    ("adamw_l2_in_adam", "adamw", 2)])
def test_the_next_hint_is_the_one_for_the_named_bug(name: str, exercise_id: str, number: int) -> None:
    report = check_file(exercise_id, HERE / "buggy" / f"{name}.py", lang="ru", timeout=10)
    assert report.hint_number == number, report.diagnosis
    assert report.hint == EXERCISES[exercise_id].hints[number - 1].ru


def test_without_the_engines_class_the_shipped_solution_is_the_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    import quizprep.engine
    from quizprep.exercises.probes.base import reference_class

    monkeypatch.delattr(quizprep.engine, "Conv2d")
    cls = reference_class(EXERCISES["conv2d"])
    assert cls.__name__ == "Conv2d" and cls.__module__.startswith("quizprep_reference_")
    report = check_file("conv2d", HERE / "buggy" / "conv2d_flipped_kernel.py", timeout=10)
    assert not report.passed and "flipped kernel" in report.diagnosis


# --- cs231n's function style: conv_forward_naive, max_pool_forward_naive, spatial_batchnorm_*, layernorm_* -----

CNN_LAYERS = HERE / "cs231n" / "correct" / "cnn_layers.py"
CS231N_BEYOND = ("conv2d", "maxpool2d", "batchnorm2d", "layernorm")


@pytest.mark.parametrize("exercise_id", CS231N_BEYOND)
def test_correct_cs231n_cnn_file_passes(exercise_id: str) -> None:
    report = check_file(exercise_id, CNN_LAYERS, timeout=20)
    assert report.style == "cs231n"
    assert report.passed, f"{report.diagnosis}\n{[r for r in report.probes if not r.ok]}\n{report.traceback}"
    assert len(report.probes) >= 5
    if exercise_id == "maxpool2d":  # cs231n's pooling has no padding: the adapter pads with −inf, and says so
        assert any("no padding" in note for note in report.notes)
    if exercise_id == "batchnorm2d":  # eval-mode backward is not in the style: left out, and said
        assert any("not checked" in note and "eval" in note for note in report.notes)
        assert any("OLD statistic" in note for note in report.notes)


@pytest.mark.parametrize("exercise_id", CS231N_BEYOND)
def test_cs231n_cnn_template_states_the_contract_and_is_graded_as_unwritten(exercise_id: str, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from quizprep.cli import app

    result = CliRunner().invoke(app, ["exercise", exercise_id, "--style", "cs231n", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    path = next(tmp_path.glob("*.py"))
    text = path.read_text()
    compile(text, str(path), "exec")
    assert "Returns (" in text and "class " not in text
    report = check_file(exercise_id, path, timeout=10)
    assert report.style == "cs231n" and not report.passed
    assert "not written yet" in (report.diagnosis or "")
