"""STACK's own answer tests (AlgEquiv and Diff), translated to typed math: the checker must agree.

The rows are a third-party suite read from ../shared/peer/stack-algequiv.tsv next to the repository (not
copied into the project); the test skips, saying why, when the file is absent. Each row holds the
student's and the teacher's expression and STACK's mark: 1 equivalent, 0 not, -1 STACK reports an error
(then anything but "equivalent" agrees). A note `conv:...` or `stack-wrong:...` marks a row where a
disagreement is a deliberate convention of quizprep (real variables, exact decimals) or STACK's own
error; `domain:a>0` declares a variable positive. Every other row must agree: no wrong verdict, and no
refused input (a parse error or "could not compare") on a row STACK grades.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

SUITE = Path(__file__).resolve().parents[2].parent / "shared" / "peer" / "stack-algequiv.tsv"


@dataclass(frozen=True)
class Row:
    line: str  # the row's origin in STACK's fixture file, e.g. "L114"
    student: str
    teacher: str
    expected: int
    note: str

    @property
    def convention(self) -> bool:
        return "conv:" in self.note or "stack-wrong" in self.note

    @property
    def domains(self) -> dict[str, str]:
        return {name: "positive" for name in re.findall(r"domain:(\w+)>0", self.note)}


def load_rows(path: Path = SUITE) -> list[Row]:
    rows = []
    for text in path.read_text(encoding="utf-8").splitlines():
        if not text.strip() or text.startswith("#"):
            continue
        student, teacher, expected, note, origin = text.split("\t")[:5]
        rows.append(Row(origin.split()[0], student, teacher, int(expected), note))
    return rows


def judge_row(row: Row) -> tuple[str, str]:
    """('agree' | 'wrong' | 'refused', what the checker said) for one row."""
    from quizprep.checking.equivalence import check_equivalence
    from quizprep.checking.parser import ParseError, make_symbol, parse_expression

    def parse(text: str):
        expr = parse_expression(text, None)
        return expr.subs({make_symbol(name): make_symbol(name, domain) for name, domain in row.domains.items()})

    try:
        student, teacher = parse(row.student), parse(row.teacher)
    except ParseError as exc:
        return ("agree" if row.expected == -1 else "refused"), f"parse error: {exc}"
    result = check_equivalence(student, teacher, row.domains)
    said = f"{result.status} ({result.method or result.issue}) {result.counterexample or ''}"
    if result.status == "unknown":
        return ("agree" if row.expected == -1 else "refused"), said
    agrees = result.equal == (row.expected == 1)
    return ("agree" if agrees else "wrong"), said


def _rows() -> list[Row]:
    return load_rows() if SUITE.exists() else []


@pytest.mark.skipif(not SUITE.exists(), reason=f"STACK's suite is not here ({SUITE.name} is read from "
                                               f"../shared/peer next to the repository; it is not part of it)")
def test_suite_has_the_applicable_rows() -> None:
    rows = _rows()
    assert len(rows) >= 150
    assert sum(not r.convention for r in rows) >= 130


@pytest.mark.skipif(not SUITE.exists(), reason=f"STACK's suite is not here ({SUITE.name} is read from "
                                               f"../shared/peer next to the repository; it is not part of it)")
@pytest.mark.parametrize("row", [r for r in _rows() if not r.convention], ids=lambda r: r.line)
def test_stack_row_agrees(row: Row) -> None:
    outcome, said = judge_row(row)
    assert outcome == "agree", f"{row.student} vs {row.teacher}: STACK {row.expected}, quizprep {said}"
