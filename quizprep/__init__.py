"""quizprep: deep-learning interview preparation in the terminal.

Importing this package is cheap: heavy libraries (numpy, sympy, torch) load only when
a function that needs them runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "check", "grade", "load_ipython_extension"]

if TYPE_CHECKING:
    import os

    from quizprep.checking.verdict import Verdict
    from quizprep.exercises.report import CheckReport


def grade(question_id: str, answer: str, seed: int | None = None, lang: str = "en") -> Verdict:
    """Grade one typed answer to a question of the shipped bank (plus QUIZPREP_BANK) and return its Verdict.

    The verdict is the same object `quizprep answer` prints: `.status` ('correct', 'wrong' or
    'invalid'), `.correct`, `.feedback`. Nothing is recorded in the progress store.
    """
    from quizprep.grading import grade_answer

    return grade_answer(question_id, answer, seed=seed, lang=lang)


# exercises-styles: grading code from Python and from a notebook
def check(exercise_id: str, path_or_source: str | os.PathLike[str], *, style: str | None = None,
          timeout: float = 10.0, backend: str = "numpy") -> CheckReport:
    """Grade a solution of a coding exercise in the sandbox and return its CheckReport.

    `path_or_source`: a path (a PathLike, or a one-line string ending in .py) or the source code itself.
    The report is what `quizprep check` prints: `.passed`, `.probes`, `.diagnosis`, `.hint`, `.notes`.
    Nothing is recorded in the progress store. Raises QuizprepError when the file cannot be graded.
    """
    from quizprep.notebook import check_path_or_source

    return check_path_or_source(exercise_id, path_or_source, style=style, timeout=timeout, backend=backend,
                                label="source")


def load_ipython_extension(ipython: object) -> None:
    """`%load_ext quizprep` in IPython/Jupyter: adds the `%%quizprep check ID` cell magic."""
    from quizprep.notebook import load_ipython_extension as load

    load(ipython)


def __getattr__(name: str) -> Any:  # pragma: no cover - plain attribute error
    raise AttributeError(f"module 'quizprep' has no attribute {name!r}")
