"""A drawn instance's explanation names the numbers of its own prompt, not only the default ones."""

from __future__ import annotations

import pytest

from quizprep.bank.instance import format_with_params, instantiate
from quizprep.bank.loader import load_bank


@pytest.mark.parametrize("seed", range(8))
def test_random_search_budget_explains_the_drawn_target(seed: int) -> None:
    question = load_bank().get("random-search-trials-needed")
    instance = instantiate(question, seed)
    top, confidence = instance.params["top"], instance.params["confidence"]
    for lang in ("en", "ru"):
        prompt = format_with_params(question.prompt.in_lang(lang), instance.params)
        explanation = format_with_params(question.explanation.in_lang(lang), instance.params)
        assert f"{top}%" in prompt and f"{confidence}%" in prompt
        assert f"q = {top}%" in explanation and f"c = {confidence}%" in explanation
