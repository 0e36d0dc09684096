"""The parser: whiteboard syntax in, SymPy out; hostile input rejected quickly and without side effects."""

from __future__ import annotations

import time

import pytest
import sympy

from quizprep.checking.functions import sigmoid, softplus
from quizprep.checking.parser import ParseError, ShapeError, make_matrix, make_symbol, parse_expression
from quizprep.checking.printing import one_line

X = {"x": "real"}
x = make_symbol("x")
BN = {"x": "real", "gamma": "real", "beta": "real", "mu": "real", "var": "positive", "eps": "positive"}
MATRICES = {"X": ("N", "D"), "W": ("D", "M")}
HANG_GUARD_SECONDS = 5.0  # not a speed test: anything slower than this is a hang


@pytest.mark.parametrize(("text", "expected"), [
    ("σ(x)(1-σ(x))", sigmoid(x) * (1 - sigmoid(x))),
    ("sigmoid(x)*(1 - sigmoid(x))", sigmoid(x) * (1 - sigmoid(x))),
    ("exp(-x)/(1+exp(-x))^2", sympy.exp(-x) / (1 + sympy.exp(-x)) ** 2),
    ("e^-x/(1+e^-x)**2", sympy.exp(-x) / (1 + sympy.exp(-x)) ** 2),
    ("2x", 2 * x),
    ("2 x", 2 * x),
    ("x(1-x)", x * (1 - x)),
    ("(x+1)(x-1)", (x + 1) * (x - 1)),
    ("1 − tanh(x)²", 1 - sympy.tanh(x) ** 2),
    ("tanh²(x)", sympy.tanh(x) ** 2),
    ("tanh^2(x)", sympy.tanh(x) ** 2),
    ("sech(x)**2", sympy.sech(x) ** 2),
    ("x·2", 2 * x),
    ("√(x^2+1)", sympy.sqrt(x ** 2 + 1)),
    ("sqrt(x^2+1)", sympy.sqrt(x ** 2 + 1)),
    ("1/(1+x²)", 1 / (1 + x ** 2)),
    ("-x^2", -(x ** 2)),
    ("2^-1", sympy.Rational(1, 2)),
    ("2^3^2", sympy.Integer(512)),
    ("0.5x", x / 2),
    ("2.5e-3", sympy.Rational(1, 400)),
    ("ln(1+e^x)", sympy.log(1 + sympy.exp(x))),
    ("log(x, 2)", sympy.log(x, 2)),
    ("softplus(x)", softplus(x)),
    ("relu(x)", sympy.Max(0, x)),
    ("max(0, x)", sympy.Max(0, x)),
    ("abs(x)", sympy.Abs(x)),
    ("arctan(x) + atan(x)", 2 * sympy.atan(x)),
    ("Heaviside(x)", sympy.Heaviside(x)),
    ("step(x)", sympy.Heaviside(x)),
    ("Piecewise((0, x < 0), (1, True))", sympy.Piecewise((0, x < 0), (1, True))),
    ("Piecewise((0, x < 0), (x, x >= 0))", sympy.Piecewise((0, x < 0), (x, x >= 0))),
    ("Piecewise((0, Eq(x, 0)), (1, x != 0))", sympy.Piecewise((0, sympy.Eq(x, 0)), (1, sympy.Ne(x, 0)))),
    ("Piecewise((1, 0 < x < 1), (0, otherwise))", sympy.Piecewise((1, (x > 0) & (x < 1)), (0, True))),
    ("pi*x", sympy.pi * x),
])
def test_whiteboard_syntax_is_read(text: str, expected: sympy.Basic) -> None:
    assert parse_expression(text, X) == expected


def test_diff_stays_unevaluated_until_checked() -> None:
    expr = parse_expression("diff(sigmoid(x), x)", X)
    assert isinstance(expr, sympy.Derivative)
    assert expr.doit() == sigmoid(x) * (1 - sigmoid(x))
    assert one_line(expr) == "d/dx(σ(x))"


def test_leibniz_notation_is_diff() -> None:
    assert parse_expression("d/dx(x^2)", X) == parse_expression("diff(x^2, x)", X)
    assert parse_expression("d/db((a+b)*(b+1))").doit() == parse_expression("a + 2b + 1")
    with pytest.raises(ParseError, match="'y' is not a variable"):
        parse_expression("d/dy(x^2)", X)


def test_greek_names_are_the_questions_symbols_not_sympy_functions() -> None:
    expr = parse_expression("γ(x−μ)/√(var+ε)+β", BN)
    same = parse_expression("gamma*(x - mu)/sqrt(var + eps) + beta", BN)
    assert expr == same
    assert not expr.has(sympy.gamma, sympy.beta)  # the special functions never appear
    assert {s.name for s in expr.free_symbols} == {"x", "gamma", "beta", "mu", "var", "eps"}
    assert make_symbol("var", "positive").is_positive  # the domain travels as an assumption


def test_without_declared_symbols_any_identifier_is_a_variable() -> None:
    expr = parse_expression("diff((a+b)*(b+1), b)")
    assert {s.name for s in expr.free_symbols} == {"a", "b"}
    assert parse_expression("e^x") == sympy.exp(make_symbol("x"))
    assert parse_expression("a(b+1)") == make_symbol("a") * (make_symbol("b") + 1)


def test_matrices_transpose_and_products() -> None:
    X, W = make_matrix("X", MATRICES["X"]), make_matrix("W", MATRICES["W"])
    for text in ("X.T @ X @ W", "transpose(X)*X*W", "Xᵀ X W", "X.T*(X@W)", "(W.T @ X.T @ X).T"):
        assert parse_expression(text, {}, MATRICES) == X.T * X * W, text
    assert one_line(parse_expression("X.T @ X @ W", {}, MATRICES)) == "Xᵀ·X·W"


@pytest.mark.parametrize(("text", "message"), [
    ("X @ W.T", "the shapes do not fit in X·Wᵀ: N×D times M×D"),
    ("X + W", "cannot add a N×D and a D×M matrix"),
    ("X + 1", "cannot add a number and a N×D matrix"),
    ("X^2", "only a square matrix has powers"),
    ("exp(X)", "exp() of a matrix is not supported"),
])
def test_matrix_shapes_are_checked(text: str, message: str) -> None:
    with pytest.raises(ShapeError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_expression(text, {}, MATRICES)


@pytest.mark.parametrize(("text", "message"), [
    ("y", "unknown name 'y': this question uses x"),
    ("x2", "did you mean x^2"),
    ("lgamma(x)", "unknown function 'lgamma'"),
    ("sigmoid", "'sigmoid' is a function: write sigmoid(x)"),
    ("x +", "the expression ends too early"),
    ("(x", "expected ')'"),
    ("x $ 2", "unexpected character '$' at position 3"),
    ("x = 2", "not an equation"),
    ("x == 2", "belongs only in a Piecewise condition"),
    ("2 3", "missing operator"),
    ("x @ x", "'@' multiplies matrices"),
    ("exp(x, 2)", "exp takes 1 argument(s), 2 given"),
    ("diff(x^2, 2)", "the second argument of diff must be a variable"),
    ("", "the expression is empty"),
])
def test_mistyped_input_gets_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=message.replace("(", r"\(").replace(")", r"\)").replace("^", r"\^")
                       .replace("$", r"\$").replace("+", r"\+")):
        parse_expression(text, X)


def test_parse_error_names_the_position_and_speaks_russian() -> None:
    with pytest.raises(ParseError) as caught:
        parse_expression("x + 2 $", X)
    assert caught.value.position == 7
    assert "позиции 7" in caught.value.in_lang("ru")


HOSTILE = [
    "x.__class__",
    "x.__class__.__mro__[1].__subclasses__()",
    "__import__('os').system('echo hi')",
    "lambda x: x",
    "'abc'",
    '"abc"',
    "x[0]",
    "[]",
    "{}",
    "exec('1')",
    "eval('1')",
    "open('/etc/passwd')",
    "x if x else x",
    "x; import os",
    "Symbol('x')",
    "sympify('x')",
    "x.subs(x, 1)",
    "9**9**9**9",
    "x**(10**100)",
    "factorial(10**8)",
    "(10**8)!",
    "binomial(10**8, 5*10**7)",
    "x^(10^6)",
    "2^4000^4000",
    "(" * 3000 + "x" + ")" * 3000,
    "+".join(["x"] * 50_000),
    "-" * 5000 + "x",
    "√" * 5000 + "x",
    "1" * 5000,
    "x" * 5000,
    "1e999999",
]


@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: t[:30])
def test_hostile_input_is_rejected_quickly(text: str) -> None:
    started = time.monotonic()
    with pytest.raises(ParseError):
        parse_expression(text, X)
    assert time.monotonic() - started < HANG_GUARD_SECONDS


def test_injection_attempts_leave_no_trace(tmp_path) -> None:
    marker = tmp_path / "pwned"
    attempts = [
        f"__import__('os').system('touch {marker}')",
        f"exec(\"open('{marker}', 'w')\")",
        f"open('{marker}', 'w').write('x')",
        f"x.__class__.__init__.__globals__['os'].system('touch {marker}')",
        f"Symbol('x').__class__ and __import__('pathlib').Path('{marker}').touch()",
    ]
    import quizprep
    from quizprep.checking.derivation import check_chain

    for text in attempts:
        with pytest.raises(ParseError):
            parse_expression(text, X)
        with pytest.raises(ParseError):
            parse_expression(text)
        assert quizprep.grade("sigmoid-derivative", text).status == "invalid"
        assert check_chain(["x", text]).status == "invalid"
    assert not marker.exists()


def test_limits_let_ordinary_answers_through() -> None:
    long_but_fine = " + ".join(f"{k}*x^{k}" for k in range(1, 60))
    assert parse_expression(long_but_fine, X).is_polynomial(x)
    nested = "(" * 30 + "x" + ")" * 30
    assert parse_expression(nested, X) == x


def test_an_unprintable_character_is_named_by_its_code_point() -> None:
    with pytest.raises(ParseError) as refused:
        parse_expression("x\x1b[31m")
    assert str(refused.value) == "unexpected character U+001B at position 2"
    assert "''" not in str(refused.value)


def test_python_if_else_is_pointed_at_piecewise() -> None:
    with pytest.raises(ParseError) as refused:
        parse_expression("1 if x > 0 else 0")
    assert "Piecewise((a, condition), (b, True))" in str(refused.value) and "unknown name" not in str(refused.value)
    assert refused.value.ru.startswith("'if' в позиции 3")
