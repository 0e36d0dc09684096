"""Checking typed answers: one Verdict type for every kind of question."""

from quizprep.checking.verdict import Verdict

__all__ = ["Verdict"]
