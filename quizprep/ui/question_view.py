"""Render a question (and optionally its answer and explanation) as Rich renderables."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from quizprep.bank.instance import QuestionInstance
from quizprep.ui.console import ByWidth, is_narrow
from quizprep.ui.figure_view import figure_renderable
from quizprep.ui.labels import label
from quizprep.ui.math import pretty_answer

HOW_TO_ANSWER = {
    "symbolic": {"en": "Type an expression, e.g. sigmoid(x)*(1 - sigmoid(x)) or 2x^2.",
                 "ru": "Введите выражение, например sigmoid(x)*(1 - sigmoid(x)) или 2x^2."},
    "numeric": {"en": "Type a number (0.25, 1/4) or a vector [0.1, 0.2, 0.7].",
                "ru": "Введите число (0,25, 1/4, exp(-1)) или вектор [0,1; 0,2; 0,7]."},  # decimal comma
    "choice": {"en": "Type the number of your choice.", "ru": "Введите номер ответа."},
    "derivation": {"en": "Type the steps of the derivation, one expression per line; an empty line ends them.",
                   "ru": "Введите шаги вывода, по одному выражению в строке; пустая строка завершает ввод."},
    "code": {"en": "Write the layer in a file and check it.", "ru": "Напишите слой в файле и проверьте его."},
    "self-graded": {"en": "Answer aloud or on paper, then compare with the model answer.",
                    "ru": "Ответьте вслух или на бумаге, затем сравните с образцом."},
}


def how_to_answer(instance: QuestionInstance, lang: str) -> str:
    """The one-line instruction for this kind; numeric ones say how many digits are enough."""
    text = HOW_TO_ANSWER[instance.question.kind][lang]
    if instance.question.kind == "numeric":
        from quizprep.checking.numbers import significant_digits_needed

        digits = significant_digits_needed(instance.question.tolerance, instance.answer)
        one = digits % 10 == 1 and digits % 100 != 11
        if lang == "ru":
            text += f" Достаточно {digits} значащей цифры." if one else f" Достаточно {digits} значащих цифр."
        else:
            text += " 1 significant digit is enough." if digits == 1 else f" {digits} significant digits are enough."
    return text


def _format_reference(instance: QuestionInstance, lang: str) -> str:
    question = instance.question
    answer = instance.answer
    if question.kind in ("symbolic", "derivation"):
        return pretty_answer(str(answer), question)
    if question.kind == "numeric":
        from quizprep.checking.numbers import as_vector, format_vector

        return format_vector(as_vector(answer))
    if question.kind == "choice":
        picks = answer if isinstance(answer, list) else [answer]
        return "\n".join(f"{p}. {question.choices[p - 1].in_lang(lang)}" for p in picks)
    if question.kind == "self-graded":
        return answer.in_lang(lang)
    return f"quizprep exercise {question.exercise} --solution"


def render_question(instance: QuestionInstance, lang: str = "en", with_answer: bool = False) -> RenderableType:
    """A panel with the title, topic, prompt, choices and how to answer; answer and explanation if asked."""
    question = instance.question
    parts: list[RenderableType] = [Text(instance.prompt(lang))]
    figure = figure_renderable(instance, lang)  # a plot on a terminal, its description elsewhere
    if figure is not None:
        parts += [Text(""), figure]
    if question.start and question.kind == "derivation":
        # shown as written: pretty-printing would load SymPy before the question is on screen
        parts += [Text(""), Text(question.start, style="cyan")]
    if question.choices:
        choices = Table.grid(padding=(0, 1))  # a long choice wraps under its own text, not under its number
        choices.add_column(justify="right")
        choices.add_column()
        for i, choice in enumerate(question.choices, 1):
            choices.add_row(f"{i}.", Text(choice.in_lang(lang)))
        parts += [Text(""), Padding(choices, (0, 0, 0, 2))]
    parts += [Text(""), Text(how_to_answer(instance, lang), style="dim")]
    if with_answer:
        parts += [Text(""), Text(f"{label(lang, 'answer')}:", style="bold green"),
                  Text(_format_reference(instance, lang)),
                  Text(""), Text(f"{label(lang, 'explanation')}:", style="bold"), Text(instance.explanation(lang))]
    parts += [Text(""), Text(f"{label(lang, 'source')}: {question.source.label(lang)}", style="dim")]
    seed = f" · seed {instance.seed}" if instance.seed is not None else ""
    subtitle = f"{question.id} · {question.topic} · {question.kind}{seed}"
    title = question.title.in_lang(lang)

    def layout(width: int) -> RenderableType:
        if is_narrow(width):  # no box: its border would cut title and id, its sides would take 4 columns
            return Group(Rule(style="dim"), Text(title, style="bold"), Text(subtitle, style="dim"), Text(""),
                         *parts, Rule(style="dim"))
        return Panel(Group(*parts), title=Text(title, style="bold"), subtitle=subtitle, subtitle_align="right",
                     expand=False)

    return ByWidth(layout)
