"""Choice answers: '2', 'b', or several ('1,3') for questions with more than one right choice."""

from __future__ import annotations

import re

from quizprep.bank.instance import QuestionInstance
from quizprep.checking.messages import message
from quizprep.checking.verdict import Verdict


def parse_choices(text: str, count: int, lang: str = "en") -> set[int] | str:
    """Return the 1-based picks, or an error message naming what was wrong."""
    body = text.strip().lower()
    if body[:1] in "[(" and body[-1:] in "])":
        body = body[1:-1]
    parts = [p for p in re.split(r"[,;\s]+", body) if p]
    if not parts:
        return message("choice_type", lang, count=count)
    picks: set[int] = set()
    for part in parts:
        if len(part) > 1 and part[-1] in ".)":  # '2.' or 'b)': the choice as the list prints it
            part = part[:-1]
        if part.isdigit() and len(part) <= 3:
            pick = int(part)
        elif len(part) == 1 and "a" <= part <= "z":
            pick = ord(part) - ord("a") + 1
        else:
            return message("choice_not", lang, part=part[:20], count=count)
        if not 1 <= pick <= count:
            return message("choice_none", lang, part=part, count=count)
        picks.add(pick)
    return picks


def check_choice(instance: QuestionInstance, text: str, lang: str = "en") -> Verdict:
    question = instance.question
    picks = parse_choices(text, len(question.choices), lang)
    if isinstance(picks, str):
        return Verdict(question.id, "invalid", picks)
    right = set(instance.answer if isinstance(instance.answer, list) else [instance.answer])
    if len(picks) > 1 and len(right) == 1:
        return Verdict(question.id, "invalid", message("choice_single", lang))
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
            parts.append(message("choice_missing", lang, picks=", ".join(map(str, missing))))
        if extra:
            parts.append(message("choice_extra", lang, picks=", ".join(map(str, extra))))
        return Verdict(question.id, "wrong", message("choice_not_quite", lang, parts="; ".join(parts)), read_as=read_as,
                       expected=expected)
    return Verdict(question.id, "wrong", message("choice_wrong", lang), read_as=read_as, expected=expected)
