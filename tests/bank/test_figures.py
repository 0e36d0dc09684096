"""Figure questions: the plot is computed from the drawn parameters, the answer agrees with an independent
reading of how the parameters were drawn, and the figure degrades to text when output is not a terminal."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from rich.console import Console

from quizprep.bank.figures import build_figure
from quizprep.bank.figures.learning_curves import largest_stable_lr, learning_rate_runs, regression_data
from quizprep.bank.instance import instantiate
from quizprep.bank.loader import load_bank, load_file
from quizprep.errors import BankError
from quizprep.ui.figure_view import describe_figure, figure_renderable
from quizprep.ui.question_view import render_question

BANK = load_bank(include_env=False)
FIGURES = [q for q in BANK if q.figure]
SEEDS = range(1, 13)


def test_at_least_twelve_figure_questions_of_several_kinds() -> None:
    assert len(FIGURES) >= 12
    assert len({q.figure["kind"] for q in FIGURES}) >= 5
    assert len({q.topic for q in FIGURES}) >= 4


def _answers(question_id: str) -> list[tuple[dict, int]]:
    question = BANK.get(question_id)
    return [(instance.params, instance.answer) for instance in (instantiate(question, s) for s in SEEDS)]


def test_too_high_is_the_run_beyond_two_over_lambda_max() -> None:
    for params, answer in _answers("figure-lr-too-high"):
        x, _ = regression_data(params["data"])
        # the curvature of MSE for a linear model, computed here with numpy alone: H = (2/N)·XᵀX
        limit = 2.0 / np.linalg.eigvalsh(2.0 / len(x) * x.T @ x).max()
        lrs = learning_rate_runs(params)["lrs"]
        assert lrs[answer - 1] > limit and all(lr < limit for i, lr in enumerate(lrs) if i != answer - 1)
        assert params["order"][answer - 1] == 2  # the run drawn as 'high'


def test_too_low_is_the_run_drawn_low() -> None:
    for params, answer in _answers("figure-lr-too-low"):
        assert params["order"][answer - 1] == 0


def test_learning_curves_match_gradient_descent_in_closed_form() -> None:
    """The engine's run equals gradient descent on MSE written directly in numpy."""
    params = BANK.get("figure-lr-too-high").params
    x, y = regression_data(params["data"])
    lr = learning_rate_runs(params)["lrs"][0]
    w, b = np.zeros((3, 1)), np.zeros(1)
    from quizprep.engine import Linear

    b[:] = Linear(3, 1, rng=0).b.data  # the engine's run starts from W = 0 and its own bias
    expected = []
    for _ in range(5):
        residual = x @ w + b - y
        expected.append(float(np.mean(residual**2)))
        w, b = w - lr * 2 * x.T @ residual / len(x), b - lr * 2 * residual.mean(axis=0)
    assert np.allclose(learning_rate_runs(params)["losses"][0][:5], expected, rtol=1e-9)
    assert largest_stable_lr(x) > 0


def test_momentum_is_the_run_labelled_momentum() -> None:
    for params, answer in _answers("figure-momentum-ravine"):
        assert params["labels"][answer - 1] == "momentum"


def test_activation_curves_and_names() -> None:
    from quizprep.bank.figures.activations import ACTIVATIONS, activation_values

    values = activation_values({"activation": "tanh"})
    x = np.array(values["x"])
    assert np.allclose(values["f"], np.tanh(x)) and np.allclose(values["df"], 1 - np.tanh(x) ** 2)
    values = activation_values({"activation": "sigmoid", "scale": 3.0})
    s = 1 / (1 + np.exp(-3 * x))
    assert np.allclose(values["df"], 3 * s * (1 - s))
    for params, answer in _answers("figure-which-activation"):
        assert ACTIVATIONS[answer - 1] == params["activation"]
    for params, answer in _answers("figure-sigmoid-steepness"):
        assert answer == pytest.approx(params["scale"])


@pytest.mark.parametrize(("question_id", "right_scale"), [
    ("figure-tanh-init-depth", 1.0), ("figure-relu-he-init", math.sqrt(2.0)), ("figure-tanh-saturation", None)])
def test_initialisation_answers(question_id, right_scale) -> None:
    for params, answer in _answers(question_id):
        if right_scale is None:  # saturation: the larger of the two scales
            assert params["scales"][answer - 1] == max(params["scales"])
        else:
            assert params["scales"][answer - 1] == pytest.approx(right_scale)


def test_fit_diagnosis_follows_the_model_capacity() -> None:
    answers = _answers("figure-fit-diagnosis")
    assert {answer for _, answer in answers} == {1, 2}
    for params, answer in answers:
        assert answer == (1 if params["model"] == "linear" else 2)


def test_early_stopping_keeps_the_validation_minimum() -> None:
    assert {answer for _, answer in _answers("figure-early-stopping-epoch")} == {2}


@pytest.mark.parametrize("question", FIGURES, ids=lambda q: q.id)
def test_terminal_gets_a_plot_and_a_pipe_gets_the_description(question) -> None:
    instance = instantiate(question, 4 if question.is_parameterized else None)
    figure = build_figure(question.figure, instance.params)
    for lang in ("en", "ru"):
        terminal = Console(force_terminal=True, width=100, color_system=None, record=True)
        terminal.print(render_question(instance, lang))
        plotted = terminal.export_text()
        assert "┌" in plotted and all(s.label.in_lang(lang) in plotted for s in figure.series)
        assert figure.description.in_lang(lang) not in plotted.replace("\n", " ")
        pipe = Console(force_terminal=False, width=100, record=True)
        pipe.print(figure_renderable(instance, lang))
        described = " ".join(pipe.export_text().split())
        assert describe_figure(figure, lang) == described and "┌" not in described


def test_the_plot_follows_the_seed() -> None:
    for question in FIGURES:
        if question.is_parameterized:
            texts = {describe_figure(build_figure(question.figure, instantiate(question, s).params), "en")
                     for s in (1, 2, 3)}
            assert len(texts) > 1, question.id


def test_figure_field_errors_name_the_field(tmp_path: Path) -> None:
    base = """topic = "t"
[[question]]
id = "q"
kind = "choice"
title = { en = "T", ru = "Т" }
prompt = { en = "P", ru = "П" }
explanation = { en = "E", ru = "О" }
choices = [{ en = "a", ru = "а" }, { en = "b", ru = "б" }]
source = { beyond = true }
"""
    bad_kind = tmp_path / "a.toml"
    bad_kind.write_text(base + 'answer = 1\nfigure = { kind = "pie" }\n', encoding="utf-8")
    with pytest.raises(BankError, match="figure"):
        load_file(bad_kind)
    typed_answer = tmp_path / "b.toml"
    typed_answer.write_text(base + 'answer = 1\ngenerator = "figure-lr-too-high"\n', encoding="utf-8")
    with pytest.raises(BankError, match="computed"):
        load_file(typed_answer)
