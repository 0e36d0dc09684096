"""The exercises: for each id, the code contract (contracts.toml) and its words (the bank's code question).

The contract is data (`contracts.toml` beside this module): the class to write, its constructor (the
engine's), its family (which probes run), the core settings and the optional extras, the probes'
data, and which hint answers which diagnosis. The words — task, hints, explanation, title, source —
live once, in English and Russian, in the bank's code question `implement-<id>` (questions/code-*.toml);
`Exercise.question` reads them. `quizprep.bank.validate` checks that code questions name an id of
`EXERCISES`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizprep.errors import QuizprepError

if TYPE_CHECKING:
    from quizprep.bank.model import Question, Text

HERE = Path(__file__).resolve().parent
SOLUTIONS_DIR = HERE / "solutions"
TORCH_SOLUTIONS_DIR = SOLUTIONS_DIR / "torch"
CONTRACTS_FILE = HERE / "contracts.toml"

# What each family's class must provide (the probes of probes/<family>.py exercise exactly this).
LAYER_FAMILIES = ("activation", "softmax", "linear", "dropout", "batchnorm",
                  "conv", "pool", "batchnorm2d", "layernorm", "embedding", "attention")
FAMILIES = (*LAYER_FAMILIES, "loss", "optimizer")

QUOTED_PROBE = re.compile(r"“[^”]*”")  # a probe's name quoted in a diagnosis (“backward: dx match …”)


class UnknownExerciseError(QuizprepError):
    """No exercise with this id."""


@dataclass(frozen=True)
class Extra:
    """A setting beyond the notes: probed only when the user's constructor accepts it (always with --strict).

    `configs`: the constructor keyword arguments that probe it; `what`: one line saying what it is.
    """

    name: str
    what: str
    configs: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class Exercise:
    """One exercise's code contract.

    `init_args` is the constructor's parameter list after `self` (the engine's signature, e.g.
    "negative_slope=0.01"); `init_body` the constructor's lines, where ZEROS(shape) and ONES(shape)
    stand for the array library's constructors (filled in by the template for numpy or torch).
    `configs` are the core constructor settings an optimizer is probed with, `extras` the optional ones.
    `hint_for` maps a piece of a diagnosis to the number (from 1) of the hint that addresses it.
    """

    id: str
    class_name: str
    family: str
    topic: str
    init_args: str = ""
    init_body: tuple[str, ...] = ()
    configs: tuple[dict[str, Any], ...] = ()
    extras: tuple[Extra, ...] = ()
    hint_for: tuple[tuple[str, int], ...] = ()
    probe_data: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def question_id(self) -> str:
        """The id of the bank's code question for this exercise."""
        return f"implement-{self.id}"

    @property
    def file_name(self) -> str:
        """The file a template is written to: the id with dashes as underscores, e.g. leaky_relu.py."""
        return self.id.replace("-", "_") + ".py"

    @cached_property
    def question(self) -> Question:
        """The bank's code question: the exercise's title, task (prompt), hints, explanation and source."""
        return _code_questions()[self.question_id]

    @property
    def hints(self) -> tuple[Text, ...]:
        return self.question.hints

    @property
    def source(self) -> str:
        """The note and section in words, in English (as every place that shows a source: Source.label)."""
        return self.citation("en")

    def citation(self, lang: str = "en") -> str:
        """The note and section in words in `lang` ("Lecture 3 slides, NN details — Activation functions")."""
        return self.question.source.label(lang)

    @property
    def source_file(self) -> str:
        return self.question.source.file

    @property
    def source_section(self) -> str:
        return self.question.source.section

    def title(self, lang: str = "en") -> str:
        return self.question.title.in_lang(lang)

    def task(self, lang: str = "en") -> str:
        """The task, the contract and the shapes: the bank question's prompt."""
        return self.question.prompt.in_lang(lang)

    def hint_number_for(self, diagnosis: str | None) -> int | None:
        """The number (from 1) of the hint that addresses `diagnosis`, or None when no hint is mapped."""
        if not diagnosis:
            return None
        said = QUOTED_PROBE.sub("", diagnosis).lower()  # "timed out during “… upstream gradients”" is no bug in
        for piece, number in self.hint_for:              # the upstream gradient: the probe's name is not the bug
            if piece.lower() in said and 1 <= number <= len(self.hints):
                return number
        return None

    def solution_source(self, backend: str = "numpy") -> str:
        """The reference solution, written like the template (what `--solution` shows)."""
        folder = TORCH_SOLUTIONS_DIR if backend == "torch" else SOLUTIONS_DIR
        return (folder / self.file_name).read_text(encoding="utf-8")


def _value(value: Any) -> Any:
    """TOML has no None and no tuples: "None" stands for None, a list of numbers for a tuple (betas)."""
    if value == "None":
        return None
    if isinstance(value, list):
        return tuple(value)
    return value


def _config(table: dict[str, Any]) -> dict[str, Any]:
    return {key: _value(value) for key, value in table.items()}


PROBE_DATA_KEYS = ("any_shapes", "spread_logits")


def _exercise(entry: dict[str, Any]) -> Exercise:
    return Exercise(
        id=entry["id"], class_name=entry["class"], family=entry["family"], topic=entry["topic"],
        init_args=entry.get("init_args", ""), init_body=tuple(entry.get("init_body", ())),
        configs=tuple(_config(c) for c in entry.get("configs", ())),
        extras=tuple(Extra(e["name"], e["what"], tuple(_config(c) for c in e["configs"]))
                     for e in entry.get("extras", ())),
        hint_for=tuple(entry.get("hint_for", {}).items()),
        probe_data={key: entry[key] for key in PROBE_DATA_KEYS if key in entry},
    )


def _load_contracts() -> tuple[dict[str, Exercise], dict[str, dict[str, list[str]]]]:
    with CONTRACTS_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    return {entry["id"]: _exercise(entry) for entry in data["exercise"]}, data["family"]


_QUESTIONS: dict[str, Question] = {}


def _code_questions() -> dict[str, Question]:
    """The shipped bank's code questions by id (only questions/code-*.toml is read)."""
    if not _QUESTIONS:
        from quizprep.bank.loader import load_file, shipped_bank_dir

        for path in sorted(shipped_bank_dir().glob("code-*.toml")):
            _QUESTIONS.update({q.id: q for q in load_file(path)})
    return _QUESTIONS


EXERCISES, _FAMILY_PROBES = _load_contracts()


def probe_set(exercise: Exercise, lang: str = "en") -> list[str]:
    """What the checker probes for `exercise`, one line each: the family's probes, then the exercise's data."""
    lines = list(_FAMILY_PROBES[exercise.family]["ru" if lang == "ru" else "en"])
    words = PROBE_WORDS["ru" if lang == "ru" else "en"]
    data = exercise.probe_data
    if "any_shapes" in data:
        shapes = ", ".join("(" + ", ".join(map(str, s)) + ("," if len(s) == 1 else "") + ")"
                           for s in data["any_shapes"])
        lines.append(f"{words['shapes']}: {shapes}")
    if "spread_logits" in data:
        rows = "; ".join("[" + ", ".join(f"{v:g}" for v in row) + "]" for row in data["spread_logits"])
        lines.append(f"{words['spread']}: {rows}")
    for config in exercise.configs:
        lines.append(f"{words['core']}: " + (", ".join(f"{k}={v!r}" for k, v in config.items()) or words["defaults"]))
    for extra in exercise.extras:
        settings = " | ".join(", ".join(f"{k}={v!r}" for k, v in c.items()) for c in extra.configs)
        lines.append(f"{words['extra']} {extra.name}: {settings}")
    return lines


PROBE_WORDS = {
    "en": {"shapes": "any-shape inputs", "spread": "spread logits", "core": "core setting",
           "defaults": "the defaults", "extra": "optional"},
    "ru": {"shapes": "входы любой формы", "spread": "разнесённые логиты", "core": "основная настройка",
           "defaults": "значения по умолчанию", "extra": "необязательно"},
}


def normalise_id(exercise_id: str) -> str:
    """Ids accept underscores and a .py suffix (the template's own file name): leaky_relu.py -> leaky-relu."""
    return exercise_id.strip().removesuffix(".py").replace("_", "-").lower()


def get_exercise(exercise_id: str) -> Exercise:
    """Return the exercise `exercise_id`, or raise UnknownExerciseError listing the known ids."""
    try:
        return EXERCISES[normalise_id(exercise_id)]
    except KeyError:
        known = ", ".join(EXERCISES)
        raise UnknownExerciseError(f"unknown exercise '{exercise_id}' (known: {known})") from None
