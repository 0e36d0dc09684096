"""Load question files (TOML, one topic per file) into Questions, with errors that name file, id and field."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quizprep.bank.model import KINDS, Mistake, Question, Source, Text, Tolerance
from quizprep.errors import BankError, UnknownQuestionError

KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SYMBOL_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
DOMAINS = ("real", "positive", "nonnegative", "negative", "probability")
QUESTION_FIELDS = {
    "id", "kind", "title", "prompt", "explanation", "source", "answer", "symbols", "matrices", "hints",
    "mistakes", "choices", "tolerance", "generator", "params", "start", "exercise", "key_points", "tags",
    "figure",
    "forbid", "allow", "define",  # checker (issue 14): names an answer may not use / may use; prompt names
}


@dataclass(frozen=True)
class Bank:
    """All loaded questions, in file order, with lookup by id."""

    questions: tuple[Question, ...]

    def get(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        from quizprep.suggest import close_matches, did_you_mean

        hint = did_you_mean(question_id, (q.id for q in self.questions)) or " (see `quizprep list`)"
        error = UnknownQuestionError(f"unknown question id '{question_id}'{hint}")
        error.question_id, error.matches = question_id, close_matches(question_id, (q.id for q in self.questions))
        raise error

    def __iter__(self) -> Iterator[Question]:
        return iter(self.questions)

    def __len__(self) -> int:
        return len(self.questions)

    def topics(self) -> list[str]:
        return sorted({q.topic for q in self.questions})


def shipped_bank_dir() -> Path:
    """The bank that comes with quizprep: inside the installed package, or `questions/` of a checkout."""
    package_dir = Path(__file__).resolve().parent.parent
    installed = package_dir / "questions"
    if installed.is_dir():
        return installed
    return package_dir.parent / "questions"


def user_bank_dirs() -> list[Path]:
    """Directories of the user's own questions named by QUIZPREP_BANK (os.pathsep-separated)."""
    env = os.environ.get("QUIZPREP_BANK", "")
    return [Path(part) for part in env.split(os.pathsep) if part.strip()]


def load_bank(dirs: Iterable[str | os.PathLike[str]] = (), include_shipped: bool = True,
              include_env: bool = True) -> Bank:
    """Load the shipped bank, the given directories, then QUIZPREP_BANK's; ids must be unique across all.

    Raises BankError (file, question, field) for the first problem; `collect_bank` lists them all.
    """
    bank, problems = collect_bank(dirs, include_shipped, include_env)
    if problems:
        raise problems[0]
    return bank


def collect_bank(dirs: Iterable[str | os.PathLike[str]] = (), include_shipped: bool = True,
                 include_env: bool = True) -> tuple[Bank, list[BankError]]:
    """Like load_bank, but every problem of every file is returned (the bank holds the questions that loaded)."""
    directories: list[Path] = [shipped_bank_dir()] if include_shipped else []
    directories += [Path(d) for d in dirs]
    if include_env:
        directories += user_bank_dirs()
    questions: list[Question] = []
    problems: list[BankError] = []
    seen: dict[str, Path] = {}
    for directory in directories:
        if not directory.is_dir():
            problems.append(BankError(str(directory), "not a directory of question files"))
            continue
        loaded, found = _load_directory(directory)
        problems += found
        for question in loaded:
            path = question.file or directory
            if question.id in seen:
                where = "in the same file" if seen[question.id] == path else f"already defined in {seen[question.id]}"
                problems.append(BankError(str(path), f"duplicate id, {where}", question.id, "id"))
                continue
            seen[question.id] = path
            questions.append(question)
    return Bank(tuple(questions)), problems


def _load_directory(directory: Path) -> tuple[list[Question], list[BankError]]:
    """The questions of every *.toml file in `directory` (from the parse cache when its files are unchanged)."""
    from quizprep.bank import cache

    files = sorted(directory.glob("*.toml"))
    questions = cache.read(directory, files)
    if questions is not None:
        return questions, []
    questions, problems = [], []
    for path in files:
        questions += parse_file(path, problems)
    if not problems:
        cache.write(directory, files, questions)
    return questions, problems


def load_file(path: Path) -> list[Question]:
    """Parse one question file; raise BankError naming the file, the question and the field on any problem."""
    problems: list[BankError] = []
    questions = parse_file(path, problems)
    if problems:
        raise problems[0]
    return questions


def parse_file(path: Path, problems: list[BankError]) -> list[Question]:
    """The questions of one file that parse; every problem (file-level, or one per question) goes to `problems`."""
    name = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        problems.append(BankError(name, f"invalid TOML: {exc}"))
        return []
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(BankError(name, f"cannot read file: {exc}"))
        return []
    topic = data.get("topic")
    if not isinstance(topic, str) or not KEBAB.match(topic):
        problems.append(BankError(name, "a kebab-case string is required at the top of the file", field="topic"))
        topic = None
    unknown_top = set(data) - {"topic", "question"}
    if unknown_top:
        problems.append(BankError(name, f"unknown top-level key(s): {', '.join(sorted(unknown_top))}"))
    entries = data.get("question")
    if not isinstance(entries, list) or not entries:
        problems.append(BankError(name, "the file has no [[question]] entries", field="question"))
        return []
    questions = []
    for position, entry in enumerate(entries, 1):
        try:
            question = _parse_question(entry, topic or "unknown", path, position)
        except BankError as exc:
            problems += getattr(exc, "problems", [exc])
            continue
        if topic is not None:
            questions.append(question)
    return questions


class _Fields:
    """Reads the fields of one [[question]] table, raising BankError with the full location."""

    def __init__(self, entry: dict[str, Any], path: Path, question_id: str):
        self.entry = entry
        self.path = path
        self.question_id = question_id

    def error(self, field: str, message: str) -> BankError:
        return BankError(str(self.path), message, self.question_id, field)

    def text(self, field: str, value: Any = None, required: bool = True) -> Text | None:
        value = self.entry.get(field) if value is None else value
        if value is None and not required:
            return None
        if not isinstance(value, dict) or set(value) != {"en", "ru"}:
            raise self.error(field, "expected a table with exactly the keys 'en' and 'ru'")
        for lang in ("en", "ru"):
            if not isinstance(value[lang], str) or not value[lang].strip():
                raise self.error(f"{field}.{lang}", "expected non-empty text")
        return Text(en=value["en"].strip(), ru=value["ru"].strip())

    def texts(self, field: str) -> tuple[Text, ...]:
        value = self.entry.get(field, [])
        if not isinstance(value, list):
            raise self.error(field, "expected a list of {en, ru} tables")
        return tuple(self.text(f"{field}[{i}]", item) for i, item in enumerate(value, 1))  # type: ignore[misc]

    def string(self, field: str, required: bool = False) -> str | None:
        value = self.entry.get(field)
        if value is None:
            if required:
                raise self.error(field, "this field is required")
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.error(field, "expected a non-empty string")
        return value.strip()

    def table(self, field: str) -> dict[str, Any]:
        value = self.entry.get(field, {})
        if not isinstance(value, dict):
            raise self.error(field, "expected a table")
        return value


class QuestionErrors(BankError):
    """Every problem found in one question (the message is the first one's; `problems` lists them all)."""

    def __init__(self, problems: list[BankError]):
        first = problems[0]
        super().__init__(first.file, str(first).removeprefix(_where(first)).removeprefix(": "), first.question_id,
                         first.field)
        self.problems = problems


def _where(error: BankError) -> str:
    return str(BankError(error.file, "", error.question_id, error.field)).removesuffix(": ")


def _parse_question(entry: Any, topic: str, path: Path, position: int) -> Question:
    """One [[question]] table as a Question; QuestionErrors with every problem of its fields otherwise."""
    if not isinstance(entry, dict):
        raise BankError(str(path), f"question #{position} is not a table")
    question_id = entry.get("id")
    if not isinstance(question_id, str) or not KEBAB.match(question_id):
        label = question_id if isinstance(question_id, str) else f"#{position}"
        raise BankError(str(path), "a kebab-case id is required (e.g. 'sigmoid-derivative')", label, "id")
    fields = _Fields(entry, path, question_id)
    found: list[BankError] = []

    def read(parse: Any, default: Any = None) -> Any:
        """The field as `parse` reads it; on a problem, note it and go on with `default` (to find the next)."""
        try:
            return parse()
        except BankError as exc:
            found.append(exc)
            return default

    read(lambda: _check_known_fields(entry, fields))
    kind = read(lambda: _parse_kind(entry, fields))
    texts = {name: read(lambda name=name: fields.text(name)) for name in ("title", "prompt", "explanation")}
    source = read(lambda: _parse_source(entry.get("source"), fields, topic))
    tags = read(lambda: _parse_tags(entry, fields), ())
    symbols = read(lambda: _parse_symbols(fields), {})
    matrices = read(lambda: _parse_matrices(fields), {})
    tolerance = read(lambda: _parse_tolerance(fields), Tolerance())
    mistakes = read(lambda: _parse_mistakes(entry, fields), ())
    answer = read(lambda: fields.text("answer")) if kind == "self-graded" else entry.get("answer")
    lists = {name: read(lambda name=name: fields.texts(name), ()) for name in ("hints", "choices", "key_points")}
    strings = {name: read(lambda name=name: fields.string(name)) for name in ("generator", "start", "exercise")}
    params = read(lambda: dict(fields.table("params")), {})
    figure = read(lambda: _parse_figure(entry.get("figure"), fields), {})
    forbid = read(lambda: _names_list(entry, "forbid", fields), ())
    allow = read(lambda: _names_list(entry, "allow", fields), ())
    define = read(lambda: _parse_define(fields), {})
    if found:
        raise QuestionErrors(found)
    question = Question(
        id=question_id,
        topic=topic,
        kind=kind,
        title=texts["title"],
        prompt=texts["prompt"],
        explanation=texts["explanation"],
        source=source,
        answer=answer,
        symbols=symbols,
        matrices=matrices,
        hints=lists["hints"],
        mistakes=mistakes,
        choices=lists["choices"],
        tolerance=tolerance,
        generator=strings["generator"],
        params=params,
        start=strings["start"],
        exercise=strings["exercise"],
        key_points=lists["key_points"],
        tags=tags,
        figure=figure,
        forbid=forbid,
        allow=allow,
        define=define,
        file=path,
    )
    _check_kind_fields(question, fields)
    return question


def _check_known_fields(entry: dict[str, Any], fields: _Fields) -> None:
    unknown = set(entry) - QUESTION_FIELDS
    if unknown:
        from quizprep.suggest import did_you_mean

        name = min(unknown)
        raise fields.error(name, f"unknown field{did_you_mean(name, QUESTION_FIELDS)} "
                                 f"(known: {', '.join(sorted(QUESTION_FIELDS))})")


def _parse_kind(entry: dict[str, Any], fields: _Fields) -> str:
    kind = entry.get("kind")
    if kind not in KINDS:
        from quizprep.suggest import did_you_mean

        hint = did_you_mean(kind, KINDS) if isinstance(kind, str) else ""
        raise fields.error("kind", f"expected one of {', '.join(KINDS)}, got {kind!r}{hint}")
    return kind


def _parse_tags(entry: dict[str, Any], fields: _Fields) -> tuple[str, ...]:
    tags = entry.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) and KEBAB.match(t) for t in tags):
        raise fields.error("tags", "expected a list of kebab-case strings, e.g. tags = [\"debugging-training\"]")
    return tuple(tags)


def _parse_symbols(fields: _Fields) -> dict[str, str]:
    symbols = fields.table("symbols")
    for name, domain in symbols.items():
        if not SYMBOL_NAME.match(name):
            raise fields.error(f"symbols.{name}", "a symbol name must be an identifier")
        if domain not in DOMAINS:
            raise fields.error(f"symbols.{name}", f"unknown domain {domain!r} (known: {', '.join(DOMAINS)})")
    return dict(symbols)


def _parse_matrices(fields: _Fields) -> dict[str, tuple[str, str]]:
    matrices: dict[str, tuple[str, str]] = {}
    for name, shape in fields.table("matrices").items():
        if not (isinstance(shape, list) and len(shape) == 2 and all(isinstance(s, str) for s in shape)):
            raise fields.error(f"matrices.{name}", "expected a shape like [\"N\", \"D\"]")
        matrices[name] = (shape[0], shape[1])
    return matrices


def _parse_tolerance(fields: _Fields) -> Tolerance:
    table = fields.table("tolerance")
    if set(table) - {"rel", "abs"} or not all(isinstance(v, (int, float)) and v >= 0 for v in table.values()):
        raise fields.error("tolerance", "expected {rel = <number >= 0>, abs = <number >= 0>}")
    return Tolerance(**{k: float(v) for k, v in table.items()})


def _parse_mistakes(entry: dict[str, Any], fields: _Fields) -> tuple[Mistake, ...]:
    mistakes_raw = entry.get("mistakes", [])
    if not isinstance(mistakes_raw, list):
        raise fields.error("mistakes", "expected a list of [[question.mistakes]] tables")
    mistakes = []
    for i, item in enumerate(mistakes_raw, 1):
        if not isinstance(item, dict) or set(item) != {"answer", "feedback"}:
            raise fields.error(f"mistakes[{i}]", "expected the keys 'answer' and 'feedback'")
        mistakes.append(Mistake(answer=item["answer"], feedback=fields.text(f"mistakes[{i}].feedback",
                                                                              item["feedback"])))
    return tuple(mistakes)


def _names_list(entry: dict[str, Any], field: str, fields: _Fields) -> tuple[str, ...]:
    """forbid / allow: a list of function or variable names."""
    names = entry.get(field, [])
    if not isinstance(names, list) or not all(isinstance(n, str) and SYMBOL_NAME.match(n) for n in names):
        raise fields.error(field, f"expected a list of names, e.g. {field} = [\"softmax\"]")
    return tuple(names)


def _parse_define(fields: _Fields) -> dict[str, str]:
    """define: the names the prompt defines, each with the expression it stands for."""
    define = fields.table("define")
    for name, meaning in define.items():
        if not SYMBOL_NAME.match(name) or not isinstance(meaning, str):
            raise fields.error(f"define.{name}", "expected name = \"expression\", e.g. define = { p = \"sigmoid(z)\" }")
    return dict(define)


def _parse_figure(table: Any, fields: _Fields) -> dict[str, Any]:
    """`figure = { kind = "<a kind of quizprep/bank/figures>", ... }`, or nothing."""
    from quizprep.bank.figures import FIGURE_KINDS

    if table is None:
        return {}
    if not isinstance(table, dict) or table.get("kind") not in FIGURE_KINDS:
        raise fields.error("figure", f"expected {{kind = \"...\"}} with a kind among {', '.join(FIGURE_KINDS)}")
    return dict(table)


def _parse_source(table: Any, fields: _Fields, topic: str) -> Source:
    """`{file, section}` for a note's section, or `{beyond = true}` for a question beyond the notes."""
    if isinstance(table, dict) and table == {"beyond": True}:
        return Source(beyond=True, topic=topic)
    if not isinstance(table, dict) or set(table) != {"file", "section"} or not all(
        isinstance(v, str) and v.strip() for v in table.values()
    ):
        raise fields.error("source", "expected {file = \"<note file>\", section = \"<section heading>\"} "
                                     "or {beyond = true}")
    return Source(file=table["file"].strip(), section=table["section"].strip())


def _check_kind_fields(q: Question, fields: _Fields) -> None:
    """Each kind needs its own fields; say which one is missing or malformed."""
    if q.kind in ("symbolic", "derivation"):
        if not isinstance(q.answer, str) or not q.answer.strip():
            raise fields.error("answer", "a symbolic question needs its reference answer as an expression string")
        if not q.symbols and not q.matrices:
            raise fields.error("symbols", "declare the symbols the answer uses, e.g. symbols = { x = \"real\" }")
        if q.kind == "derivation" and not q.start:
            raise fields.error("start", "a derivation question needs the expression the chain starts from")
    elif q.kind == "numeric":
        if q.generator is None and not _is_number_or_vector(q.answer):
            raise fields.error("answer", "a numeric question needs a number, a list of numbers, or a generator")
        if q.generator is not None and q.answer is not None:
            raise fields.error("answer", "give either a generator or a literal answer, not both")
        for i, mistake in enumerate(q.mistakes, 1):
            if not _is_number_or_vector(mistake.answer):
                raise fields.error(f"mistakes[{i}].answer", "expected a number or a list of numbers")
    elif q.kind == "choice":
        if len(q.choices) < 2:
            raise fields.error("choices", "a choice question needs at least two choices")
        if q.generator is not None:  # the right choice is computed per seed
            if q.answer is not None or q.mistakes:
                raise fields.error("answer", "a choice with a generator has its answer computed: no answer, "
                                             "no mistakes")
            return
        picks = q.answer if isinstance(q.answer, list) else [q.answer]
        if not picks or not all(isinstance(p, int) and not isinstance(p, bool) and 1 <= p <= len(q.choices)
                                for p in picks):
            raise fields.error("answer", f"expected the number of the right choice, 1..{len(q.choices)}")
        for i, mistake in enumerate(q.mistakes, 1):
            wrong = mistake.answer if isinstance(mistake.answer, list) else [mistake.answer]
            if not all(isinstance(p, int) and 1 <= p <= len(q.choices) for p in wrong):
                raise fields.error(f"mistakes[{i}].answer", f"expected a choice number 1..{len(q.choices)}")
    elif q.kind == "self-graded" and q.key_points and not 3 <= len(q.key_points) <= 6:
        raise fields.error("key_points", f"an open question's rubric has 3 to 6 key points, not {len(q.key_points)}")
    elif q.kind == "code" and not q.exercise:
        raise fields.error("exercise", "a code question names its exercise id (e.g. exercise = \"relu\")")


def _is_number_or_vector(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    return isinstance(value, list) and bool(value) and all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in value
    )
