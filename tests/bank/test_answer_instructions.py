"""The instruction under a numeric question says what precision the checker wants."""

from quizprep.bank.instance import instantiate
from quizprep.bank.loader import load_bank
from quizprep.ui.question_view import how_to_answer

NUMERIC = [q for q in load_bank(include_env=False) if q.kind == "numeric"]


def test_absolute_only_tolerances_ask_for_the_digits_of_the_whole_number():
    exact = [q for q in NUMERIC if q.tolerance.rel <= 0]
    assert exact, "the bank has counts and sizes judged by an absolute tolerance"
    for question in exact:
        instance = instantiate(question)
        digits = len(str(abs(round(instance.answer)))) if not isinstance(instance.answer, list) else None
        text = how_to_answer(instance, "en")
        assert "15 significant" not in text
        if digits is not None and digits > 1:
            assert f"{digits} significant digits are enough" in text


def test_relative_tolerances_name_the_digits():
    relative = next(q for q in NUMERIC if q.tolerance.rel > 0)
    assert "significant digits are enough" in how_to_answer(instantiate(relative), "en")
