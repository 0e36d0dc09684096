"""Property tests: random equivalent rewrites of each reference are accepted, random perturbations rejected."""

from __future__ import annotations

import functools

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizprep.bank.instance import instantiate
from quizprep.bank.loader import load_bank
from quizprep.checking.dispatch import check
from quizprep.checking.functions import elementary
from quizprep.checking.parser import parse_expression
from quizprep.checking.verdict import Verdict

SCALAR_QUESTIONS = {  # id -> a variable of the answer
    "sigmoid-derivative": "x", "tanh-derivative": "x", "arctan-derivative": "x", "softplus-derivative": "x",
    "relu-derivative": "x", "dropout-scaling": "p", "batchnorm-inference": "x",
}
PROPERTY_SETTINGS = settings(max_examples=12, deadline=None, derandomize=True,
                             suppress_health_check=[HealthCheck.too_slow])


@functools.lru_cache(maxsize=1)
def _bank():
    return load_bank()


def grade(question_id: str, text: str) -> Verdict:
    return check(instantiate(_bank().get(question_id)), text)


def _sympy_forms(question_id: str) -> list[str]:
    """The reference rewritten by SymPy itself (expanded, over one denominator, through exp), as text."""
    question = _bank().get(question_id)
    reference = parse_expression(question.answer, question.symbols)
    forms = []
    for rewrite in (sympy.expand, sympy.together, lambda e: elementary(e).rewrite(sympy.exp), sympy.factor):
        form = rewrite(reference)
        if form.has(sympy.log) and not elementary(reference).has(sympy.log):
            continue  # x² rewritten as exp(2·log(x)) holds only for x > 0: over the reals it is another function
        forms.append(sympy.sstr(form))
    return forms


small = st.integers(min_value=2, max_value=9)
nonzero = st.integers(min_value=-9, max_value=9).filter(bool)


@st.composite
def rewritten(draw: st.DrawFn, question_id: str) -> str:
    """The reference, possibly as SymPy rewrote it, wrapped in one or two identities."""
    v = SCALAR_QUESTIONS[question_id]
    text = draw(st.sampled_from([_bank().get(question_id).answer, *_sympy_forms(question_id)]))
    identities = [
        lambda r, k, c: f"({r}) + {c} - {c}",
        lambda r, k, c: f"{k}*({r})/{k}",
        lambda r, k, c: f"-(-({r}))",
        lambda r, k, c: f"({r})*(sin({v})^2 + cos({v})^2)",
        lambda r, k, c: f"({r}) + 0*{v}",
        lambda r, k, c: f"(({r})*{k} + {c}*{v})/{k} - {c}*{v}/{k}",
        lambda r, k, c: f"exp(log({k}))*({r})/{k}",
        lambda r, k, c: f"({r})^1",
        lambda r, k, c: f"({r})*(1 + {c}*{v}) - {c}*{v}*({r})",
    ]
    for _ in range(draw(st.integers(min_value=1, max_value=2))):
        identity = draw(st.sampled_from(identities))
        text = identity(text, draw(small), draw(nonzero))
    return text


@st.composite
def perturbed(draw: st.DrawFn, question_id: str) -> str:
    """The reference changed by something that is never zero: a constant, a factor, a term in the variable."""
    v = SCALAR_QUESTIONS[question_id]
    r = _bank().get(question_id).answer
    k, c = draw(small), draw(nonzero)
    return draw(st.sampled_from([
        f"({r}) + {c}",
        f"({r}) + 1/{k}",
        f"{k}*({r})",
        f"({r}) + {c}*{v}",
        f"({r}) + {c}*{v}^2",
        f"({r})*({v}^2 + {k})",
        f"({r}) - {c}*exp({v})",
    ]))


@pytest.mark.parametrize("question_id", sorted(SCALAR_QUESTIONS))
def test_equivalent_rewrites_are_accepted(question_id: str) -> None:
    @PROPERTY_SETTINGS
    @given(rewritten(question_id))
    def accepted(text: str) -> None:
        verdict = grade(question_id, text)
        assert verdict.status == "correct", (text, verdict)

    accepted()


@pytest.mark.parametrize("question_id", sorted(SCALAR_QUESTIONS))
def test_perturbations_are_rejected(question_id: str) -> None:
    @PROPERTY_SETTINGS
    @given(perturbed(question_id))
    def rejected(text: str) -> None:
        verdict = grade(question_id, text)
        assert verdict.status == "wrong", (text, verdict)
        assert verdict.counterexample or verdict.feedback

    rejected()


MATRIX_FORMS = st.sampled_from(["X.T @ X @ W", "(X.T @ X) @ W", "X.T @ (X @ W)", "(W.T @ X.T @ X).T",
                                "transpose(X) * X * W", "Xᵀ X W"])


@PROPERTY_SETTINGS
@given(MATRIX_FORMS, small, nonzero)
def test_matrix_rewrites_and_perturbations(form: str, k: int, c: int) -> None:
    assert grade("l2-matmul-grad", f"{k}*({form})/{k}").correct
    assert grade("l2-matmul-grad", f"({form}) + {c}*W - {c}*W").correct
    assert grade("l2-matmul-grad", f"{k}*({form})").status == "wrong"
    assert grade("l2-matmul-grad", f"({form}) + {c}*W").status == "wrong"
