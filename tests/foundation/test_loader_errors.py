"""A broken question file gives one clear error naming file, question id and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizprep.bank.loader import load_bank, load_file
from quizprep.errors import BankError

GOOD = '''
topic = "toy"

[[question]]
id = "toy-number"
kind = "numeric"
title = { en = "Toy", ru = "Игрушка" }
prompt = { en = "Two plus two?", ru = "Два плюс два?" }
explanation = { en = "Four.", ru = "Четыре." }
answer = 4
source = { file = "notes.txt", section = "Intro" }
'''


def write(tmp_path: Path, text: str, name: str = "toy.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_loads(tmp_path):
    [question] = load_file(write(tmp_path, GOOD))
    assert question.id == "toy-number"
    assert question.topic == "toy"
    assert question.answer == 4
    assert question.prompt.in_lang("ru") == "Два плюс два?"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda s: s.replace('id = "toy-number"', 'id = "Toy Number"'), "question 'Toy Number': field 'id'"),
        (lambda s: s.replace('kind = "numeric"', 'kind = "essay"'), "question 'toy-number': field 'kind'"),
        (lambda s: s.replace('ru = "Два плюс два?"', 'fr = "Deux"'), "field 'prompt'"),
        (lambda s: s.replace('source = { file = "notes.txt", section = "Intro" }', ""), "field 'source'"),
        (lambda s: s.replace("answer = 4", 'answer = "four"'), "field 'answer'"),
        (lambda s: s.replace("answer = 4", "answer = 4\nanwser = 5"), "field 'anwser': unknown field"),
        (lambda s: s.replace('topic = "toy"', 'topic = "Toy Topic"'), "field 'topic'"),
        (lambda s: s.replace("answer = 4", 'answer = 4\nsymbols = { x = "complex" }'), "field 'symbols.x'"),
    ],
)
def test_broken_field_is_named(tmp_path, change, expected):
    path = write(tmp_path, change(GOOD))
    with pytest.raises(BankError) as info:
        load_file(path)
    message = str(info.value)
    assert message.startswith(str(path))
    assert expected in message
    assert "\n" not in message


def test_invalid_toml_names_the_line(tmp_path):
    path = write(tmp_path, GOOD.replace('kind = "numeric"', 'kind = "numeric'))
    with pytest.raises(BankError, match=r"toy\.toml: invalid TOML: .*line 6"):
        load_file(path)


def test_choice_answer_must_name_a_choice(tmp_path):
    text = GOOD.replace('kind = "numeric"', 'kind = "choice"').replace(
        "answer = 4", 'answer = 3\nchoices = [{ en = "a", ru = "а" }, { en = "b", ru = "б" }]')
    with pytest.raises(BankError, match="field 'answer': expected the number of the right choice, 1..2"):
        load_file(write(tmp_path, text))


def test_duplicate_ids_across_files_are_reported(tmp_path):
    write(tmp_path, GOOD, "a.toml")
    write(tmp_path, GOOD, "b.toml")
    with pytest.raises(BankError, match="question 'toy-number': field 'id': duplicate id, already defined in"):
        load_bank([tmp_path], include_shipped=False, include_env=False)


def test_user_bank_from_environment_is_added(tmp_path, monkeypatch):
    write(tmp_path, GOOD)
    monkeypatch.setenv("QUIZPREP_BANK", str(tmp_path))
    bank = load_bank()
    assert bank.get("toy-number").topic == "toy"
    assert len(bank) > 1  # the shipped bank is still there


def test_missing_bank_directory(tmp_path):
    with pytest.raises(BankError, match="not a directory of question files"):
        load_bank([tmp_path / "nowhere"], include_shipped=False)
