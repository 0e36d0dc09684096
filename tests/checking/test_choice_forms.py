"""Choice answers typed the way the list prints them: '2.' or 'b)' is the choice, '2.5' is not."""

from __future__ import annotations

import pytest

from quizprep.checking.choice import parse_choices


@pytest.mark.parametrize(("typed", "picks"), [("2", {2}), ("2.", {2}), ("b)", {2}), ("1., 3.", {1, 3}),
                                              ("(2)", {2}), ("２", {2})])
def test_a_choice_as_listed_is_read(typed: str, picks: set[int]) -> None:
    assert parse_choices(typed, 3) == picks


@pytest.mark.parametrize("typed", ["2.5", ".", "two", "-1", "4."])
def test_other_text_is_still_refused(typed: str) -> None:
    assert isinstance(parse_choices(typed, 3), str)
