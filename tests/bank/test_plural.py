"""Numbers drawn into prompts agree with their nouns, in English and Russian."""

import pytest

from quizprep.bank.instance import format_with_params, plural_form

RU = ["слой", "слоя", "слоёв"]


@pytest.mark.parametrize(("n", "form"), [
    (1, "слой"), (2, "слоя"), (4, "слоя"), (5, "слоёв"), (11, "слоёв"), (12, "слоёв"), (14, "слоёв"),
    (21, "слой"), (22, "слоя"), (25, "слоёв"), (101, "слой"), (111, "слоёв"), (0, "слоёв"), (2.5, "слоя"),
])
def test_russian_forms(n, form):
    assert plural_form(n, RU) == form


def test_placeholder_with_forms_in_both_languages():
    assert format_with_params("через {n|слой|слоя|слоёв}", {"n": 4}) == "через 4 слоя"
    assert format_with_params("after {n|layer|layers}", {"n": 1}) == "after 1 layer"
    assert format_with_params("after {n|layer|layers}", {"n": 3}) == "after 3 layers"


def test_unknown_name_and_plain_braces_stay():
    assert format_with_params("{m|a|b} {x}", {"n": 2}) == "{m|a|b} {x}"
