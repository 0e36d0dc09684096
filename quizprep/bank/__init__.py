"""The question bank: the Question model, loading and validation of question files."""

from quizprep.bank.loader import Bank, load_bank
from quizprep.bank.model import KINDS, Mistake, Question, Source, Text

__all__ = ["KINDS", "Bank", "Mistake", "Question", "Source", "Text", "load_bank"]
