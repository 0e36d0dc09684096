"""The instruction under a numeric question says what precision the checker wants."""

from quizprep.bank.instance import instantiate
from quizprep.bank.loader import load_bank
from quizprep.ui.question_view import how_to_answer

NUMERIC = [q for q in load_bank(include_env=False) if q.kind == "numeric"]


def test_absolute_only_tolerances_ask_for_the_exact_value_in_both_languages():
    exact = [q for q in NUMERIC if q.tolerance.rel <= 0]
    assert exact, "the bank has counts and sizes judged by an absolute tolerance"
    for question in exact:
        instance = instantiate(question)
        assert "exact value" in how_to_answer(instance, "en")
        assert "точное значение" in how_to_answer(instance, "ru")
        assert "significant" not in how_to_answer(instance, "en")


def test_relative_tolerances_name_the_digits():
    relative = next(q for q in NUMERIC if q.tolerance.rel > 0)
    assert "significant digits are enough" in how_to_answer(instantiate(relative), "en")
