"""The result of checking a file: one row per probe, a diagnosis, a hint. Plain data; the UI renders it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class ProbeRow:
    """One probe: passed or not, what was checked, and the evidence (numbers, the error)."""

    ok: bool
    what: str
    evidence: str = ""


@dataclass
class CheckReport:
    """What `quizprep check` says about one file.

    diagnosis: when a probe failed, one sentence naming the bug with its evidence (the most specific
    known signature found, else the first failure and its worst entries). hint: what to do next.
    traceback: the user's own frames of the first exception their code raised, if any.
    output: what the user's code printed, head and tail only (`output_bytes` is the full size).
    timings: seconds: `sandbox_start` (start the child, import numpy/torch), `total`.
    notes: conventions of the file's style that differ from torch's (they do not fail the check).
    """

    exercise_id: str
    file: str
    backend: str = "numpy"
    device: str = "cpu"
    probes: list[ProbeRow] = field(default_factory=list)
    diagnosis: str | None = None
    hint: str | None = None
    traceback: str | None = None
    output: str = ""
    output_bytes: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    # exercises-styles: the style the file is written in ("class" or "cs231n") and what was said about
    # its conventions (where they differ from torch's) or left unchecked because the style does not specify it
    style: str = "class"
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return bool(self.probes) and all(row.ok for row in self.probes)

    @property
    def status(self) -> str:
        """As recorded in the progress store: 'correct' or 'wrong'."""
        return "correct" if self.passed else "wrong"

    @property
    def exit_code(self) -> int:
        """The CLI contract: 0 passed, 1 failed (exit 2, could not grade, never makes a report)."""
        return 0 if self.passed else 1

    @property
    def summary(self) -> str:
        """One line: how many probes passed, and the diagnosis when one failed."""
        passed = sum(row.ok for row in self.probes)
        line = f"{passed}/{len(self.probes)} checks passed"
        return line if self.passed or not self.diagnosis else f"{line}: {self.diagnosis}"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["probes"] = [asdict(row) for row in self.probes]
        return {"exercise": self.exercise_id, "passed": self.passed, "status": self.status,
                "summary": self.summary, **{k: v for k, v in data.items() if k != "exercise_id"}}
