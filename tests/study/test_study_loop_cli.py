"""The study loop through the CLI: repeatable filters, unknown values refused, suspend/unsuspend, Russian
command words, relearning in a scripted session; and in a real terminal the mock interview's countdown."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from terminal_support import default_ctrl_c
from typer.testing import CliRunner

from quizprep.cli import app

runner = CliRunner()
STUDY_BANK = Path(__file__).parent / "bank"
PTY_BANK = Path(__file__).parent / "pty_bank"
NOW = "2025-01-06T09:00:00Z"


def run(*args: str, input: str = "", now: str = NOW):
    return runner.invoke(app, ["--bank", str(STUDY_BANK), *args], input=input, env={"QUIZPREP_NOW": now})


def flat(text: str) -> str:
    return " ".join(text.split())


def test_kind_is_repeatable_and_every_value_applies():
    result = run("quiz", "--topic", "study-kit", "--kind", "numeric", "--kind", "choice", input="5\n2\n")
    out = flat(result.stdout)
    assert result.exit_code == 0, result.output
    assert "Question 1/2 · new · study-kit · numeric" in out and "Question 2/2 · new · study-kit · choice" in out


def test_an_unknown_kind_or_topic_is_refused_with_the_valid_ones():
    kind = run("quiz", "--kind", "numeric", "--kind", "essay")
    assert kind.exit_code == 2 and "Traceback" not in kind.output
    assert "unknown kind 'essay' (known: choice, code, derivation, numeric, self-graded, symbolic)" in flat(kind.output)
    topic = run("quiz", "--topic", "nosuch")
    assert topic.exit_code == 2 and "unknown topic 'nosuch' (known:" in flat(topic.output)
    assert "study-kit" in topic.output


def test_suspend_and_unsuspend_from_the_command_line():
    assert run("suspend", "sk-numeric").exit_code == 0
    quiz = run("quiz", "--topic", "study-kit", "--kind", "numeric")
    assert "There are no" not in quiz.stdout and "Nothing to study right now" in flat(quiz.stdout)
    again = run("suspend", "sk-numeric")
    assert again.exit_code == 0 and "already suspended" in again.stdout
    back = run("unsuspend", "sk-numeric")
    assert back.exit_code == 0 and "sk-numeric is back in your sessions" in back.stdout
    assert "Question 1/1" in run("quiz", "--topic", "study-kit", "--kind", "numeric").stdout
    unknown = run("suspend", "sk-nope")
    assert unknown.exit_code == 2 and "unknown question id 'sk-nope'" in unknown.output
    assert "Traceback" not in unknown.output


def test_russian_command_words_and_labels():
    result = run("quiz", "--topic", "study-kit", "--kind", "numeric", "--kind", "choice", "--lang", "ru",
                 input="подсказка\nпропустить\n2\nвыход\n")
    out = flat(result.stdout)
    assert result.exit_code == 0, result.output
    assert "команды: подсказка (?) · пропустить · ответ · отложить · приостановить · отменить · выход" in out
    assert "подсказка: Сложите оба пути." in out
    assert "пропущено" in out and "неожиданный символ" not in out
    assert "Вопрос 3/3 · новый · study-kit · numeric" in out  # the skipped question comes back after the other


def test_a_missed_question_comes_back_in_the_same_scripted_session():
    result = run("quiz", "--topic", "study-kit", "--kind", "numeric", input="answer\n5\n")
    out = flat(result.stdout)
    assert "rated again · comes back in 1 min (again in this session)" in out
    assert "Question 2/2 · learning · study-kit · numeric" in out
    assert "Session: 1 answered · 0 right first time · 1 revealed · 1 relearned" in out


def test_undo_in_a_scripted_session():
    result = run("quiz", "--topic", "study-kit", "--kind", "numeric", "--kind", "choice",
                 input="5\nundo\n5\n2\n")
    out = flat(result.stdout)
    assert "took back the last rating (easy) of “Graph derivative”: it is asked again" in out
    assert out.count("Question 1/2 · new · study-kit · numeric") == 2  # asked again, in its place
    assert "Question 2/2 · new · study-kit · choice" in out
    assert "Session: 2 answered · 2 right first time" in out


def test_bury_in_a_scripted_session():
    result = run("quiz", "--topic", "study-kit", "--kind", "numeric", "--kind", "choice", input="bury\nundo\n2\n")
    out = flat(result.stdout)
    assert "buried: not before tomorrow" in out
    assert "nothing to undo in this session" in out  # burying is no rating
    later = run("quiz", "--topic", "study-kit", "--kind", "numeric", now="2025-01-06T20:00:00Z")
    assert "Nothing to study right now" in flat(later.stdout)
    tomorrow = run("quiz", "--topic", "study-kit", "--kind", "numeric", now="2025-01-07T01:00:00Z")
    assert "Question 1/1 · new · study-kit · numeric" in flat(tomorrow.stdout)


KEY_POINTS_BANK = """
topic = "kp-kit"

[[question]]
id = "kp-relu"
kind = "self-graded"
title = { en = "Why ReLU", ru = "Почему ReLU" }
prompt = { en = "Why is ReLU the default activation?", ru = "Почему ReLU — активация по умолчанию?" }
explanation = { en = "Cheap, and no vanishing gradient for x > 0.", ru = "Дёшево и не затухает при x > 0." }
answer = { en = "Cheap to compute; gradient 1 for x > 0.", ru = "Легко считать; градиент 1 при x > 0." }
key_points = [
  { en = "cheap to compute", ru = "дёшево вычислять" },
  { en = "gradient 1 for x > 0", ru = "градиент 1 при x > 0" },
  { en = "sparse activations", ru = "разреженные активации" },
  { en = "dead units for x < 0", ru = "мёртвые нейроны при x < 0" },
]
source = { file = "002_71db0ab0185f0373.txt", section = "Relu" }
"""


def test_an_open_question_with_key_points_is_rated_from_the_ticks(tmp_path):
    (tmp_path / "kp.toml").write_text(KEY_POINTS_BANK, encoding="utf-8")
    result = runner.invoke(app, ["--bank", str(tmp_path), "quiz", "--topic", "kp-kit"], input="\n5\n1 2 4\n",
                           env={"QUIZPREP_NOW": NOW})
    assert result.exit_code == 0, result.output
    out = flat(result.stdout)
    assert "Key points: 1. cheap to compute 2. gradient 1 for x > 0 3. sparse activations" in out
    assert "points you covered (1 3 · all · none) › 5" in out
    assert "type the numbers of the points you covered" in out  # 5 is not a point: retype
    assert "rated hard" in out  # 3 of 4
    ru = runner.invoke(app, ["--bank", str(tmp_path), "quiz", "--topic", "kp-kit", "--lang", "ru"],
                       input="ответ\nвсе\n", env={"QUIZPREP_NOW": "2025-03-01T09:00:00Z"})
    out = flat(ru.stdout)
    assert "Ключевые пункты: 1. дёшево вычислять" in out and "оценка хорошо" in out


# -- in a real terminal ------------------------------------------------------------------------------------------

pexpect = pytest.importorskip("pexpect")
needs_pty = pytest.mark.skipif(not hasattr(os, "openpty") or sys.platform == "win32", reason="needs a pty")


def spawn(home: Path, *args: str):
    env = {k: v for k, v in os.environ.items() if k not in ("QUIZPREP_BANK", "QUIZPREP_NOW")}
    env.update(QUIZPREP_HOME=str(home), NO_COLOR="1", TERM="xterm", PYTHONIOENCODING="utf-8")
    return pexpect.spawn(sys.executable, ["-m", "quizprep", "--bank", str(PTY_BANK), *args], env=env,
                         encoding="utf-8", timeout=60, dimensions=(50, 120), preexec_fn=default_ctrl_c)


@needs_pty
def test_the_mock_countdown_ticks_at_the_prompt_and_closes_the_question_at_zero(tmp_path):
    child = spawn(tmp_path, "quiz", "--topic", "pty-kit", "--mock", "0.15")  # 9 seconds
    try:
        child.expect("mock · pty-kit")
        child.expect("› ")
        child.send("12")  # typed, never entered: the clock keeps ticking over it
        child.expect(r"⏱ 00:0[0-6] ")  # redrawn while waiting
        child.expect("time's up")
        child.expect("Mock interview rubric|Overall|Nothing to review|Review next")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    assert "Traceback" not in (child.before or "")


@needs_pty
def test_ctrl_c_at_the_first_prompt_leaves_at_once(tmp_path):
    child = spawn(tmp_path, "quiz", "--topic", "pty-kit")
    try:
        child.expect("answer › ")
        child.sendintr()
        child.expect("Session: 0 answered")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 130
