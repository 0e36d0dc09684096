"""Grade one answer by question id: find the question, make its instance for the seed, check."""

from __future__ import annotations

from collections.abc import Iterable

from quizprep.bank.instance import instantiate
from quizprep.bank.loader import Bank, load_bank
from quizprep.checking.dispatch import check
from quizprep.checking.verdict import Verdict


def grade_answer(question_id: str, answer: str, seed: int | None = None, lang: str = "en",
                 bank: Bank | None = None, extra_banks: Iterable[str] = ()) -> Verdict:
    """The Verdict for `answer` to question `question_id` (UnknownQuestionError if there is none)."""
    bank = bank if bank is not None else load_bank(extra_banks)
    question = bank.get(question_id)
    return check(instantiate(question, seed), answer, lang)
