"""The equivalence checker as a library: high precision, domains, kinks, matrices, proofs, the time box."""

from __future__ import annotations

import mpmath
import pytest

from quizprep.checking.equivalence import check_equivalence, compare, draw_value, prove_equal
from quizprep.checking.evaluation import Undefined, evaluate, evaluate_with_error
from quizprep.checking.parser import make_symbol, parse_expression

X = {"x": "real"}


def expr(text: str, symbols: dict | None = X, matrices: dict | None = None):
    return parse_expression(text, symbols, matrices)


def test_float64_would_misjudge_but_50_digits_do_not() -> None:
    right, also_right = expr("sigmoid(x)*(1 - sigmoid(x))"), expr("exp(-x)/(1 + exp(-x))^2")
    at_40 = {make_symbol("x"): mpmath.mpf(40)}
    in_doubles = 1 / (1 + mpmath.e ** -40.0)
    assert float(in_doubles) * (1 - float(in_doubles)) == 0.0  # float64: 1 − σ(40) rounds to 0
    assert abs(evaluate(right, at_40) - evaluate(also_right, at_40)) < mpmath.mpf("1e-30") * evaluate(right, at_40)
    assert evaluate(right, at_40) > mpmath.mpf("4e-18")


def test_cancellation_is_detected_and_more_digits_are_used() -> None:
    cancelling = expr("(x + 1)^200 - (x^2 + 2x + 1)^100 + x")
    at_38 = {make_symbol("x"): mpmath.mpf(38.62)}
    value, error = evaluate_with_error(cancelling, at_38, 50)
    assert error > abs(value - mpmath.mpf(38.62))  # the bound owns up to the lost digits
    value, error = evaluate_with_error(cancelling, at_38, 400)
    assert abs(value - mpmath.mpf(38.62)) < mpmath.mpf("1e-20") and error < mpmath.mpf("1e-20")
    result = check_equivalence(cancelling, expr("x"), prove=False)
    assert result.equal, result


def test_wide_points_are_drawn_and_rewrites_stay_equal() -> None:
    import random

    rng = random.Random(0)
    assert max(abs(draw_value("real", rng)) for _ in range(400)) > 20
    assert check_equivalence(expr("log(1 + exp(x)) - x"), expr("log(1 + exp(-x))")).equal
    assert check_equivalence(expr("sigmoid(x)*(1 - sigmoid(x))"), expr("exp(-x)/(1 + exp(-x))^2")).equal


@pytest.mark.parametrize(("domain", "low", "high"), [
    ("probability", 0, 1), ("positive", 0, None), ("nonnegative", 0, None), ("negative", None, 0)])
def test_points_come_from_the_declared_domain(domain: str, low: float | None, high: float | None) -> None:
    import random

    rng = random.Random(1)
    for _ in range(300):
        value = draw_value(domain, rng)
        assert (low is None or value > low) and (high is None or value < high)


def test_probability_domain_makes_log_answers_comparable() -> None:
    result = check_equivalence(expr("log(p) - log(1 - p)", {"p": "probability"}),
                               expr("log(p/(1 - p))", {"p": "probability"}), {"p": "probability"})
    assert result.equal


def test_result_says_how_equality_was_established() -> None:
    assert check_equivalence(expr("(x + 1)^2"), expr("x^2 + 2x + 1")).method == "proved"
    result = check_equivalence(expr("(x + 1)^2"), expr("x^2 + 2x + 1"), prove=False)
    assert result.method == "checked at 20 points"


def test_different_comes_with_a_counterexample() -> None:
    result = check_equivalence(expr("x^2"), expr("x^3"))
    assert result.status == "different"
    point = result.counterexample
    assert set(point) == {"x", "yours", "expected"}
    x = float(point["x"])
    assert float(point["yours"]) == pytest.approx(x ** 2, rel=2e-2)  # the point is shown with 3 digits
    assert float(point["expected"]) == pytest.approx(x ** 3, rel=3e-2)


def test_kinks_are_compared_almost_everywhere_with_a_note() -> None:
    result = check_equivalence(expr("Piecewise((0, x < 0), (1, True))"), expr("Heaviside(x)"))
    assert result.equal and result.method.startswith("checked at")
    assert "x = 0" in result.notes[0].en and "yours gives 1, the reference 0.5" in result.notes[0].en


def test_undefined_points_of_the_reference_are_redrawn() -> None:
    assert check_equivalence(expr("1/x"), expr("x/x^2")).equal
    assert check_equivalence(expr("log(x^2)/2"), expr("log(abs(x))")).equal


def test_answer_undefined_where_the_reference_is_defined_is_different() -> None:
    result = check_equivalence(expr("2*log(x)"), expr("log(x^2)"))
    assert result.status == "different" and result.issue == "domain"
    assert result.counterexample["yours"] == "undefined" and float(result.counterexample["x"]) < 0


def test_real_odd_roots_of_negatives_as_on_a_whiteboard() -> None:
    assert evaluate(expr("x^(1/3)"), {make_symbol("x"): mpmath.mpf(-8)}) == -2
    with pytest.raises(Undefined):
        evaluate(expr("sqrt(x)"), {make_symbol("x"): mpmath.mpf(-4)})


def test_matrices_get_distinct_sizes_so_transposes_show_as_shapes() -> None:
    matrices = {"X": ("N", "D"), "W": ("D", "M")}
    reference = expr("X.T @ X @ W", {}, matrices)
    assert check_equivalence(expr("(W.T @ X.T @ X).T", {}, matrices), reference).equal
    result = check_equivalence(expr("W.T @ X.T @ X", {}, matrices), reference)
    assert result.issue == "transposed" and "missing transpose" in result.message.en
    checked = compare(expr("X.T @ X @ W", {}, matrices), reference, {}).result.method
    assert "N=" in checked and "D=" in checked and "M=" in checked


def test_prove_equal_handles_the_activation_identities() -> None:
    assert prove_equal(expr("sech(x)^2"), expr("1 - tanh(x)^2"))
    assert prove_equal(expr("sigmoid(x)*(1 - sigmoid(x))"), expr("exp(-x)/(1 + exp(-x))^2"))
    assert prove_equal(expr("diff(softplus(x), x)"), expr("1/(1 + exp(-x))"))
    assert not prove_equal(expr("Heaviside(x)"), expr("Piecewise((0, x < 0), (1, True))"))


def test_an_overrunning_proof_falls_back_to_the_numeric_verdict() -> None:
    slow = expr("(x + 1)^200 - (x^2 + 2x + 1)^100 + x")
    result = check_equivalence(slow, expr("x"), timeout=5)
    assert result.equal
    assert result.method in ("proved", "checked at 20 points")


def test_nothing_in_time_is_unknown() -> None:
    # this pair needs hundreds of digits at every point: far more than a millisecond of work
    slow = expr("(x + 1)^200 - (x^2 + 2x + 1)^100 + x")
    result = check_equivalence(slow, expr("x"), timeout=0.001)
    assert result.status == "unknown" and result.issue == "timeout"
