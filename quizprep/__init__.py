"""quizprep: deep-learning interview preparation in the terminal.

Importing this package is cheap: heavy libraries (numpy, sympy, torch) load only when
a function that needs them runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "grade"]

if TYPE_CHECKING:
    from quizprep.checking.verdict import Verdict


def grade(question_id: str, answer: str, seed: int | None = None, lang: str = "en") -> Verdict:
    """Grade one typed answer to a question of the shipped bank (plus QUIZPREP_BANK) and return its Verdict.

    The verdict is the same object `quizprep answer` prints: `.status` ('correct', 'wrong' or
    'invalid'), `.correct`, `.feedback`. Nothing is recorded in the progress store.
    """
    from quizprep.grading import grade_answer

    return grade_answer(question_id, answer, seed=seed, lang=lang)


def __getattr__(name: str) -> Any:  # pragma: no cover - plain attribute error
    raise AttributeError(f"module 'quizprep' has no attribute {name!r}")
