"""Choice answers: '2', 'b', or several ('1,3') for questions with more than one right choice."""

from __future__ import annotations

import re

from quizprep.bank.instance import QuestionInstance
from quizprep.checking.verdict import Verdict


def parse_choices(text: str, count: int) -> set[int] | str:
    """Return the 1-based picks, or an error message naming what was wrong."""
    body = text.strip().lower()
    if body[:1] in "[(" and body[-1:] in "])":
        body = body[1:-1]
    parts = [p for p in re.split(r"[,;\s]+", body) if p]
    if not parts:
        return f"type the number of your choice (1-{count})"
    picks: set[int] = set()
    for part in parts:
        if part.isdigit() and len(part) <= 3:
            pick = int(part)
        elif len(part) == 1 and "a" <= part <= "z":
            pick = ord(part) - ord("a") + 1
        else:
            return f"'{part[:20]}' is not a choice: type a number 1-{count}"
        if not 1 <= pick <= count:
            return f"there is no choice {part}: choose 1-{count}"
        picks.add(pick)
    return picks


def check_choice(instance: QuestionInstance, text: str, lang: str = "en") -> Verdict:
    question = instance.question
    picks = parse_choices(text, len(question.choices))
    if isinstance(picks, str):
        return Verdict(question.id, "invalid", picks)
    right = set(instance.answer if isinstance(instance.answer, list) else [instance.answer])
    if len(picks) > 1 and len(right) == 1:
        return Verdict(question.id, "invalid", "this question has one right choice: type a single number")
    read_as = ", ".join(str(p) for p in sorted(picks))
    expected = ", ".join(str(p) for p in sorted(right))
    if picks == right:
        return Verdict(question.id, "correct", "Correct.", read_as=read_as, expected=expected)
    for mistake in question.mistakes:
        wrong = set(mistake.answer if isinstance(mistake.answer, list) else [mistake.answer])
        if picks == wrong or (len(wrong) == 1 and wrong <= picks - right):
            return Verdict(question.id, "wrong", mistake.feedback.in_lang(lang), read_as=read_as,
                           expected=expected, mistake=", ".join(map(str, sorted(wrong))))
    if len(right) > 1:
        missing = sorted(right - picks)
        extra = sorted(picks - right)
        parts = []
        if missing:
            parts.append(f"missing {', '.join(map(str, missing))}")
        if extra:
            parts.append(f"{', '.join(map(str, extra))} should not be chosen")
        return Verdict(question.id, "wrong", "Not quite: " + "; ".join(parts) + ".", read_as=read_as,
                       expected=expected)
    return Verdict(question.id, "wrong", "That is not the right choice.", read_as=read_as, expected=expected)
