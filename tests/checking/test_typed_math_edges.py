"""Typed math at the edges: no credit for restating the question, steps that start with '-', exact
constants and real semantics, numbers as people type them, names the prompt defines, Russian messages."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import mpmath
import pytest
from typer.testing import CliRunner

import quizprep
from quizprep.bank.instance import instantiate
from quizprep.bank.loader import load_bank, load_file
from quizprep.bank.validate import validate_bank
from quizprep.checking.dispatch import check
from quizprep.checking.equivalence import check_equivalence
from quizprep.checking.evaluation import Undefined, evaluate
from quizprep.checking.messages import MESSAGES, counterexample_text, message
from quizprep.checking.numbers import read_numbers
from quizprep.checking.parser import ParseError, make_symbol, parse_expression
from quizprep.cli import app

runner = CliRunner()


def grade(question_id: str, text: str, lang: str = "en"):
    return quizprep.grade(question_id, text, lang=lang)


# ---------------------------------------------------------------- 1. no credit for restating


@pytest.mark.parametrize(("question_id", "text", "shown"), [
    ("sigmoid-derivative", "σ'(x)", "σ'(x)"),
    ("sigmoid-derivative", "diff(sigmoid(x), x)", "diff(sigmoid(x), x)"),
    ("sigmoid-derivative", "d/dx σ(x)", "d/dx σ(x)"),
    ("sigmoid-derivative", "σ''(x)", "σ''(x)"),
    ("tanh-derivative", "tanh'(x)", "tanh'(x)"),
    ("softplus-derivative", "diff(log(1+e^x), x)", "diff(log(1+e^x), x)"),
    ("relu-derivative", "diff(max(0,x), x)", "diff(max(0,x), x)"),
    ("relu-derivative", "relu'(x)", "relu'(x)"),
    ("sigmoid-derivative", "(1 - σ(x)) * d(σ(x))/dx / (1 - σ(x))", "d(σ(x))/dx"),
])
def test_restating_the_question_is_invalid_and_says_what_to_do(question_id: str, text: str, shown: str) -> None:
    verdict = grade(question_id, text)
    assert verdict.status == "invalid" and verdict.exit_code == 2, verdict
    assert verdict.feedback == f"carry the derivative out: your answer still contains {shown}"
    assert verdict.read_as == text and verdict.expected is None  # the answer is not given away
    assert grade(question_id, text, "ru").feedback == f"вычислите производную: в ответе всё ещё есть {shown}"


def test_restating_through_the_cli_exits_2_not_0() -> None:
    result = runner.invoke(app, ["answer", "sigmoid-derivative", "σ'(x)"])
    assert result.exit_code == 2, result.output
    assert "carry the derivative out" in result.output and "correct" not in result.output.lower()


def test_the_derivative_written_out_is_still_right() -> None:
    assert grade("sigmoid-derivative", "σ(x)(1 - σ(x))").correct
    assert grade("tanh-derivative", "1 - tanh(x)^2").correct


def test_a_derivation_must_end_without_derivatives() -> None:
    verdict = grade("sigmoid-derivative-steps", "σ'(x)")
    assert verdict.status == "invalid" and "1 - σ(x)" not in verdict.read_as
    assert "the last step still contains σ'(x)" in verdict.feedback
    verdict = grade("sigmoid-derivative-steps", "d/dx (1 + e^-x)^-1")
    assert verdict.status == "invalid" and "d/dx (1 + e^-x)^-1" in verdict.feedback
    assert grade("sigmoid-derivative-steps", "exp(-x)/(1+exp(-x))^2\nσ(x)(1-σ(x))").correct


TOY_SYMBOLIC = '''
topic = "toy"

[[question]]
id = "toy-symbolic"
kind = "symbolic"
title = {{ en = "Toy", ru = "Игрушка" }}
prompt = {{ en = "{prompt}", ru = "{prompt}" }}
explanation = {{ en = "It is.", ru = "Так." }}
answer = "{answer}"
symbols = {{ x = "real", z = "real" }}
source = {{ beyond = true }}
{extra}
'''


def toy_bank(tmp_path: Path, *, answer: str = "exp(x)/(1 + exp(x))", prompt: str = "Find it.", extra: str = "") -> Path:
    (tmp_path / "toy.toml").write_text(TOY_SYMBOLIC.format(answer=answer, prompt=prompt, extra=extra),
                                       encoding="utf-8")
    return tmp_path


def test_forbidden_names_make_an_answer_invalid(tmp_path: Path) -> None:
    [question] = load_file(toy_bank(tmp_path, extra='forbid = ["sigmoid"]') / "toy.toml")
    assert question.forbid == ("sigmoid",)
    verdict = check(instantiate(question), "σ(x)")
    assert verdict.status == "invalid"
    assert verdict.feedback.startswith("your answer uses sigmoid, which this question asks you to work out")
    assert check(instantiate(question), "1/(1 + exp(-x))").correct


def test_validate_refuses_an_accepted_answer_with_a_forbidden_name(tmp_path: Path) -> None:
    report = validate_bank(toy_bank(tmp_path, answer="sigmoid(x)", extra='forbid = ["sigmoid"]'))
    assert any("uses the forbidden name 'sigmoid'" in str(p) for p in report.problems), report.problems
    assert validate_bank(toy_bank(tmp_path, extra='forbid = ["sigmoid"]')).ok


def test_forbid_must_be_a_list_of_names(tmp_path: Path) -> None:
    with pytest.raises(quizprep.errors.BankError, match="forbid"):
        load_file(toy_bank(tmp_path, extra='forbid = "sigmoid"') / "toy.toml")


# ---------------------------------------------------------------- 2. steps and answers that start with '-'


def test_derive_reads_dash_f_as_a_step() -> None:
    result = runner.invoke(app, ["derive", "diff(-f*x, x)", "-f"])
    assert result.exit_code == 0, result.output
    assert "hold" in result.output


def test_derive_reads_a_step_starting_with_minus_bracket() -> None:
    result = runner.invoke(app, ["derive", "--json", "diff((1+exp(-x))^(-1), x)",
                                 "-(1+exp(-x))^(-2) * diff(1+exp(-x), x)", "exp(-x)/(1+exp(-x))^2"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["valid"] is True


@pytest.mark.parametrize("text", ["-h", "-v", "-f", "-(x)"])
def test_answer_reads_any_dash_text_as_the_answer(text: str) -> None:
    result = runner.invoke(app, ["answer", "--json", "sigmoid-derivative", text])
    assert result.exit_code in (1, 2), result.output
    verdict = json.loads(result.output)
    assert verdict["status"] in ("wrong", "invalid")
    assert "Option" not in result.output and "No such option" not in result.output


def test_derive_keeps_its_long_file_option(tmp_path: Path) -> None:
    steps = tmp_path / "steps.txt"
    steps.write_text("diff(x^2, x)\n2x\n", encoding="utf-8")
    assert runner.invoke(app, ["derive", "--file", str(steps)]).exit_code == 0


# ---------------------------------------------------------------- 3. STACK's edges


def expr(text: str, symbols: dict | None = None):
    return parse_expression(text, symbols)


def test_two_exact_constants_are_compared_exactly() -> None:
    result = check_equivalence(expr("99999999/10^8"), expr("99999998/99999999"))
    assert result.status == "different"
    assert result.counterexample["yours"] != result.counterexample["expected"]
    assert check_equivalence(expr("sqrt(11+6*sqrt(2))"), expr("3+sqrt(2)")).equal
    assert check_equivalence(expr("4^(-1/2)"), expr("1/2")).equal
    assert not check_equivalence(expr("0.333333333333333"), expr("1/3")).equal
    assert check_equivalence(expr("e^1 - e^(-1)"), expr("2*sinh(1)")).equal
    assert not check_equivalence(expr("pi"), expr("355/113")).equal


@pytest.mark.parametrize(("answer", "reference", "equal"), [
    ("(x-a)^6000", "(a-x)^6000", True),
    ("(x-a)^6000", "(x-a)^5999", False),
    ("6000*(x-a)^5999", "diff((x-a)^6000, x)", True),
    ("258552*x^7*(81*x^8+1)^398", "diff(x^3*(x^4+1)^399, x)", False),
    ("1-0.99^1000", "1 - (99/100)^1000", True),
    ("(1-p)^1000", "(1-p)^500*(1-p)^500", True),
    ("2^300", "4^150", True),
    ("2^300", "2^300 + 1", False),
])
def test_large_exponents_are_accepted_and_checked(answer: str, reference: str, equal: bool) -> None:
    result = check_equivalence(expr(answer), expr(reference))
    assert result.status == ("equal" if equal else "different"), result


def test_a_sub_expression_that_is_not_real_makes_the_point_undefined() -> None:
    k, m = make_symbol("k"), make_symbol("m")
    with pytest.raises(Undefined):
        evaluate(expr("sqrt(k/m)*sqrt(m/k)"), {k: mpmath.mpf(2), m: mpmath.mpf(-3)})
    assert evaluate(expr("sqrt(k/m)*sqrt(m/k)"), {k: mpmath.mpf(2), m: mpmath.mpf(3)}) == 1
    assert evaluate(expr("(-8)^(1/3)"), {}) == -2  # an odd root of a negative number is real


def test_a_counterexample_is_never_where_the_reference_has_no_real_value() -> None:
    for wrong in ("x - 4", "sqrt(x-3)*sqrt(x-6)", "x^2"):
        result = check_equivalence(expr(wrong), expr("sqrt(x-3)*sqrt(x-5)"))
        assert result.status == "different", (wrong, result)
        assert float(result.counterexample["x"]) >= 5, (wrong, result.counterexample)


def test_parsing_keeps_the_domain_of_exp_log() -> None:
    real = check_equivalence(expr("exp(log(x))"), expr("x"))
    assert real.status == "different" and real.issue == "domain"
    assert real.counterexample["yours"] == "undefined" and float(real.counterexample["x"]) <= 0
    positive = check_equivalence(parse_expression("exp(log(x))", {"x": "positive"}),
                                 parse_expression("x", {"x": "positive"}), {"x": "positive"})
    assert positive.equal
    assert check_equivalence(expr("sqrt(x)^2"), expr("x")).issue == "domain"


def test_an_answer_defined_on_a_wider_domain_is_right_with_a_note() -> None:
    result = check_equivalence(expr("log(a^2*b)"), expr("2*log(a)+log(b)"))
    assert result.equal
    assert any("different domains" in note.en for note in result.notes)


@pytest.mark.parametrize(("answer", "reference"), [
    ("sec(x)", "1/cos(x)"), ("csc(x)", "1/sin(x)"), ("cot(x)", "cos(x)/sin(x)"), ("csch(x)", "1/sinh(x)"),
    ("sech(x)", "2/(exp(x) + exp(-x))"), ("coth(x)", "cosh(x)/sinh(x)"),
    ("asinh(x)", "log(x + sqrt(x^2 + 1))"), ("acosh(x)", "log(x + sqrt(x^2 - 1))"),
    ("atanh(x)", "log((1 + x)/(1 - x))/2"),
    ("n!", "factorial(n)"), ("(n+1)!", "(n+1)*n!"), ("binomial(n, 2)", "n*(n-1)/2"),
    ("floor(x) + ceil(x) - floor(x)", "ceil(x)"), ("5!", "120"), ("binomial(5, 2)", "10"),
    ("diff(sec(x), x)", "sec(x)*tan(x)"), ("diff(asinh(x), x)", "1/sqrt(x^2 + 1)"),
    ("diff(cot(x), x)", "-csc(x)^2"), ("diff(acosh(x), x)", "1/(sqrt(x - 1)*sqrt(x + 1))"),
])
def test_functions_people_type(answer: str, reference: str) -> None:
    result = check_equivalence(expr(answer), expr(reference))
    assert result.equal, result


def test_factorial_of_a_huge_number_is_refused_not_computed() -> None:
    with pytest.raises(ParseError, match="too large"):
        expr("(10^8)!")


# ---------------------------------------------------------------- 4. numbers as people type them


class _Numeric:
    allow: tuple[str, ...] = ()
    forbid: tuple[str, ...] = ()


@pytest.mark.parametrize(("text", "value"), [
    ("exp(-1)", 0.36787944117144233), ("e^-1", 0.36787944117144233), ("1/e", 0.36787944117144233),
    ("sqrt(2)/2", 0.7071067811865476), ("π/4", 0.7853981633974483), ("2^-3", 0.125), ("1 / 4", 0.25),
    ("3e-4", 0.0003), ("[exp(0), 1/2]", None), ("log(2)", 0.6931471805599453),
])
def test_numeric_answers_may_be_constant_expressions(text: str, value: float | None) -> None:
    values, _ = read_numbers(text, _Numeric())
    if value is None:
        assert values == pytest.approx([1.0, 0.5])
    else:
        assert values == pytest.approx([value], rel=1e-15)


@pytest.mark.parametrize("text", ["exp(-1)", "e^-1", "1/e", "0.3679", "e^(-1)", "1/exp(1)"])
def test_numeric_question_accepts_exp_minus_one(text: str) -> None:
    assert grade("elu-derivative-value", text).correct, text


def test_the_function_the_question_computes_is_no_numeric_answer() -> None:
    verdict = grade("elu-derivative-value", "sigmoid(2)")
    assert verdict.status == "invalid" and "not sigmoid" in verdict.feedback
    verdict = grade("elu-derivative-value", "sigmoid(2)", "ru")
    assert "но не sigmoid" in verdict.feedback


def test_allow_lets_a_question_accept_more_functions() -> None:
    class Allowing(_Numeric):
        allow = ("sigmoid",)

    assert read_numbers("sigmoid(0)", Allowing())[0] == [0.5]


def test_a_decimal_comma_under_russian() -> None:
    assert grade("elu-derivative-value", "0,3679", "ru").correct
    assert read_numbers("[0,1; 0,2]", _Numeric(), "ru")[0] == pytest.approx([0.1, 0.2])
    assert read_numbers("[0.1, 0.2]", _Numeric(), "ru")[0] == pytest.approx([0.1, 0.2])
    verdict = grade("elu-derivative-value", "0,3679")
    assert verdict.status == "invalid"  # in English that is the vector [0, 3679]: a miscount


def test_too_few_digits_ask_for_more_instead_of_using_a_try() -> None:
    verdict = grade("elu-derivative-value", "0.37")
    assert verdict.status == "invalid"
    assert verdict.feedback.startswith("give 4 significant digits")
    assert grade("elu-derivative-value", "0.37", "ru").feedback.startswith("укажите не меньше 4 значащих цифр")
    assert grade("elu-derivative-value", "0.38").status == "wrong"  # not the right value rounded
    assert grade("elu-derivative-value", "0.5").status == "wrong"


def test_a_constant_with_no_real_value_is_refused() -> None:
    verdict = grade("elu-derivative-value", "log(-1)")
    assert verdict.status == "invalid" and "no real value" in verdict.feedback


# ---------------------------------------------------------------- 5. names the prompt defines


def test_a_name_the_prompt_defines_may_be_used() -> None:
    assert grade("bce-logit-gradient", "p - y").correct
    assert grade("bce-logit-gradient", "p - y + 1").status == "wrong"
    assert grade("linear-collapse-bias", "b1 W2 + b2").correct


def test_define_in_a_question_file(tmp_path: Path) -> None:
    bank = toy_bank(tmp_path, answer="sigmoid(z)*(1 - sigmoid(z))", prompt="Let q = σ(z). Find dq/dz.",
                    extra='define = { q = "sigmoid(z)" }')
    [question] = load_file(bank / "toy.toml")
    assert check(instantiate(question), "q(1 - q)").correct
    assert validate_bank(bank).ok


def test_validate_names_a_prompt_definition_the_question_does_not_declare(tmp_path: Path) -> None:
    report = validate_bank(toy_bank(tmp_path, answer="sigmoid(z)", prompt="Let q = σ(z). Write q."))
    assert any("the prompt defines 'q'" in str(p) for p in report.problems), report.problems
    assert load_bank().get("bce-logit-gradient").define == {"p": "sigmoid(z)"}


# ---------------------------------------------------------------- 6. languages and details


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_checker_message_exists_in_both_languages(key: str) -> None:
    entry = MESSAGES[key]
    assert entry.en.strip() and entry.ru.strip()
    assert _fields(entry.en) == _fields(entry.ru), key
    values = {name: "7" for name in _fields(entry.en)}
    english, russian = message(key, "en", **values), message(key, "ru", **values)
    assert english != russian or not re.search("[a-z]{3}", english)
    assert re.search("[а-я]", russian) or not re.search("[a-z]{3}", english), (key, russian)


def test_the_messages_the_issue_found_english_are_russian() -> None:
    assert grade("elu-derivative-value", "[0.1", "ru").feedback.startswith("скобки не сбалансированы")
    assert grade("elu-derivative-value", "[0,1; 0,2]", "ru").feedback.startswith("ответ — одно число; вы ввели: 2")
    choice = next(q for q in load_bank() if q.kind == "choice")
    assert check(instantiate(choice), "7", "ru").feedback.startswith("варианта 7 нет")
    shown = counterexample_text({"x": "1.45", "yours": "undefined", "expected": "2"}, "ru")
    assert shown == "x = 1.45, ваш = не определено, ожидалось = 2"


def test_counterexample_points_are_drawn_per_check_and_short() -> None:
    points = set()
    for wrong in ("σ(x)^2", "σ(x)", "1 - σ(x)", "σ(x)(1 + σ(x))"):
        verdict = grade("sigmoid-derivative", wrong)
        assert verdict.status == "wrong"
        x = verdict.counterexample["x"]
        assert len(x.lstrip("-").replace(".", "")) <= 4, x
        points.add(x)
    assert len(points) > 1
    assert grade("sigmoid-derivative", "σ(x)^2").counterexample == grade("sigmoid-derivative",
                                                                           "σ(x)^2").counterexample


# ---------------------------------------------------------------- qa: counts read as English


def test_a_decimal_comma_in_english_is_named_not_counted() -> None:
    verdict = grade("lr-exp-decay", "0,03679")
    assert verdict.status == "invalid"
    assert "0.03679" in verdict.feedback and "--lang ru" in verdict.feedback
    assert grade("lr-exp-decay", "0,03679", "ru").status == "correct"


@pytest.mark.parametrize(("question_id", "typed", "said"), [
    ("lr-exp-decay", "[1, 2]", "this answer is one number; you typed 2"),
    ("softmax-values", "[0.0022, 0.0059, 0.1182]", "this answer has 4 numbers; you typed 3"),
])
def test_a_miscount_reads_as_english(question_id: str, typed: str, said: str) -> None:
    verdict = grade(question_id, typed)
    assert verdict.status == "invalid" and verdict.feedback == said
    assert "(s)" not in verdict.feedback


@pytest.mark.parametrize("typed", ["dσ/dx", "dσ(x)/dx", "d σ(x) / dx", "∂σ/∂x"])
def test_a_leibniz_fraction_of_names_is_named_as_a_written_derivative(typed: str) -> None:
    for lang, words in (("en", "derivative written out"), ("ru", "запись производной")):
        verdict = grade("sigmoid-derivative", typed, lang)
        assert verdict.status == "invalid", verdict
        assert words in verdict.feedback and "unknown name" not in verdict.feedback


def test_a_d_inside_brackets_before_a_fraction_is_still_a_name() -> None:
    assert str(parse_expression("(a + d)/(2*x)")) == str(parse_expression("(d + a)/(2*x)"))
