"""Languages: every label exists in English and Russian, and `quizprep config lang ru` reaches every command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quizprep.cli import app
from quizprep.ui.labels import LABELS, label, placeholders

runner = CliRunner()
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
LATIN_IN_BOTH = {"col-id", "date", "date-year"}  # an id is an id; strftime patterns


def test_every_label_has_both_languages_with_the_same_placeholders():
    assert set(LABELS) == {"en", "ru"}
    assert set(LABELS["en"]) == set(LABELS["ru"])
    for key, english in LABELS["en"].items():
        russian = LABELS["ru"][key]
        assert english.strip() and russian.strip(), key
        assert placeholders(english) == placeholders(russian), key
        if key not in LATIN_IN_BOTH:
            assert CYRILLIC.search(russian), f"{key}: {russian!r} is not Russian"
            assert not CYRILLIC.search(english), f"{key}: {english!r} is not English"


def test_every_label_fills_in():
    for lang in ("en", "ru"):
        for key, text in LABELS[lang].items():
            values = {name: 3 for name in placeholders(text)}
            filled = label(lang, key, **values)
            assert "{" not in filled and "|" not in filled, (lang, key, filled)


def test_numbers_agree_with_their_nouns():
    assert label("en", "n-questions", n=1) == "1 question"
    assert label("en", "n-questions", n=5) == "5 questions"
    assert [label("ru", "n-days", n=n) for n in (1, 3, 5, 21, 11)] == ["1 день", "3 дня", "5 дней", "21 день",
                                                                        "11 дней"]


def run(*args: str):
    return runner.invoke(app, list(args), env={"COLUMNS": "100"})


@pytest.fixture
def russian():
    result = run("config", "lang", "ru")
    assert result.exit_code == 0 and "(сохранено)" in result.stdout


def test_the_lang_setting_applies_to_every_command(russian, tmp_path: Path):
    assert "вопросов" in run("list", "--topic", "dropout").stdout and "название" in run("list").stdout
    assert "Что такое p" in run("list", "--json", "--topic", "dropout").stdout
    assert "источник:" in run("show", "dropout-p-meaning").stdout
    answered = run("answer", "dropout-p-meaning", "2")
    assert answered.exit_code == 0 and "верно" in answered.stdout
    stats = run("stats", "--no-plots")
    assert "тема" in stats.stdout and "точность" in stats.stdout and "серия" in stats.stdout
    assert "корректно" in run("validate").stdout
    assert "настройки" in run("config").stdout and "язык всех команд" in run("config").stdout
    cancelled = runner.invoke(app, ["reset"], input="n\n")
    assert "Удалить весь ваш прогресс" in cancelled.stdout and "ничего не удалено" in cancelled.stdout
    exported = run("export", "anki", str(tmp_path / "deck.apkg"), "--topic", "dropout")
    assert exported.exit_code == 0 and "заметок" in exported.stdout and "quizprep (ru)" in exported.stdout
    assert "relu и её производная" in run("plot", "relu", "--derivative").stdout
    refused = run("list", "--topic", "dropot")
    assert refused.exit_code == 2 and "ошибка: неизвестная тема 'dropot'" in refused.stderr
    assert "может быть, 'dropout'" in refused.stderr
    mistyped = run("show", "dropout-p-meanin")
    assert mistyped.exit_code == 2
    assert "ошибка: неизвестный id вопроса 'dropout-p-meanin'; может быть, 'dropout-p-meaning'" in mistyped.stderr


def test_an_explicit_lang_wins_over_the_setting(russian):
    assert "questions" in run("list", "--lang", "en", "--topic", "dropout").stdout
    assert "attempts" in run("stats", "--no-plots", "--lang", "en").stdout


def test_english_by_default():
    from quizprep.bank.loader import load_bank

    count = sum(q.topic == "dropout" for q in load_bank(include_env=False))
    assert f"{count} questions" in run("list", "--topic", "dropout").stdout
    assert "valid" in run("validate").stdout
