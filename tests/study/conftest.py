"""Fixtures for the study tests: a bank with every kind, a store, a fake clock, fake checkers and exercises."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from quizprep.bank.loader import Bank, load_bank
from quizprep.checking.dispatch import check as real_check
from quizprep.checking.verdict import Verdict
from quizprep.study.clock import FakeClock
from quizprep.study.exercises_bridge import CodeCheck
from quizprep.study.store import ProgressStore

STUDY_BANK = Path(__file__).parent / "bank"
T0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


@pytest.fixture
def bank() -> Bank:
    """Only the study kit: one question of each kind."""
    return load_bank([STUDY_BANK], include_shipped=False, include_env=False)


@pytest.fixture
def store(tmp_path: Path):
    with ProgressStore(tmp_path / "progress.db") as opened:
        yield opened


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(T0)


def fake_check(instance, text: str, lang: str = "en") -> Verdict:
    """The real checker for numeric and choice; for symbolic and derivation, compare the last line's text.

    The study tests are about sessions, not about SymPy; the symbolic checker has its own tests.
    """
    question = instance.question
    if question.kind in ("numeric", "choice"):
        return real_check(instance, text, lang)
    last = text.strip().splitlines()[-1].replace(" ", "") if text.strip() else ""
    if not last:
        return Verdict(question.id, "invalid", "the answer is empty")
    if any(c in last for c in "$#@"):
        return Verdict(question.id, "invalid", f"cannot read '{last}'", read_as=last)
    status = "correct" if last == str(question.answer).replace(" ", "") else "wrong"
    return Verdict(question.id, status, "Correct." if status == "correct" else "Not equivalent.", read_as=last)


@pytest.fixture
def all_kinds(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Every kind gradable: symbolic/derivation through fake_check, code through a fake exercises bridge.

    The fake runner passes a file once it contains 'np.maximum'.
    """
    from quizprep.checking import dispatch
    from quizprep.study import exercises_bridge as bridge
    from quizprep.study import planner

    monkeypatch.setattr(planner, "unavailable_kinds", dict)
    monkeypatch.setattr(dispatch, "check", fake_check)

    def prepare(exercise_id: str, directory: Path, backend: str = "numpy") -> tuple[Path, bool]:
        path = directory / exercise_id / f"{exercise_id}.py"
        if path.exists():
            return path, True
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("def forward(x):\n    raise NotImplementedError\n")
        return path, False

    def check(exercise_id: str, path: Path) -> CodeCheck:
        source = path.read_text()
        if "np.maximum" in source:
            return CodeCheck(True, "forward and backward match the reference")
        return CodeCheck(False, "forward: NotImplementedError")

    monkeypatch.setattr(bridge, "prepare_exercise", prepare)
    monkeypatch.setattr(bridge, "check_exercise", check)
    return tmp_path / "work"
