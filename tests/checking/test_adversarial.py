"""Adversarial regressions: right answers typed the way candidates type them, and the verdicts they got.

Each case here once got a wrong verdict (a right answer graded 'wrong'), was refused although it reads
one way only, or got feedback that was not true of the question. Forms that read two ways must stay
refused ('invalid', asking for brackets), never be graded on a guess.
"""

from __future__ import annotations

import pytest
import sympy

from quizprep.bank.loader import Bank, load_bank
from quizprep.checking.derivation import check_chain, split_steps
from quizprep.checking.parser import ParseError, make_matrix, make_symbol, parse_expression
from quizprep.checking.verdict import Verdict
from quizprep.grading import grade_answer

X = {"x": "real"}
MATRICES = {"X": ("N", "D"), "W": ("D", "M"), "Y": ("N", "M")}


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank()


def grade(bank: Bank, question_id: str, text: str) -> Verdict:
    return grade_answer(question_id, text, bank=bank)


# ---------------------------------------------------------------- right answers once graded 'wrong'


@pytest.mark.parametrize(("question_id", "text"), [
    # d/dx applied only to the bracket, then ^-1 applied to the derivative: read as 1/(d/dx(1 + e^-x))
    ("sigmoid-derivative-steps",
     "d/dx (1+e^-x)^-1 = -(1+e^-x)^-2 · (-e^-x) = e^-x/(1+e^-x)^2 = σ(x)(1−σ(x))"),
    # '+ 0' beside a matrix was a shape error, graded 'wrong'
    ("l2-matmul-grad", "X.T@X@W + 0"),
    ("l2-matmul-grad", "0 + X.T@X@W"),
])
def test_right_answers_once_graded_wrong_are_correct(bank: Bank, question_id: str, text: str) -> None:
    verdict = grade(bank, question_id, text)
    assert verdict.status == "correct", (text, verdict)


def test_leibniz_operator_takes_the_power_after_its_bracket() -> None:
    x = make_symbol("x")
    assert parse_expression("d/dx (1+e^-x)^-1", X) == sympy.Derivative(1 / (1 + sympy.exp(-x)), x)
    assert parse_expression("d/dx (x^2+1)^3", X).doit() == 6 * x * (x ** 2 + 1) ** 2
    assert check_chain(["d/dx (x^2+1)^3", "3(x^2+1)^2*2x"]).valid


def test_glued_letters_outside_a_question_are_a_product_where_they_also_stand_alone() -> None:
    assert check_chain(["(a+b)^2", "a^2+2ab+b^2"]).valid  # 'ab' was one variable: "depends on ab"
    assert parse_expression("ab") == make_symbol("ab")  # alone, a name is a name
    assert parse_expression("lr*g") == make_symbol("lr") * make_symbol("g")
    w, wd = make_symbol("w"), make_symbol("wd")  # the d of d/dw stands alone, but is no variable
    assert parse_expression("d/dw (wd*w^2/2)") == sympy.Derivative(wd * w ** 2 / 2, w)
    sigma, x = make_symbol("sigma"), make_symbol("x")  # outside a question σ alone stays a variable
    assert parse_expression("σ^2 x") == sigma ** 2 * x and parse_expression("σ x") == sigma * x
    assert parse_expression("Exp") == make_symbol("Exp")  # a name; Exp(x) is exp(x)


@pytest.mark.parametrize(("question_id", "text", "was_read_as"), [
    ("tanh-derivative", "4e^2x/(e^2x+1)^2", "4·x·exp(2)/(x·exp(2) + 1)^2"),
    ("sigmoid-derivative", "1/4cosh(x/2)^2", "cosh(x/2)^2/4"),
    ("adagrad-step-decay", "lr*n^-1/2", "lr/(2·n)"),
    ("rmsprop-first-step", "lr*(1-rho)^-1/2", "lr/(2·(1 - rho))"),
    ("batchnorm-identity-gamma", "(var+eps)^1/2", "eps/2 + var/2"),
    ("batchnorm-inference", "γ(x−μ)(var+ε)^-1/2+β", "beta + gamma·(-mu + x)/(2·(eps + var))"),
])
def test_forms_that_read_two_ways_ask_for_brackets_instead_of_guessing(bank: Bank, question_id: str, text: str,
                                                                       was_read_as: str) -> None:
    verdict = grade(bank, question_id, text)
    assert verdict.status == "invalid", (text, verdict)  # once 'wrong', read as `was_read_as`
    assert "two ways" in verdict.feedback and "brackets" in verdict.feedback


@pytest.mark.parametrize(("text", "reading"), [
    ("e^2 x", "x*exp(2)"), ("e^(2x)", "exp(2*x)"), ("e^2*x", "x*exp(2)"), ("e²x", "x*exp(2)"),
    ("1/2 x", "x/2"), ("1/(2x)", "1/(2*x)"), ("1/2(1+x)", "x/2 + 1/2"),
    ("x^2/2", "x**2/2"), ("x^(1/2)", "sqrt(x)"), ("x^-1", "1/x"), ("2^-1", "1/2"),
])
def test_the_unambiguous_neighbours_still_read_as_before(text: str, reading: str) -> None:
    assert parse_expression(text, X) == sympy.sympify(reading, locals={"x": make_symbol("x")})


# ---------------------------------------------------------------- right answers once refused


@pytest.mark.parametrize(("question_id", "text"), [
    # a Greek letter with an index: "unknown name 'beta'" / "names cannot start with '_'"
    ("adam-bias-correction", "(1 − β1^t) g"),
    ("adam-bias-correction", "(1-β₁^t)g"),
    ("adam-bias-correction", "(1-β_1^t)*g"),
    ("adam-bias-correction", "g(1-β1ᵗ)"),
    ("adam-bias-correction", "(1-beta_1^t)*g"),
    ("init-variance-of-sum", "n σ_w² σ_x²"),
    ("init-variance-of-sum", "nσ_w²σ_x²"),
    ("init-variance-of-sum", "n σw² σx²"),
    ("init-variance-of-sum", "n*sigmaw^2*sigmax^2"),
    # subscripts and LaTeX-style indices
    ("preprocessing-gradient-ratio", "x₂/x₁"),
    ("preprocessing-gradient-ratio", "x_2/x_1"),
    ("weight-decay-shrink", "w₀(1-lr wd)ⁿ"),
    ("init-glorot-variance", "2/(n_{in}+n_{out})"),
    ("init-glorot-variance", "2 / (nin + nout)"),
    ("softmax-jacobian-symbolic", "-e^(z₁)e^(z₂)/(e^(z₁)+e^(z₂))²"),
    ("softmax-jacobian-symbolic", "-e^{z1}e^{z2}/(e^{z1}+e^{z2})^2"),
    # the micro sign µ (what many keyboards give for μ), ½, case, aliases
    ("batchnorm-inference", "γ(x−µ)/√(var+ϵ)+β"),
    ("batchnorm-inference", "γ·(x−μ)·(var+ε)^(−½)+β"),
    ("batchnorm-inference", "γ(x−μ)/√(Var+ε)+β"),
    ("weight-decay-as-l2", "½wd"),
    ("momentum-notes-vs-torch", "-η b"),
    ("l2-penalty-gradient", "2*lmbda*w"),
    ("linear-backward-dx", "dy@W.T"),
    # matrices the whiteboard way: X^T, X', glued names
    ("l2-matmul-grad", "X^T X W"),
    ("l2-matmul-grad", "X^T @ X @ W"),
    ("l2-matmul-grad", "X'XW"),
    ("l2-matmul-grad", "XᵀXW"),
    ("l2-matmul-grad", "Xᵀ(XW)"),
    ("half-sq-norm-grad-x", "X W W^T"),
    ("half-sq-norm-grad-x", "XWWᵀ"),
    ("linear-backward-dx", "dYWᵀ"),
    ("linear-backward-dw", "X^T dY"),
    ("lstsq-grad-w", "2Xᵀ(XW − Y)"),
    ("lstsq-grad-w", "2*X^T(XW-Y)"),
    ("linear-collapse-bias", "b₁W₂ + b₂"),
    ("dropout-variance", "px²/(1-p)"),
    ("lecture-exp-dw1", "x e^(w₁x + w₀)"),
    ("lecture-exp-dw1", "x*exp(w_1*x + w_0)"),
    ("lecture-exp-dw1", "x e^{w1 x + w0}"),
    # bars, brackets and braces as grouping
    ("adam-first-step-sign", "-lr*g/|g|"),
    ("l1-penalty-gradient", "λw/|w|"),
    ("relu-derivative", "(x + |x|)/(2x)"),
    ("sigmoid-derivative", "σ(x)[1-σ(x)]"),
    ("sigmoid-derivative", "e^{-x}/(1+e^{-x})^2"),
    # functions without brackets where that reads one way, primes, θ as SymPy prints Heaviside
    ("tanh-derivative", "sech²x"),
    ("tanh-derivative", "1-tanh^2 x"),
    ("tanh-derivative", "(sech x)^2"),
    ("lr-exp-half-life", "ln 2/α"),
    ("lr-step-vs-exp", "-ln λ/n"),
    ("relu-derivative", "θ(x)"),
    # pasted or typed from code and from SymPy's own pretty print (ℯ), case, zero-width spaces, fullwidth
    ("softplus-derivative", "1/(1 + ℯ^-x)"),
    ("softplus-derivative", "1/(1\u200b+e^-x)"),
    ("softplus-derivative", "１/(１+e^-x)"),
    ("softplus-derivative", "1 ‐ 1/(1+e^x)"),
    ("softplus-derivative", "Sigmoid(x)"),
    ("softplus-derivative", "1/(1+Exp(-x))"),
    ("softplus-derivative", "torch.sigmoid(x)"),
    ("softplus-derivative", "np.exp(x)/(1+np.exp(x))"),
    ("lr-exp-half-life", "math.log(2)/alpha"),
    ("sigmoid-derivative", "σ(x)(1-σ(x))."),  # the full stop of a sentence
    # LaTeX, as candidates used to it type
    ("sigmoid-derivative", r"$\sigma(x)(1-\sigma(x))$"),
    ("sigmoid-derivative", r"\frac{1}{1+e^{-x}}\left(1-\frac{1}{1+e^{-x}}\right)"),
    ("tanh-derivative", r"1 - \tanh^{2}(x)"),
    ("tanh-derivative", r"\operatorname{sech}^2(x)"),
    ("batchnorm-inference", r"\gamma\frac{x-\mu}{\sqrt{\text{var}+\varepsilon}}+\beta"),
    ("l2-matmul-grad", r"X^\top X W"),
    ("l2-matmul-grad", r"X^{\top} X W"),
    ("lr-exp-half-life", r"\frac{\ln 2}{\alpha}"),
    ("init-variance-of-sum", r"n \sigma_{w}^{2} \sigma_{x}^{2}"),
    ("adam-bias-correction", r"(1 - \beta_1^t) g"),
])
def test_whiteboard_forms_of_right_answers_are_accepted(bank: Bank, question_id: str, text: str) -> None:
    verdict = grade(bank, question_id, text)
    assert verdict.status == "correct", (text, verdict)


@pytest.mark.parametrize(("question_id", "steps"), [
    ("sigmoid-derivative-steps", "dσ/dx = e^-x/(1+e^-x)^2 = σ(x)(1-σ(x))"),
    ("sigmoid-derivative-steps", "σ'(x) = e^-x/(1+e^-x)^2\n= σ(x)(1-σ(x))"),
    ("sigmoid-derivative-steps", "e^-x/(1+e^-x)^2 → σ(x)(1-σ(x))"),
    ("sigmoid-derivative-steps", "e^-x/(1+e^-x)^2 ⇒ σ(x)(1-σ(x))"),
    ("tanh-derivative-steps", "(cosh x cosh x - sinh x sinh x)/cosh² x\n1-tanh² x"),
    ("comp-graph-de-db-derivation", "d(a+b)/db*(b+1) + (a+b)*d(b+1)/db\na+2b+1"),
    ("bce-sigmoid-grad-derivation", "∂L/∂z = -(y σ'(z)/σ(z) - (1-y)σ'(z)/(1-σ(z)))\n= σ(z)-y"),
    ("lecture-exp-dw1-steps", "e^(w1x+w0)·x"),
    ("comp-graph-de-db-derivation", "∂/∂b((a+b)(b+1)) = (b+1) + (a+b) = a+2b+1"),
    ("comp-graph-de-db-derivation", "∂(a+b)/∂b·(b+1) + (a+b)·∂(b+1)/∂b\na+2b+1"),
])
def test_derivations_written_the_whiteboard_way_are_accepted(bank: Bank, question_id: str, steps: str) -> None:
    verdict = grade(bank, question_id, steps)
    assert verdict.status == "correct", (steps, verdict)


def test_a_derivative_label_is_read_as_a_label_with_a_note(bank: Bank) -> None:
    verdict = grade(bank, "sigmoid-derivative-steps", "dσ/dx = e^-x/(1+e^-x)^2 = σ(x)(1-σ(x))")
    assert any("'dσ/dx'" in note for note in verdict.notes)
    assert split_steps("a => b -> c ⇒ d → e = f >= g") == ["a", "b", "c", "d", "e", "f >= g"]


def test_a_latex_root_with_an_index_is_that_root() -> None:
    x = make_symbol("x")
    assert parse_expression(r"\sqrt[3]{x}", X) == x ** sympy.Rational(1, 3)  # was read as √3·x
    assert parse_expression(r"\sqrt{x}", X) == sympy.sqrt(x)


def test_glued_names_split_before_postfix_operators() -> None:
    X_, W_ = make_matrix("X", ("N", "D")), make_matrix("W", ("M", "D"))
    assert parse_expression("XWᵀ", {}, {"X": ("N", "D"), "W": ("M", "D")}) == X_ * W_.T  # not (XW)ᵀ
    x, w1 = make_symbol("x"), make_symbol("w1")
    assert parse_expression("w1x^2", {"w1": "real", "x": "real"}) == w1 * x ** 2


# ---------------------------------------------------------------- wrong answers: still wrong, feedback true


@pytest.mark.parametrize(("question_id", "text", "says", "never"), [
    # not derivative questions: "one differentiation too many" / "the function itself" were coincidences
    ("momentum-notes-vs-torch", "-lr", "does not depend on b", "differentiat"),
    ("momentum-terminal-step", "g/(1-mu)", "does not depend on lr", "differentiat"),
    ("dropout-scaling", "1/(1-p)^2", "Not equal", "differentiat"),
    ("adam-first-step-sign", "-lr*abs(g)", "Not equal", "differentiat"),
    # derivative questions, but by a variable the other side lacks: the variables are the news
    ("rmsprop-first-step", "lr*g/sqrt(1-rho)", "depends on g", "differentiat"),
    ("l2-penalty-gradient", "2*w", "does not depend on lam", "differentiat"),
    # still named where it is what happened
    ("sigmoid-derivative", "σ(x)", "function itself", "depend"),
    ("softplus-derivative", "e^x/(1+e^x)^2", "one differentiation too many", "depend"),
    ("l2-loss-gradient", "(y-g)^2", "function itself", "depend"),
    # a rounded constant is close, not equal
    ("sigmoid-derivative", "2.718281828^-x/(1+2.718281828^-x)^2", "Very close", "differentiat"),
    ("lr-exp-half-life", "0.693/alpha", "rounded constant", "differentiat"),
])
def test_feedback_on_wrong_answers_is_true_of_the_question(bank: Bank, question_id: str, text: str, says: str,
                                                           never: str) -> None:
    verdict = grade(bank, question_id, text)
    assert verdict.status == "wrong", (text, verdict)
    assert says in verdict.feedback and never not in verdict.feedback, (text, verdict.feedback)


@pytest.mark.parametrize(("question_id", "text"), [
    ("l2-matmul-grad", "X^T X"), ("l2-matmul-grad", "W^T X^T X"), ("lstsq-grad-w", "2X^T(Y − XW)"),
    ("adam-bias-correction", "(1-β1)g"), ("init-variance-of-sum", "n σ_w σ_x"),
    ("adam-first-step-sign", "lr*g/|g|"), ("tanh-derivative", "sech x"),
])
def test_wrong_answers_in_the_new_spellings_are_still_wrong(bank: Bank, question_id: str, text: str) -> None:
    assert grade(bank, question_id, text).status == "wrong", text


# ---------------------------------------------------------------- what stays refused


@pytest.mark.parametrize(("text", "message"), [
    ("x[0]", "indexing"), ("x[-1]", "indexing"), ("x [0]", "indexing"), ("[]", "indexing"), ("{}", "unexpected"),
    ("'abc'", "strings are not allowed"), ("f('x')", "strings are not allowed"), ("x'", "prime"),
    ("ln 2x", "unclear"), ("tanh x^2", "unclear"), ("tanh x²", "unclear"), ("σx(1-σx)", "unclear"),
    ("d/dx(x^2) x", "unclear"), ("d/dx 3x", "unclear"), ("x/2π", "two ways"), ("e^-2x", "two ways"),
    ("x^-2/3", "two ways"), ("x|x|", "unexpected '|'"), ("np.exp.x", "is a function"),
    ("torch.nn(x)", "unknown name 'torch'"), ("x.__class__", "cannot start with '_'"),
    (r"\input{x}", "unexpected character"), (r"\sqrt[3", "unexpected character"), ("$$", "empty"),
    ("x $ 2", "unexpected character '\\$'"),
])
def test_what_reads_two_ways_or_like_code_is_still_refused(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=message.replace("[", r"\[").replace("(", r"\(")):
        parse_expression(text, X)


@pytest.mark.parametrize("text", ["1/xy", "e^xy", "√xy", "ln xy"])
def test_glued_names_are_not_split_where_the_product_reads_two_ways(text: str) -> None:
    with pytest.raises(ParseError, match="unknown name 'xy'|unclear"):
        parse_expression(text, {"x": "real", "y": "real"})


def test_fuzzy_names_never_guess_between_two_declared_names() -> None:
    with pytest.raises(ParseError, match="unknown name"):
        parse_expression("ab_c", {"a_bc": "real", "ab_c_": "real"})  # both fit without underscores
    assert parse_expression("x", {"x": "real"}, {"X": ("N", "D")}) == make_symbol("x")  # one letter: case counts
    assert parse_expression("X", {"x": "real"}, {"X": ("N", "D")}) == make_matrix("X", ("N", "D"))


@pytest.mark.parametrize("text", [
    "tanh''''(" * 4 + "x" + ")" * 4,  # each prime differentiates at parse time: nested, they grew exponentially
    "σ'(σ'(x))",
    "|" * 900 + "x",
    "[" * 400 + "x" + "]" * 400,
    "{" * 400 + "x" + "}" * 400,
    "d/dx(" * 30 + "x" + ")" * 30,
    "d(" * 60 + "x" + ")/dx" * 60,
    "x" + "'" * 500,
    "½" * 200,
    r"\frac{" * 150 + "x" + "}{2}" * 150,
    r"\sqrt{" * 150 + "x" + "}" * 150,
])
def test_new_syntax_keeps_the_limits(text: str) -> None:
    import time

    started = time.monotonic()
    with pytest.raises(ParseError):
        parse_expression(text, X)
    assert time.monotonic() - started < 1.0
