"""The checker's messages in English and Russian, by key: one catalog, so that none stays English-only.

    >>> message("restated", "en", form="d/dx σ(x)")
    'carry the derivative out: your answer still contains d/dx σ(x)'

Each entry is a Text whose two sides take the same {placeholders}; tests walk every key in both languages.
"""

from __future__ import annotations

import re
from typing import Any

from quizprep.bank.model import Text

MESSAGES: dict[str, Text] = {
    # restating the question, forbidden names (issue 14, point 1)
    "restated": Text("carry the derivative out: your answer still contains {form}",
                     "вычислите производную: в ответе всё ещё есть {form}"),
    "restated_step": Text("carry the derivative out: the last step still contains {form}; end the chain with "
                          "an expression without derivatives",
                          "вычислите производную: в последнем шаге всё ещё есть {form}; закончите цепочку "
                          "выражением без производных"),
    "forbidden": Text("your answer uses {name}, which this question asks you to work out: write it without {name}",
                      "в ответе есть {name}, а его здесь нужно выразить: запишите ответ без {name}"),
    # numbers (point 4)
    "numeric_function": Text("a numeric answer may use arithmetic, powers, roots, exp, log, e and π, not {name}: "
                             "work {name} out and type the number",
                             "в числовом ответе допустимы арифметика, степени, корни, exp, log, e и π, но не "
                             "{name}: вычислите {name} и введите число"),
    "numeric_variable": Text("a numeric answer is a number: '{name}' is not one (type e.g. 0.25, 1/4, exp(-1))",
                             "числовой ответ — это число, а '{name}' не число (например: 0.25, 1/4, exp(-1))"),
    "numeric_undefined": Text("{text} has no real value", "у {text} нет вещественного значения"),
    "significant_digits": Text("give {digits} significant digits: {typed} is the right value rounded too far",
                               "укажите не меньше {digits} значащих цифр: {typed} — верное значение, но округлено "
                               "слишком сильно"),
    "too_long": Text("the answer is too long ({length} characters, at most {most})",
                     "ответ слишком длинный ({length} символов, максимум {most})"),
    "unbalanced": Text("unbalanced brackets: write a vector as [0.1, 0.2, 0.7]",
                       "скобки не сбалансированы: вектор пишется так: [0.1, 0.2, 0.7] или [0,1; 0,2; 0,7]"),
    "empty": Text("the answer is empty: type a number, or numbers separated by commas",
                  "ответ пустой: введите число или числа через запятую"),
    "division_by_zero": Text("division by zero in '{part}'{where}", "деление на ноль в '{part}'{where}"),
    "not_a_number": Text("'{part}'{where} is not a number (write e.g. 0.25, 1/4 or 2.5e-3)",
                         "'{part}'{where} — не число (пишите, например, 0,25, 1/4 или 2.5e-3)"),
    "not_finite": Text("'{part}'{where} is not a finite number", "'{part}'{where} — не конечное число"),
    "too_large": Text("'{part}'{where} is too large to compare (beyond about 1.8e308)",
                      "'{part}'{where} — слишком большое число для сравнения (больше примерно 1.8e308)"),
    "item": Text(" (item {position})", " (элемент {position})"),
    "count": Text("this answer has {expected} numbers; you typed {given}",
                  "в ответе должно быть чисел: {expected}; вы ввели: {given}"),
    "count_one": Text("this answer is one number; you typed {given}",
                      "ответ — одно число; вы ввели: {given}"),
    "decimal_comma": Text("this answer is one number: write a decimal point ({suggestion}); a decimal comma "
                          "works with --lang ru",
                          "ответ — одно число; десятичная дробь пишется так: {suggestion}"),
    "sum_to_one": Text("Not quite{where}: these values should sum to 1 (yours sum to {total}).",
                       "Не совсем{where}: сумма должна быть равна 1 (у вас {total})."),
    "sign_flipped": Text("Sign flipped{where}: you have {given}.", "Знак перепутан{where}: у вас {given}."),
    "close": Text("Close but outside the tolerance{where}: {given} (keep more digits).",
                  "Близко, но вне допуска{where}: {given} (оставьте больше цифр)."),
    "not_right": Text("Not right{where}: you have {given}.", "Неверно{where}: у вас {given}."),
    "at_position": Text(" at position {position}", " в позиции {position}"),
    # choices
    "choice_type": Text("type the number of your choice (1-{count})", "введите номер варианта (1-{count})"),
    "choice_not": Text("'{part}' is not a choice: type a number 1-{count}",
                       "'{part}' — не вариант: введите номер 1-{count}"),
    "choice_none": Text("there is no choice {part}: choose 1-{count}", "варианта {part} нет: выберите 1-{count}"),
    "choice_single": Text("this question has one right choice: type a single number",
                          "в этом вопросе один верный вариант: введите один номер"),
    "choice_missing": Text("missing {picks}", "не выбраны {picks}"),
    "choice_extra": Text("{picks} should not be chosen", "{picks} выбирать не нужно"),
    "choice_not_quite": Text("Not quite: {parts}.", "Не совсем: {parts}."),
    "choice_wrong": Text("That is not the right choice.", "Это неверный вариант."),
    # kinds that are not typed, derivations
    "not_typed_code": Text("this is a coding exercise: write it with `quizprep exercise {exercise}` and grade it "
                           "with `quizprep check {exercise} FILE`",
                           "это упражнение на код: напишите его через `quizprep exercise {exercise}` и проверьте "
                           "через `quizprep check {exercise} FILE`"),
    "not_typed_self": Text("this question is graded by you: study it with `quizprep quiz`, which reveals the model "
                           "answer", "этот вопрос оцениваете вы сами: проходите его в `quizprep quiz`, там "
                                     "показывается образцовый ответ"),
    "too_many_steps": Text("too many steps (at most {most})", "слишком много шагов (максимум {most})"),
    # counterexamples and symbolic verdicts
    "yours": Text("yours", "ваш"),
    "expected": Text("expected", "ожидалось"),
    "undefined": Text("undefined", "не определено"),
    "checker_failed": Text("the checker failed on this input ({error})", "проверка не удалась на этом вводе ({error})"),
    "could_not_compare": Text("could not compare", "не удалось сравнить"),
    "domain_mismatch": Text("Your answer is not defined (or not real) at {where}, where the expected one is {value}: "
                            "check the domain (a log or a root of something negative?).",
                            "Ваш ответ не определён (или не вещественный) при {where}, а правильный там равен "
                            "{value}: проверьте область определения (логарифм или корень из отрицательного?)."),
    "domain_wider": Text("Your answer is defined at {where}, where the expected one is not (it is {value} there): "
                         "the two have different domains.",
                         "Ваш ответ определён при {where}, где правильный не определён (у вас там {value}): "
                         "области определения различаются."),
}


def counterexample_text(counterexample: dict[str, str], lang: str = "en") -> str:
    """'x = 1.45, yours = 2, expected = 3' with the labels (and 'undefined') in `lang`."""
    def shown(key: str, value: str) -> str:
        name = message(key, lang) if key in ("yours", "expected") else key
        return f"{name} = {message('undefined', lang) if value == 'undefined' else value}"

    return ", ".join(shown(k, v) for k, v in counterexample.items())


METHOD_PATTERNS = (  # how an equality was established (Verdict.method stays English data; this is for reading)
    (re.compile(r"proved"), "доказано"),
    (re.compile(r"checked at (\d+) points"), "проверено в {0} точках"),
    (re.compile(r"checked to (\d+) digits"), "проверено с точностью до {0} знаков"),
    (re.compile(r"checked with (\d+) random matrices \((.*)\)"), "проверено на {0} случайных матрицах ({1})"),
)


def method_text(method: str, lang: str = "en") -> str:
    """A verdict's method ('proved', 'checked at 20 points', 'each step checked at 20 points') in `lang`."""
    if lang != "ru":
        return method
    each = method.startswith("each step ")
    core = method.removeprefix("each step ")
    for pattern, russian in METHOD_PATTERNS:
        found = pattern.fullmatch(core)
        if found:
            return russian.format(*found.groups()) + (" (каждый шаг)" if each else "")
    return method


def message(key: str, lang: str = "en", **values: Any) -> str:
    """The message `key` in `lang` ('ru' or English), with its placeholders filled in."""
    return MESSAGES[key].in_lang(lang).format(**values)


def text(key: str, **values: Any) -> Text:
    """Both languages of message `key`, filled in."""
    entry = MESSAGES[key]
    return Text(entry.en.format(**values), entry.ru.format(**values))
