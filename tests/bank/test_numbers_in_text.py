"""Drawn numbers in text: Russian nouns agree with them, and both languages show the same numbers and formulas.

Every parameterized question is rendered for the notes' numbers and 50 seeds. The agreement rules are
written out here on their own (not taken from bank/instance.py), so a wrong form in a question file or
in the plural helper fails this test.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from quizprep.bank.instance import instantiate
from quizprep.bank.loader import load_bank

SEEDS = [None, *range(50)]
PARAMETERIZED = [q for q in load_bank(include_env=False) if q.is_parameterized]

# noun: (nominative singular, accusative singular, genitive singular, genitive plural)
RUSSIAN_NOUNS = {
    "слой": ("слой", "слой", "слоя", "слоёв"),
    "раз": ("раз", "раз", "раза", "раз"),
    "эпоха": ("эпоха", "эпоху", "эпохи", "эпох"),
    "объект": ("объект", "объект", "объекта", "объектов"),
    "сигмоида": ("сигмоида", "сигмоиду", "сигмоиды", "сигмоид"),
    "шаг": ("шаг", "шаг", "шага", "шагов"),
    "пример": ("пример", "пример", "примера", "примеров"),
    "нейрон": ("нейрон", "нейрон", "нейрона", "нейронов"),
    "признак": ("признак", "признак", "признака", "признаков"),
    "вход": ("вход", "вход", "входа", "входов"),
    "выход": ("выход", "выход", "выхода", "выходов"),
    "вызов": ("вызов", "вызов", "вызова", "вызовов"),
    "параметр": ("параметр", "параметр", "параметра", "параметров"),
    "итерация": ("итерация", "итерацию", "итерации", "итераций"),
    "класс": ("класс", "класс", "класса", "классов"),
    "батч": ("батч", "батч", "батча", "батчей"),
}
ENGLISH_NOUNS = {"layer", "time", "epoch", "example", "step", "sigmoid", "neuron", "feature", "input", "output",
                 "call", "parameter", "iteration", "class", "batch", "activation"}
GENITIVE_PREPOSITIONS = {"после", "из", "от", "до", "около", "без", "для", "более", "менее"}
RU_COUNT = re.compile(r"(?:(\w+)\s+)?(?:\w\s*=\s*)?(?<![\w.,])(\d+(?:[.,]\d+)?)\s+(?:float32\s+)?([а-яё]+)", re.IGNORECASE)
EN_COUNT = re.compile(r"(?<![\w.,])(\d+(?:\.\d+)?)\s+(?:training\s+|float32\s+|sigmoid\s+)?([a-z]+)")
NUMBER = re.compile(r"(?<![\w.])[-−]?\d+(?:\.\d+)?(?:e[-+]?\d+)?")
MATH = set("=·²√^ᵀ∂∇‖≈≤≥×⁻¹")


def russian_forms_allowed(number: str, preposition: str | None) -> set[str] | None:
    """The forms of each noun that may follow `number`; None when the rule is not for a count."""
    if "." in number or "," in number:
        return {forms[2] for forms in RUSSIAN_NOUNS.values()}  # a fraction takes the genitive singular
    n = int(number)
    one = n % 10 == 1 and n % 100 != 11
    few = 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14
    if preposition and preposition.lower() in GENITIVE_PREPOSITIONS:
        return {forms[2] if one else forms[3] for forms in RUSSIAN_NOUNS.values()}
    if one:
        return {form for forms in RUSSIAN_NOUNS.values() for form in forms[:2]}
    return {forms[2] if few else forms[3] for forms in RUSSIAN_NOUNS.values()}


ALL_RUSSIAN_FORMS = {form for forms in RUSSIAN_NOUNS.values() for form in forms}


def russian_disagreements(text: str) -> list[str]:
    wrong = []
    for match in RU_COUNT.finditer(text):
        preposition, number, word = match.groups()
        if word.lower() in ALL_RUSSIAN_FORMS and word.lower() not in russian_forms_allowed(number, preposition):
            wrong.append(match.group(0))
    return wrong


def english_disagreements(text: str) -> list[str]:
    wrong = []
    for match in EN_COUNT.finditer(text):
        number, word = match.groups()
        singular = word[:-2] if word.endswith("es") and word[:-2] in ENGLISH_NOUNS else word.rstrip("s")
        if singular not in ENGLISH_NOUNS:
            continue
        if (float(number) == 1) != (word == singular):
            wrong.append(match.group(0))
    return wrong


def formulas(text: str) -> set[str]:
    """Whitespace-separated tokens that are math (an operator, no Cyrillic), without surrounding punctuation."""
    tokens = (token.strip(".,;:?!()«»\"'") for token in text.split())
    return {t for t in tokens if any(c in MATH for c in t) and not re.search("[а-яё]", t, re.IGNORECASE)}


def rendered(question):
    for seed in SEEDS:
        instance = instantiate(question, seed)
        for field in ("prompt", "explanation"):
            yield seed, field, getattr(instance, field)("en"), getattr(instance, field)("ru")


def test_the_checks_catch_what_they_are_for() -> None:
    assert russian_disagreements("Через 4 слоёв") == ["Через 4 слоёв"]
    assert russian_disagreements("вызывается 2 раз") and russian_disagreements("N = 21 объектов")
    assert russian_disagreements("через 5 сигмоиды") and russian_disagreements("за 3 эпох")
    assert not russian_disagreements("через 4 слоя, после 2 шагов, 21 эпоху, N = 5 объектов, после 1 шага")
    assert english_disagreements("after 1 steps") and english_disagreements("3 layer")
    assert not english_disagreements("after 1 step, 3 layers, 2 training examples, 7 classes")
    assert formulas("w = (1 − lr·k)^n·w0, и всё") == {"=", "lr·k)^n·w0"}


@pytest.mark.parametrize("question", PARAMETERIZED, ids=lambda q: q.id)
def test_numbers_agree_with_their_nouns(question) -> None:
    for seed, field, en, ru in rendered(question):
        assert not russian_disagreements(ru), f"{question.id} seed {seed} {field}.ru: {russian_disagreements(ru)}"
        assert not english_disagreements(en), f"{question.id} seed {seed} {field}.en: {english_disagreements(en)}"


@pytest.mark.parametrize("question", PARAMETERIZED, ids=lambda q: q.id)
def test_both_languages_show_the_same_numbers_and_formulas(question) -> None:
    for seed, field, en, ru in rendered(question):
        assert Counter(NUMBER.findall(en)) == Counter(NUMBER.findall(ru)), (
            f"{question.id} seed {seed} {field}: numbers differ\n  en: {en}\n  ru: {ru}")
        assert formulas(en) == formulas(ru), (
            f"{question.id} seed {seed} {field}: formulas differ: {sorted(formulas(en) ^ formulas(ru))}")
