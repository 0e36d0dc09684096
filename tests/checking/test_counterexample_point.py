"""A counterexample adds up: its values are computed at the point it shows, not at an unrounded one."""

from __future__ import annotations

import math

import pytest

import quizprep


def sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


@pytest.mark.parametrize(("typed", "value_at"), [
    ("-x", lambda x: -x),
    ("x", lambda x: x),
    ("σ(x)^2", lambda x: sigmoid(x) ** 2),
    ("2x + 1", lambda x: 2 * x + 1),
])
def test_the_values_shown_are_those_at_the_point_shown(typed, value_at) -> None:
    verdict = quizprep.grade("sigmoid-derivative", typed)
    assert verdict.status == "wrong"
    shown = verdict.counterexample
    x = float(shown["x"])
    assert float(shown["yours"]) == pytest.approx(value_at(x), rel=1e-5)
    expected = sigmoid(x) * (1 - sigmoid(x))
    assert float(shown["expected"]) == pytest.approx(expected, rel=1e-5)
    assert len(shown["x"].lstrip("-").replace(".", "")) <= 4, shown["x"]


def test_a_step_counterexample_adds_up_too() -> None:
    from quizprep.checking.derivation import check_chain

    result = check_chain(["exp(-x)/(1+exp(-x))^2", "sigmoid(x)*(1+sigmoid(x))"])
    wrong = next(step for step in result.steps if step.status == "wrong")
    x = float(wrong.counterexample["x"])
    assert float(wrong.counterexample["yours"]) == pytest.approx(sigmoid(x) * (1 + sigmoid(x)), rel=1e-5)
