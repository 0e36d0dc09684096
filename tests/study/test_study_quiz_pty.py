"""`quizprep quiz` in a real pseudo-terminal: a question, a hint, a wrong then a right answer, Ctrl-C.

Spawns `python -m quizprep` with its own QUIZPREP_HOME, as a user would run it, on a two-question bank of
its own (pty_bank/) so that edits to the shipped bank cannot change what it sees.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from terminal_support import default_ctrl_c

PTY_BANK = Path(__file__).parent / "pty_bank"
pexpect = pytest.importorskip("pexpect")
pytestmark = pytest.mark.skipif(not hasattr(os, "openpty") or sys.platform == "win32", reason="needs a pty")


def quizprep(*args: str) -> list[str]:
    """The arguments to run quizprep on the pty bank."""
    return ["-m", "quizprep", "--bank", str(PTY_BANK), *args]


def quizprep_env(home) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("QUIZPREP_BANK", "QUIZPREP_NOW")}
    env.update(QUIZPREP_HOME=str(home), NO_COLOR="1", TERM="xterm", PYTHONIOENCODING="utf-8")
    return env


def test_quiz_in_a_terminal_then_ctrl_c(tmp_path):
    env = quizprep_env(tmp_path)
    child = pexpect.spawn(sys.executable, quizprep("quiz", "--topic", "pty-kit"), env=env, encoding="utf-8",
                          timeout=30, dimensions=(50, 120), preexec_fn=default_ctrl_c)
    try:
        child.expect("Computational graph: ∂e/∂b")
        child.expect("answer › ")
        child.sendline("hint")
        child.expect("hint: ")
        child.expect("Follow every path from b to e")
        child.expect("answer › ")
        child.sendline("2")
        child.expect("✗ wrong")
        child.expect("You followed only the path through c.")
        child.expect("answer › ")
        child.sendline("5")
        child.expect("✓ correct")
        child.expect("comes back in")
        child.expect("Question 2/3")  # the next question is on screen (the missed one comes back later)...
        child.expect("› ")
        child.sendintr()  # ...and Ctrl-C leaves
        child.expect("Session: 1 answered")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert "Traceback" not in (child.before or "")
    assert child.exitstatus == 130
    stats = subprocess.run([sys.executable, *quizprep("stats", "--json")], env=env, capture_output=True,
                           text=True, timeout=60, check=True)
    data = json.loads(stats.stdout)
    assert data["attempts"] == 2
    assert data["topics"]["pty-kit"]["wrong"] == 1 and data["topics"]["pty-kit"]["correct"] == 1


def test_ctrl_d_at_the_first_prompt_exits_0(tmp_path):
    child = pexpect.spawn(sys.executable, quizprep("quiz", "--topic", "pty-kit", "--kind", "choice"),
                          env=quizprep_env(tmp_path), encoding="utf-8", timeout=30, dimensions=(50, 120), preexec_fn=default_ctrl_c)
    try:
        child.expect("answer › ")
        child.sendeof()
        child.expect("Session: 0 answered")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert "Traceback" not in (child.before or "")
    assert child.exitstatus == 0
