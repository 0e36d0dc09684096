"""The library's own exceptions. The CLI turns each into a one-line message and exit code 2."""

from __future__ import annotations


class QuizprepError(Exception):
    """Anything quizprep could not do because of its input (a file, an id, a typed answer)."""


class BankError(QuizprepError):
    """A question file is broken: the message names the file, the question id and the field."""

    def __init__(self, file: str, message: str, question_id: str | None = None, field: str | None = None):
        self.file = file
        self.question_id = question_id
        self.field = field
        where = file
        if question_id:
            where += f": question '{question_id}'"
        if field:
            where += f": field '{field}'"
        super().__init__(f"{where}: {message}")


class UnknownQuestionError(QuizprepError):
    """No question with this id in the loaded banks."""


class StoreError(QuizprepError):
    """The progress store could not be opened or written."""
