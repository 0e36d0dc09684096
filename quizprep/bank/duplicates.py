"""Possible duplicates: two questions of the same kind with equal reference answers over equal symbols.

Such a pair almost always tests one piece of knowledge twice in the same way; `quizprep validate` names it
so that one of the two is merged into the other or varied. Answers are compared as written, after
normalising spacing and the power operator, so no expression is parsed here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from quizprep.bank.model import Question

EXPRESSION_KINDS = ("symbolic", "derivation")


def answer_key(question: Question) -> tuple | None:
    """What two duplicates share: kind, normalised answer, symbols with domains, matrices with shapes."""
    if question.kind not in EXPRESSION_KINDS or not isinstance(question.answer, str):
        return None
    answer = re.sub(r"\s+", "", question.answer).replace("**", "^")
    return (question.kind, answer, tuple(sorted(question.symbols.items())),
            tuple(sorted(question.matrices.items())))


def possible_duplicates(questions: Iterable[Question]) -> list[tuple[Question, Question]]:
    """Each later question paired with the first earlier one it duplicates, in bank order."""
    first: dict[tuple, Question] = {}
    pairs: list[tuple[Question, Question]] = []
    for question in questions:
        key = answer_key(question)
        if key is None:
            continue
        if key in first:
            pairs.append((question, first[key]))
        else:
            first[key] = question
    return pairs


def duplicate_messages(questions: Iterable[Question]) -> list[tuple[Question, str]]:
    """(question, message) for each possible duplicate, for `validate` to report."""
    return [(question, (f"possible duplicate of '{other.id}' ({other.file}): the same {question.kind} answer "
                       f"{question.answer!r} over the same symbols; merge the two or vary one"))
            for question, other in possible_duplicates(questions)]


