"""The catalog: the issue's ids and classes, each with a bank question of kind `code`, hints and a solution."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizprep.bank.loader import load_bank
from quizprep.exercises.catalog import EXERCISES, UnknownExerciseError, get_exercise

BANK = load_bank(include_env=False)
ISSUE_IDS = {
    "linear": "Linear", "relu": "ReLU", "sigmoid": "Sigmoid", "tanh": "Tanh", "leaky-relu": "LeakyReLU",
    "elu": "ELU", "softmax": "Softmax", "dropout": "Dropout", "batchnorm": "BatchNorm1d", "mse-loss": "MSELoss",
    "l1-loss": "L1Loss", "bce-loss": "BCELoss", "cross-entropy": "CrossEntropyLoss", "sgd": "SGD",
    "adagrad": "Adagrad", "rmsprop": "RMSprop", "adam": "Adam",
}


def test_ids_and_classes_are_the_issues() -> None:
    assert {i: e.class_name for i, e in EXERCISES.items()} == ISSUE_IDS


def test_unknown_id_names_the_known_ones() -> None:
    with pytest.raises(UnknownExerciseError, match="known: linear, relu"):
        get_exercise("gelu")


@pytest.mark.parametrize("exercise_id", list(EXERCISES))
def test_each_exercise_is_a_code_question_of_the_bank(exercise_id: str) -> None:
    exercise = EXERCISES[exercise_id]
    question = BANK.get(exercise.question_id)
    assert question.kind == "code" and question.exercise == exercise_id
    assert question.topic == exercise.topic
    assert (question.source.file, question.source.section) == (exercise.source_file, exercise.source_section)
    assert question.file is not None and question.file.name == f"code-{exercise.topic}.toml"
    assert exercise.hints and exercise.solution_source().strip()
    assert exercise.file_name == exercise_id.replace("-", "_") + ".py"


def test_the_code_question_files_validate(tmp_path: Path) -> None:
    from quizprep.bank.loader import shipped_bank_dir
    from quizprep.bank.validate import validate_bank

    for path in shipped_bank_dir().glob("code-*.toml"):
        # a bank given to validate joins the shipped one: its copies need ids of their own
        (tmp_path / path.name).write_text(path.read_text().replace('id = "implement-', 'id = "copy-implement-'))
    report = validate_bank(tmp_path)
    assert report.ok and report.questions == len(EXERCISES), report.problems
    (tmp_path / "code-extra.toml").write_text(
        (tmp_path / "code-softmax.toml").read_text().replace('exercise = "softmax"', 'exercise = "gelu"')
        .replace("implement-softmax", "implement-gelu"))
    assert any("unknown exercise 'gelu'" in str(p) for p in validate_bank(tmp_path).problems)
