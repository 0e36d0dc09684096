"""A question made concrete: its parameters drawn (or the notes' defaults), the prompt filled in, the answer known."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from quizprep.bank.model import Question
from quizprep.errors import BankError, QuizprepError

MAX_SEED = 2**63 - 1  # the progress store keeps the seed of each attempt as a SQLite INTEGER


@dataclass(frozen=True)
class QuestionInstance:
    """One concrete version of a question: `seed` None means the notes' own numbers."""

    question: Question
    seed: int | None = None
    params: dict[str, Any] = field(default_factory=dict)
    answer: Any = None

    def prompt(self, lang: str) -> str:
        return format_with_params(self.question.prompt.in_lang(lang), self.params)

    def explanation(self, lang: str) -> str:
        return format_with_params(self.question.explanation.in_lang(lang), self.params)


def format_with_params(text: str, params: dict[str, Any]) -> str:
    """Fill `{name}` placeholders with parameter values; other braces stay as written.

    `{name|form|form…}` writes the number with the noun that agrees with it: `{n|epoch|epochs}` in
    English, `{n|эпоха|эпохи|эпох}` (one, few, many) in Russian.
    """
    for name, value in params.items():
        text = text.replace("{" + name + "}", _show(value))
    return _AGREEING.sub(lambda m: _with_noun(m, params), text)


_AGREEING = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)((?:\|[^|{}]+){2,3})\}")


def _with_noun(match: re.Match[str], params: dict[str, Any]) -> str:
    name, forms = match.group(1), match.group(2).split("|")[1:]
    if name not in params:
        return match.group(0)
    value = params[name]
    return f"{_show(value)} {plural_form(value, forms)}"


def plural_form(number: Any, forms: list[str]) -> str:
    """The noun form that agrees with `number`: [one, other] (English) or [one, few, many] (Russian)."""
    if len(forms) == 2:
        return forms[0] if number == 1 else forms[1]
    if isinstance(number, float) and not number.is_integer():
        return forms[1]  # Russian uses the genitive singular after a fraction: 2,5 эпохи
    n = abs(int(number))
    if n % 10 == 1 and n % 100 != 11:
        return forms[0]
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return forms[1]
    return forms[2]


def _show(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def instantiate(question: Question, seed: int | None = None) -> QuestionInstance:
    """Draw the parameters for `seed` (the question's own defaults when None) and compute the answer."""
    if seed is not None and not 0 <= seed <= MAX_SEED:
        raise QuizprepError(f"the seed must be a whole number from 0 to {MAX_SEED}, not {seed}")
    if question.generator is None:
        return QuestionInstance(question, seed, dict(question.params), question.answer)
    from quizprep.bank.generators import all_generators

    generator = all_generators().get(question.generator)
    if generator is None:
        raise BankError(str(question.file), f"unknown generator '{question.generator}'", question.id, "generator")
    params = dict(question.params)
    if seed is not None:
        import numpy as np

        params = generator.draw(np.random.default_rng(seed), params)
    return QuestionInstance(question, seed, params, generator.solve(params))
