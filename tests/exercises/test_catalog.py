"""The catalog: the issue's ids and classes; the contract in contracts.toml, the words once in the bank."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from quizprep.bank.loader import load_bank
from quizprep.exercises.catalog import EXERCISES, UnknownExerciseError, get_exercise, probe_set
from quizprep.exercises.templates import template_source

BANK = load_bank(include_env=False)
ISSUE_IDS = {
    "linear": "Linear", "relu": "ReLU", "sigmoid": "Sigmoid", "tanh": "Tanh", "leaky-relu": "LeakyReLU",
    "elu": "ELU", "softmax": "Softmax", "dropout": "Dropout", "batchnorm": "BatchNorm1d", "mse-loss": "MSELoss",
    "l1-loss": "L1Loss", "bce-loss": "BCELoss", "cross-entropy": "CrossEntropyLoss", "sgd": "SGD",
    "adagrad": "Adagrad", "rmsprop": "RMSprop", "adam": "Adam",
    # issue 13: beyond the notes' fully-connected net
    "conv2d": "Conv2d", "maxpool2d": "MaxPool2d", "batchnorm2d": "BatchNorm2d", "layernorm": "LayerNorm",
    "embedding": "Embedding", "attention": "ScaledDotProductAttention", "adamw": "AdamW",
}


def test_ids_and_classes_are_the_issues() -> None:
    assert {i: e.class_name for i, e in EXERCISES.items()} == ISSUE_IDS


def test_unknown_id_names_the_known_ones() -> None:
    with pytest.raises(UnknownExerciseError, match="known: linear, relu"):
        get_exercise("gelu")


@pytest.mark.parametrize("spelling", ["leaky_relu", "leaky_relu.py", "Leaky-ReLU", "leaky-relu"])
def test_ids_accept_underscores_and_the_templates_file_name(spelling: str) -> None:
    assert get_exercise(spelling).id == "leaky-relu"


@pytest.mark.parametrize("exercise_id", list(EXERCISES))
def test_each_exercise_is_a_code_question_of_the_bank(exercise_id: str) -> None:
    exercise = EXERCISES[exercise_id]
    question = BANK.get(exercise.question_id)
    assert question.kind == "code" and question.exercise == exercise_id
    assert question.topic == exercise.topic
    assert question.file is not None and question.file.name == f"code-{exercise.topic}.toml"
    assert exercise.question == question  # the words come from the bank, nowhere else
    assert len(exercise.hints) >= 2 and exercise.solution_source().strip()
    torch_source = exercise.solution_source("torch")
    assert torch_source.startswith('"""') and "np." not in torch_source and "numpy" not in torch_source
    assert exercise.file_name == exercise_id.replace("-", "_") + ".py"
    for piece, number in exercise.hint_for:
        assert 1 <= number <= len(exercise.hints), f"hint_for {piece!r} -> {number}"


@pytest.mark.parametrize("exercise_id", list(EXERCISES))
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_template_states_the_banks_task_in_its_language(exercise_id: str, lang: str) -> None:
    exercise = EXERCISES[exercise_id]
    text = " ".join(template_source(exercise_id, lang=lang).split())
    assert " ".join(exercise.question.prompt.in_lang(lang).split()) in text
    assert exercise.citation(lang) in text
    if not exercise.question.source.beyond:
        assert exercise.question.source.file not in text  # a note's file name means nothing to a user
    for line in probe_set(exercise, lang):
        assert " ".join(line.split()) in text
    other = "ru" if lang == "en" else "en"
    assert " ".join(exercise.question.prompt.in_lang(other).split())[:60] not in text


def test_catalog_code_holds_no_exercise_text() -> None:
    # one source of truth: no task, hint or explanation strings in catalog.py, only the contract
    source = (Path(__file__).resolve().parents[2] / "quizprep" / "exercises" / "catalog.py").read_text()
    for exercise in EXERCISES.values():
        for hint in exercise.hints:
            assert hint.en[:30] not in source


@pytest.mark.parametrize("exercise_id", [i for i, e in EXERCISES.items() if e.extras or e.configs])
def test_settings_probed_are_parameters_of_the_engine(exercise_id: str) -> None:
    import quizprep.engine

    exercise = EXERCISES[exercise_id]
    parameters = inspect.signature(getattr(quizprep.engine, exercise.class_name)).parameters
    for config in [*exercise.configs, *(c for extra in exercise.extras for c in extra.configs)]:
        assert set(config) <= set(parameters), config
    for extra in exercise.extras:
        assert extra.name.split("=")[0] in exercise.init_args, f"the template does not offer {extra.name}"


def test_the_probe_set_is_documented_from_the_same_data_the_probes_use() -> None:
    lines = probe_set(EXERCISES["cross-entropy"])
    assert any("[1000, -1000, 0]" in line for line in lines)
    lines = probe_set(EXERCISES["dropout"])
    assert any("(5000,)" in line and "(4, 5, 10, 12)" in line for line in lines)
    lines = probe_set(EXERCISES["sgd"])
    assert any(line.startswith("optional weight_decay") for line in lines)


# What must read the same in both languages: numbers, code names, formulas' symbols.
SHARED = re.compile(r"\d+(?:\.\d+)?|[A-Za-z_]\w*(?:\.\w+)+|\w*_\w+|\w+\(\)|[=·/²Σσ^√−+∂δ×]")


def _shared_tokens(text: str) -> list[str]:
    return sorted(SHARED.findall(text))


@pytest.mark.parametrize("exercise_id", list(EXERCISES))
def test_english_and_russian_say_the_same(exercise_id: str) -> None:
    question = EXERCISES[exercise_id].question
    texts = [("prompt", question.prompt), ("explanation", question.explanation), ("title", question.title),
             *((f"hint {n}", hint) for n, hint in enumerate(question.hints, 1))]
    for name, text in texts:
        assert _shared_tokens(text.en) == _shared_tokens(text.ru), f"{exercise_id} {name}"


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
