"""Automatic feedback: the kind of mistake is found without any authoring."""

from __future__ import annotations

import pytest

from quizprep.checking.equivalence import compare
from quizprep.checking.feedback import STEP, diagnose
from quizprep.checking.parser import parse_expression

SIGMOID = "sigmoid(x)*(1 - sigmoid(x))"
X = {"x": "real"}
BN = {"x": "real", "gamma": "real", "beta": "real", "mu": "real", "var": "positive", "eps": "positive"}
MATRICES = {"X": ("N", "D"), "W": ("D", "M"), "V": ("D", "D")}


def feedback(answer: str, reference: str, symbols: dict | None = None, matrices: dict | None = None,
             lang: str = "en") -> str:
    symbols = X if symbols is None else symbols
    comparison = compare(parse_expression(answer, symbols, matrices), parse_expression(reference, symbols, matrices),
                         symbols)
    assert comparison.result.status == "different", comparison.result
    return diagnose(comparison).in_lang(lang)


@pytest.mark.parametrize(("answer", "reference", "expected"), [
    ("-sigmoid(x)*(1 - sigmoid(x))", SIGMOID, "The sign is flipped"),
    ("x - 1", "1 - x", "The sign is flipped"),
    ("2*sigmoid(x)*(1 - sigmoid(x))", SIGMOID, "constant factor: your answer is 2 times"),
    ("sigmoid(x)*(1 - sigmoid(x))/2", SIGMOID, "constant factor: your answer is 1/2 times"),
    ("x^2", "2*x^2 / 3", "constant factor: your answer is 3/2 times"),
    ("sigmoid(x)*(1 - sigmoid(x)) + 1", SIGMOID, "additive constant: your answer is the expected one + 1"),
    ("sin(x)^2", "-cos(x)^2", "additive constant: your answer is the expected one + 1"),
    ("x^2 - 1/4", "x^2", "additive constant: your answer is the expected one − 1/4"),
    ("sigmoid(x)", SIGMOID, "This is the function itself"),
    ("tanh(x)", "1 - tanh(x)^2", "This is the function itself"),
    ("x^3/3", "x^2", "This is the function itself"),
    ("2", "2*x", "This is the derivative of the expected one"),
])
def test_scalar_mistakes_are_classified(answer: str, reference: str, expected: str) -> None:
    assert expected in feedback(answer, reference)


def test_missing_and_extra_variables() -> None:
    text = feedback("gamma*(x - mu)/sqrt(var) + beta + x*0", "gamma*(x - mu)/sqrt(var + eps) + beta", BN)
    assert text == "Your answer does not depend on eps, but the expected one does."
    text = feedback("x + mu", "x", {"x": "real", "mu": "real"})
    assert text == "Your answer depends on mu, but the expected one does not."


def test_domain_mismatch_names_the_point() -> None:
    text = feedback("sqrt(x)^3/x", "abs(x)^(1/2)*sign(x)", X)
    assert "not defined (or not real) at x = -" in text


def test_log_of_a_negative_is_a_domain_mismatch() -> None:
    text = feedback("2*log(x)", "log(x^2)", X)
    assert "not defined (or not real)" in text


@pytest.mark.parametrize(("answer", "expected"), [
    ("W.T @ X.T @ X", "Your answer is M×D, ∇_W must be D×M like W — a missing transpose?"),
    ("X @ W", "Your answer is N×M, but ∇_W must be D×M like W."),
    ("2 * X.T @ X @ W", "constant factor: your answer is 2 times"),
    ("-X.T @ X @ W", "The sign is flipped"),
])
def test_matrix_mistakes(answer: str, expected: str) -> None:
    assert expected in feedback(answer, "X.T @ X @ W", {}, MATRICES)


def test_square_transpose_is_named() -> None:
    assert feedback("V.T @ V @ V", "(V.T @ V @ V).T", {}, MATRICES) == "Your answer is the transpose of the expected one."


def test_russian_messages() -> None:
    assert "Перепутан знак" in feedback("-x", "x", lang="ru")
    assert "пропущено транспонирование" in feedback("W.T @ X.T @ X", "X.T @ X @ W", {}, MATRICES, lang="ru")


def test_step_wording_for_derivations() -> None:
    comparison = compare(parse_expression("-x^2", X), parse_expression("x^2", X), X)
    assert diagnose(comparison, STEP).en == "The sign is flipped: this step is −1 times the previous step."
