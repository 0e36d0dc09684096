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
    extra: str | None = None  # the optional setting this row probes (None: the core)
    attempted: bool = True  # False: an optional setting the user's code does not take (not graded)


@dataclass
class CheckReport:
    """What `quizprep check` says about one file.

    strict: every optional setting (extra) was required (`--strict`).
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
    hint_number: int | None = None
    strict: bool = False
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
    def graded(self) -> list[ProbeRow]:
        """The rows that count: all but the optional settings that were not attempted (unless --strict)."""
        return [row for row in self.probes if row.attempted or self.strict]

    @property
    def extras(self) -> dict[str, str]:
        """Each optional setting probed: 'passed', 'failed' or 'not attempted'."""
        states: dict[str, str] = {}
        for row in self.probes:
            if row.extra is None:
                continue
            state = "not attempted" if not row.attempted else "passed" if row.ok else "failed"
            if states.get(row.extra) in (None, "passed") or state == "failed":
                states[row.extra] = state
        return states

    def extras_text(self, lang: str = "en") -> str:
        """One line about the optional settings, e.g. "optional: weight_decay ✓, nesterov not attempted"."""
        skipped, label = ("не реализовано", "необязательные") if lang == "ru" else ("not attempted", "optional")
        marks = {"passed": "✓", "failed": "✗", "not attempted": skipped}
        parts = [f"{name} {marks[state]}" for name, state in self.extras.items()]
        return f"{label}: " + ", ".join(parts) if parts else ""

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
        graded = self.graded
        line = f"{sum(row.ok for row in graded)}/{len(graded)} checks passed"
        return line if self.passed or not self.diagnosis else f"{line}: {self.diagnosis}"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["probes"] = [asdict(row) for row in self.probes]
        return {"exercise": self.exercise_id, "passed": self.passed, "status": self.status,
                "summary": self.summary, "extras": self.extras, **{k: v for k, v in data.items() if k != "exercise_id"}}
