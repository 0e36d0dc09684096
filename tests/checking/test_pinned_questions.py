"""The pinned symbolic questions: many right forms accepted, the common wrong ones rejected with their feedback."""

from __future__ import annotations

import pytest

import quizprep
from quizprep.bank.loader import Bank, load_bank
from quizprep.checking.verdict import Verdict
from quizprep.grading import grade_answer

EQUIVALENT_FORMS = {
    "sigmoid-derivative": [
        "σ(x)(1-σ(x))", "exp(-x)/(1+exp(-x))^2", "sigmoid(x) - sigmoid(x)^2", "e^-x/(1+e^-x)²",
        "1/(2 + 2cosh(x))", "σ(x)σ(-x)", "1/(e^x + 2 + e^-x)", "dσ/dx = sigmoid(x)*(1 - sigmoid(x))",
    ],
    "tanh-derivative": [
        "1 - tanh(x)^2", "sech(x)^2", "sech²(x)", "4/(e^x + e^-x)^2", "1/cosh(x)^2", "1 − tanh²(x)",
        "(cosh(x)^2 - sinh(x)^2)/cosh(x)^2",
    ],
    "arctan-derivative": [
        "1/(1 + x^2)", "(1 + x²)^-1", "1/(x^2 + 1)", "cos(atan(x))^2", "(1 + x^2)^(-1)", "1 / (1 + x*x)",
    ],
    "softplus-derivative": [
        "1/(1 + exp(-x))", "e^x/(1 + e^x)", "sigmoid(x)", "σ(x)", "1 - 1/(1 + exp(x))", "(1 + tanh(x/2))/2",
    ],
    "relu-derivative": [
        "Heaviside(x)", "Piecewise((0, x < 0), (1, True))", "step(x)", "(sign(x) + 1)/2", "Heaviside(x, 0)",
        "Piecewise((0, x <= 0), (1, x > 0))",
    ],
    "dropout-scaling": [
        "1/(1 - p)", "(1 - p)^-1", "-1/(p - 1)", "1 / (1-p)", "1 + p/(1 - p)", "(1/(1-p))",
    ],
    "batchnorm-inference": [
        "gamma*(x - mu)/sqrt(var + eps) + beta", "γ(x−μ)/√(var+ε)+β", "beta + gamma*(x - mu)*(var + eps)^(-1/2)",
        "(gamma*x - gamma*mu)/sqrt(eps + var) + beta", "gamma*x/sqrt(var+eps) - gamma*mu/sqrt(var+eps) + beta",
    ],
    "l2-matmul-grad": [
        "X.T @ X @ W", "transpose(X)*X*W", "Xᵀ X W", "X.T*(X@W)", "(W.T @ X.T @ X).T", "(X.T @ X) @ W",
    ],
}

WRONG_FORMS = {
    "sigmoid-derivative": [
        ("sigmoid(x)*(1 + sigmoid(x))", "sign inside the bracket"),
        ("σ(x)(1+σ(x))", "sign inside the bracket"),
        ("sigmoid(x)^2", "only part of it"),
        ("sigmoid(x)", "function itself"),
        ("-σ(x)(1-σ(x))", "sign is flipped"),
    ],
    "tanh-derivative": [("1 + tanh(x)^2", "Sign error"), ("1 - tanh(x)", "squared"), ("tanh(x)", "function itself")],
    "arctan-derivative": [("1/(1 - x^2)", "artanh"), ("1/sqrt(1 - x^2)", "arcsin")],
    "softplus-derivative": [("1/(1 + exp(x))", "Sign of the exponent"), ("1/(1 + x)", "inner derivative"),
                            ("log(1 + exp(x))", "function itself")],
    "relu-derivative": [("Heaviside(-x)", "Backwards"), ("1", "only for x > 0"), ("max(0, x)", "function itself")],
    "dropout-scaling": [("1/p", "keep probability"), ("1 - p", "classic"), ("2/(1 - p)", "constant factor")],
    "batchnorm-inference": [
        ("gamma*(x - mu)/sqrt(var) + beta", "eps is missing"),
        ("beta + gamma*(x - mu)/√var", "eps is missing"),
        ("(x - mu)/sqrt(var + eps)", "gamma and shift beta are missing"),
        ("gamma*(x - mu)/(var + eps) + beta", "standard deviation"),
        ("gamma*(x - mu)/sqrt(var + eps)", "does not depend on beta"),
    ],
    "l2-matmul-grad": [
        ("W.T @ X.T @ X", "transpose of the gradient"),
        ("X @ W", "backprop through A = XW"),
        ("X @ W.T", "shapes do not fit"),
        ("W.T @ X.T @ X @ W @ W.T", "a missing transpose?"),
        ("X.T @ X @ W @ W.T @ W", "Not equal"),
    ],
}


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank()


def grade(bank: Bank, question_id: str, text: str) -> Verdict:
    return grade_answer(question_id, text, bank=bank)


@pytest.mark.parametrize("question_id", sorted(EQUIVALENT_FORMS))
def test_equivalent_forms_are_accepted(bank: Bank, question_id: str) -> None:
    forms = EQUIVALENT_FORMS[question_id]
    assert len(forms) >= 5
    for text in forms:
        verdict = grade(bank, question_id, text)
        assert verdict.status == "correct", (text, verdict)
        assert verdict.read_as
        assert verdict.method == "proved" or verdict.method.startswith("checked")


@pytest.mark.parametrize("question_id", sorted(EQUIVALENT_FORMS))
def test_the_public_grade_function_routes_here(question_id: str) -> None:
    assert quizprep.grade(question_id, EQUIVALENT_FORMS[question_id][0]).correct


@pytest.mark.parametrize("question_id", sorted(WRONG_FORMS))
def test_common_wrong_forms_get_their_feedback(bank: Bank, question_id: str) -> None:
    for text, feedback in WRONG_FORMS[question_id]:
        verdict = grade(bank, question_id, text)
        assert verdict.status == "wrong", (text, verdict)
        assert feedback in verdict.feedback, (text, verdict.feedback)


def test_wrong_answer_shows_how_it_was_read_and_a_counterexample(bank: Bank) -> None:
    verdict = grade(bank, "sigmoid-derivative", "σ(x)^2")
    assert verdict.read_as == "σ(x)^2"
    assert verdict.mistake == "sigmoid(x)^2"
    assert set(verdict.counterexample) == {"x", "yours", "expected"}
    assert float(verdict.counterexample["yours"]) != float(verdict.counterexample["expected"])


def test_feedback_comes_in_russian(bank: Bank) -> None:
    verdict = grade_answer("batchnorm-inference", "gamma*(x - mu)/sqrt(var) + beta", bank=bank, lang="ru")
    assert "Под корнем пропущен eps" in verdict.feedback
    verdict = grade_answer("sigmoid-derivative", "y", bank=bank, lang="ru")
    assert verdict.status == "invalid" and "неизвестное имя 'y'" in verdict.feedback


def test_relu_kink_is_a_convention_not_a_failure(bank: Bank) -> None:
    verdict = grade(bank, "relu-derivative", "Piecewise((0, x < 0), (1, True))")
    assert verdict.correct
    assert any("x = 0" in note and "convention" in note for note in verdict.notes)


def test_unknown_names_are_invalid_with_the_message(bank: Bank) -> None:
    verdict = grade(bank, "sigmoid-derivative", "sigmoid(y)")
    assert verdict.status == "invalid"
    assert verdict.feedback == "unknown name 'y': this question uses x"
    assert verdict.exit_code == 2


@pytest.mark.parametrize("question_id", sorted(EQUIVALENT_FORMS))
def test_bank_reference_and_mistakes_validate(bank: Bank, question_id: str) -> None:
    from quizprep.bank.instance import instantiate
    from quizprep.checking.dispatch import check

    question = bank.get(question_id)
    instance = instantiate(question)
    assert check(instance, question.answer).correct
    for mistake in question.mistakes:
        verdict = check(instance, str(mistake.answer))
        assert verdict.status == "wrong"
        assert verdict.feedback == mistake.feedback.en
