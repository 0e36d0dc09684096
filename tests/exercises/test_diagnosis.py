"""Each known bug gets its own diagnosis: the buggy files in buggy/ say which (`# expect:`)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from exercise_cases import annotated_files

from quizprep.exercises.diagnosis import Variant, describe_factor, explain, matches
from quizprep.exercises.runner import check_file


@pytest.mark.parametrize(("path", "exercise_id", "expected"), annotated_files("buggy"))
def test_buggy_solution_fails_with_its_diagnosis(path: Path, exercise_id: str, expected: str) -> None:
    report = check_file(exercise_id, path, timeout=10)
    assert not report.passed and report.exit_code == 1
    assert report.diagnosis and expected in report.diagnosis, report.diagnosis
    assert report.hint


@pytest.mark.parametrize(("name", "exercise_id", "number"), [
    ("adam_step_counter_off_by_one", "adam", 4), ("adam_eps_inside", "adam", 2), ("batchnorm_biased_running_var",
    "batchnorm", 3), ("batchnorm_eval_forgets_gamma_beta", "batchnorm", 4), ("dropout_unscaled", "dropout", 2),
    ("dropout_two_dimensional_mask", "dropout", 1), ("cross_entropy_mutates_cache", "cross-entropy", 2),
    ("linear_overwrites_grads", "linear", 4), ("relu_dout_changed_in_place", "relu", 2),
    ("sigmoid_backward_from_input", "sigmoid", 2)])
def test_the_hint_after_a_failure_is_the_one_for_the_diagnosed_bug(name: str, exercise_id: str, number: int) -> None:
    from quizprep.exercises.catalog import EXERCISES

    report = check_file(exercise_id, Path(__file__).parent / "buggy" / f"{name}.py", lang="ru")
    assert report.hint_number == number, report.diagnosis
    assert report.hint == EXERCISES[exercise_id].hints[number - 1].ru


def test_factors_name_sum_vs_mean_and_sign() -> None:
    assert "off by exactly N = 4 (sum vs mean" in describe_factor(4.0, "dW", batch=4)
    assert "1/N = 1/4" in describe_factor(0.25, "dW", batch=4)
    assert "N·D = 12" in describe_factor(12.0, "loss", batch=4, elements=12)
    assert "D = 3" in describe_factor(3.0, "loss", batch=4, elements=12)
    assert describe_factor(-1.0, "dx").startswith("sign error")
    assert "factor of exactly 2" in describe_factor(2.0, "dx")
    assert "0.7 × the reference" in describe_factor(0.7, "dx")


def test_explain_prefers_known_variants_then_transposes_then_factors() -> None:
    rng = np.random.default_rng(0)
    expected = rng.normal(size=(5, 3))
    variant = Variant("a known bug", expected * 3)
    assert explain(expected * 3, expected, "dW", [variant]).diagnosis == "a known bug"
    assert "missing transpose" in explain(expected.T, expected, "dW").diagnosis
    assert "shape mismatch" in explain(expected[:2], expected, "dW").diagnosis
    assert "1/N = 1/5" in explain(expected / 5, expected, "dW", batch=5).diagnosis
    noisy = expected + rng.normal(size=expected.shape)
    explanation = explain(noisy, expected, "dW")
    assert explanation.diagnosis is None and "entries differ" in explanation.evidence


def test_evidence_names_non_finite_entries_and_scalars() -> None:
    expected = np.arange(6.0).reshape(2, 3)
    got = expected.copy()
    got[1, 2] = np.nan
    assert "nan at 1 of 6 entries, e.g. [1, 2]" in explain(got, expected, "y").evidence
    assert explain(np.array(2.0), np.array(1.0), "loss").evidence == "yours 2, reference 1"


def test_matches_is_relative_to_the_scale_and_strict_on_shape() -> None:
    assert matches(np.array([1e6, 1.0]), np.array([1e6, 1.0 + 1e-5]))
    assert not matches(np.ones((2, 3)), np.ones((3, 2)))
    assert not matches(np.array([np.nan]), np.array([1.0]))


def test_an_argument_changed_in_place_compares_after_with_before() -> None:
    report = check_file("relu", Path(__file__).parent / "buggy" / "relu_dout_changed_in_place.py")
    row = next(r for r in report.probes if not r.ok)
    assert row.evidence.startswith("grad changed in place: ")
    assert "(after the call vs before)" in row.evidence and "yours vs reference" not in row.evidence


def test_a_torch_file_checked_with_numpy_is_told_to_use_the_torch_backend() -> None:
    from quizprep.exercises.catalog import SOLUTIONS_DIR

    report = check_file("relu", SOLUTIONS_DIR / "torch" / "relu.py")
    assert not report.passed
    assert report.diagnosis.startswith("your file imports torch but was given numpy arrays: check it with "
                                       "--backend torch")
    assert "--backend torch" in report.hint
    numpy_bug = check_file("relu", Path(__file__).parent / "buggy" / "relu_dout_changed_in_place.py")
    assert "imports torch" not in numpy_bug.diagnosis


def test_a_constructor_that_needs_other_arguments_gets_the_constructor_hint(tmp_path: Path) -> None:
    path = tmp_path / "relu.py"
    path.write_text("from quizprep.engine import Layer\n\n\nclass ReLU(Layer):\n    def __init__(self, inplace):\n"
                    "        self.inplace = inplace\n\n    def forward(self, x):\n        return x * (x > 0)\n")
    report = check_file("relu", path)
    assert "missing 1 required positional argument" in report.diagnosis and "in the constructor ReLU()" \
        in report.diagnosis
    assert report.hint == "Keep the template's constructor: the same arguments, with the same defaults."
