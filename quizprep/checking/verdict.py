"""The Verdict: what a checker says about one answer. Plain data; the UI renders it, --json serialises it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Status = Literal["correct", "wrong", "invalid"]


@dataclass
class Verdict:
    """The outcome of checking one answer.

    status: 'correct', 'wrong', or 'invalid' (could not be graded: unparsable, unknown name...).
    feedback: one or a few sentences for the user, in the requested language.
    read_as: how the input was understood ("you typed: ..."), when that helps.
    method: how correctness was established, e.g. "proved" or "checked at 40 points".
    counterexample: a point where the answer and the reference differ, when there is one.
    notes: extra remarks that do not change the status (e.g. the value at a kink is a convention).
    """

    question_id: str | None
    status: Status
    feedback: str
    read_as: str | None = None
    expected: str | None = None
    method: str | None = None
    counterexample: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)
    steps: list[dict[str, Any]] | None = None
    mistake: str | None = None

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    @property
    def exit_code(self) -> int:
        """The CLI contract: 0 correct, 1 graded wrong, 2 could not grade."""
        return {"correct": 0, "wrong": 1, "invalid": 2}[self.status]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        del data["question_id"]
        return {"id": self.question_id, "status": self.status, "correct": self.correct, **data}
