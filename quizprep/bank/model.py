"""The Question model: what one entry of a question file holds, as typed, immutable objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

KINDS = ("symbolic", "numeric", "choice", "derivation", "code", "self-graded")
LANGS = ("en", "ru")


@dataclass(frozen=True)
class Text:
    """A piece of text in English and Russian."""

    en: str
    ru: str

    def in_lang(self, lang: str) -> str:
        return self.ru if lang == "ru" else self.en


@dataclass(frozen=True)
class Source:
    """Where a question comes from: a note file and a section heading in it, or beyond the notes.

    `topic` names what a question beyond the notes is about (its file's topic). Users see `label(lang)`,
    the lecture and section in words (quizprep/bank/sources.toml), never a note's file name.
    """

    file: str = ""
    section: str = ""
    beyond: bool = False
    topic: str = ""

    def label(self, lang: str = "en") -> str:
        from quizprep.bank.sources import beyond_citation, citation

        if self.beyond:
            return beyond_citation(self.topic, lang)
        return citation(self.file, self.section, lang)

    def __str__(self) -> str:
        return self.label("en")


@dataclass(frozen=True)
class Mistake:
    """A known wrong answer and the feedback it deserves."""

    answer: Any
    feedback: Text


@dataclass(frozen=True)
class Tolerance:
    """How close a numeric answer must be: |given - expected| <= abs + rel * |expected|."""

    rel: float = 1e-3
    abs: float = 1e-4


@dataclass(frozen=True)
class Question:
    """One question of the bank.

    `answer` depends on `kind`: an expression string (symbolic, derivation), a number or a list of
    numbers (numeric; may be computed by `generator` instead), the 1-based number(s) of the right
    choice(s) (choice), a model answer Text (self-graded), or None (code: `exercise` names the task).
    `key_points` are the rubric of a self-graded (open) question: the points a good answer covers.
    `tags` group questions across topics (interview themes, "typo-hunt", "arithmetic").
    `figure` names a plot shown with the prompt ({"kind": ...}, see quizprep/bank/figures), drawn from the
    instance's parameters; a choice question with a generator has its right choice computed per seed.
    """

    id: str
    topic: str
    kind: str
    title: Text
    prompt: Text
    explanation: Text
    source: Source
    answer: Any = None
    symbols: dict[str, str] = field(default_factory=dict)
    matrices: dict[str, tuple[str, str]] = field(default_factory=dict)
    hints: tuple[Text, ...] = ()
    mistakes: tuple[Mistake, ...] = ()
    choices: tuple[Text, ...] = ()
    tolerance: Tolerance = Tolerance()
    generator: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    start: str | None = None
    exercise: str | None = None
    key_points: tuple[Text, ...] = ()
    tags: tuple[str, ...] = ()
    figure: dict[str, Any] = field(default_factory=dict)
    # checker (issue 14): names an answer may not use (STACK's forbidden words), functions a numeric
    # answer may use beyond arithmetic/exp/log/sqrt, and names the prompt defines (p = "sigmoid(z)")
    forbid: tuple[str, ...] = ()
    allow: tuple[str, ...] = ()
    define: dict[str, str] = field(default_factory=dict)
    file: Path | None = None

    @property
    def is_parameterized(self) -> bool:
        return self.generator is not None
