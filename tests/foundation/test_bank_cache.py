"""The parse cache of bank directories: used when current, ignored when stale or damaged."""

from __future__ import annotations

import os

from quizprep.bank.cache import _cache_file
from quizprep.bank.loader import load_bank

QUESTION = '''
topic = "toy"
[[question]]
id = "toy-number"
kind = "numeric"
title = {{ en = "Toy", ru = "Игрушка" }}
prompt = {{ en = "{prompt}", ru = "Сколько?" }}
explanation = {{ en = "E", ru = "О" }}
answer = 4
source = {{ file = "n.txt", section = "S" }}
'''


def load(directory):
    return load_bank([directory], include_shipped=False, include_env=False)


def test_cache_is_written_and_follows_edits(tmp_path):
    bank_dir = tmp_path / "bank"
    bank_dir.mkdir()
    path = bank_dir / "toy.toml"
    path.write_text(QUESTION.format(prompt="How many?"), encoding="utf-8")
    assert load(bank_dir).get("toy-number").prompt.en == "How many?"
    assert _cache_file(bank_dir).exists()

    path.write_text(QUESTION.format(prompt="How many now?"), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))
    assert load(bank_dir).get("toy-number").prompt.en == "How many now?"


def test_a_damaged_cache_is_ignored(tmp_path):
    bank_dir = tmp_path / "bank"
    bank_dir.mkdir()
    (bank_dir / "toy.toml").write_text(QUESTION.format(prompt="Q?"), encoding="utf-8")
    load(bank_dir)
    _cache_file(bank_dir).write_bytes(b"not a pickle")
    assert load(bank_dir).get("toy-number").prompt.en == "Q?"


def test_a_broken_file_is_still_reported_after_caching(tmp_path):
    import pytest

    from quizprep.errors import BankError

    bank_dir = tmp_path / "bank"
    bank_dir.mkdir()
    path = bank_dir / "toy.toml"
    path.write_text(QUESTION.format(prompt="Q?"), encoding="utf-8")
    load(bank_dir)
    path.write_text("topic = 3\n", encoding="utf-8")
    with pytest.raises(BankError, match="field 'topic'"):
        load(bank_dir)
