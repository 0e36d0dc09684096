"""What an answer may not do beyond being equal: restate the question, use a forbidden name.

An answer to "differentiate σ" that types σ'(x), diff(σ(x), x) or d/dx σ(x) is equal to the reference,
but it is the question, not an answer: when no accepted answer contains a derivative, an answer with one
is invalid (retypable), and so is one using a name the question lists in `forbid` (STACK's forbidden
words: `softmax` in a question about the softmax Jacobian). Names a prompt defines (`define = { p =
"sigmoid(z)" }`) may be used, standing for their definition. Runs in the checker's worker (SymPy).
"""

from __future__ import annotations

import functools
import re

import sympy

from quizprep.bank.model import Question
from quizprep.checking.messages import message
from quizprep.checking.parser import (
    ParseError,
    Usage,
    canonical_function,
    make_matrix,
    make_symbol,
    parse_expression,
)

# "Let p = σ(z)", "where p = …", "with p = …", "Пусть p = …", "где p = …", and "p = σ(z)" opening the prompt;
# not "where m = 1 with probability …" (a value, not an expression the answer could use)
PROMPT_DEFINITION = re.compile(r"(?:^|\b(?:[Ll]et|where|with|[Пп]усть|где)\s+)([A-Za-zα-ωΑ-Ω]\w*)\s*=(?!=)"
                               r"(?!\s*[-−]?[\d.]+(?:\s|$|[,;]))")


def definitions(question: Question) -> dict[str, sympy.Basic]:
    """The names the prompt defines, parsed (a definition that does not parse is left out)."""
    return dict(_parsed_definitions(tuple(question.define.items()), tuple(question.symbols.items()),
                                    tuple(question.matrices.items())))


@functools.lru_cache(maxsize=64)
def _parsed_definitions(define: tuple[tuple[str, str], ...], symbols: tuple[tuple[str, str], ...],
                        matrices: tuple[tuple[str, tuple[str, str]], ...]) -> tuple[tuple[str, sympy.Basic], ...]:
    parsed = []
    for name, meaning in define:
        try:
            parsed.append((name, parse_expression(meaning, dict(symbols), dict(matrices))))
        except ParseError:
            continue
    return tuple(parsed)


def answer_symbols(question: Question) -> dict[str, str]:
    """The scalar names an answer may use: the question's symbols and the scalars its prompt defines."""
    defined = {name: "real" for name, expr in definitions(question).items()
               if not isinstance(expr, sympy.MatrixExpr) and name not in question.symbols}
    return {**question.symbols, **defined}


def answer_matrices(question: Question) -> dict[str, tuple[str, str]]:
    """The matrices an answer may use: the question's and the matrices its prompt defines (W = W1·W2)."""
    defined = {name: (str(expr.shape[0]), str(expr.shape[1])) for name, expr in definitions(question).items()
               if isinstance(expr, sympy.MatrixExpr)}
    return {**question.matrices, **defined}


def parse_answer(text: str, question: Question, usage: Usage | None = None) -> sympy.Basic:
    """`text` parsed for `question`, with the names of `define` replaced by their definitions."""
    expr = parse_expression(text, answer_symbols(question), answer_matrices(question), usage)
    return expand_definitions(expr, question)


def expand_definitions(expr: sympy.Basic, question: Question) -> sympy.Basic:
    meanings = {}
    for name, meaning in definitions(question).items():
        if isinstance(meaning, sympy.MatrixExpr):
            meanings[make_matrix(name, answer_matrices(question)[name])] = meaning
        else:
            meanings[make_symbol(name, answer_symbols(question)[name])] = meaning
    return expr.xreplace(meanings) if meanings else expr


def derivative_free(text: str, question: Question) -> bool:
    """Whether the reference `text` is written without derivatives (then answers must be too)."""
    usage = Usage()
    try:
        parse_expression(text, answer_symbols(question), answer_matrices(question), usage)
    except ParseError:
        return True
    return not usage.derivatives


def forbidden_names(question: Question) -> set[str]:
    return {canonical_function(name) for name in question.forbid}


def restriction_problem(usage: Usage, question: Question, reference_text: str, lang: str) -> str | None:
    """Why an answer that used `usage` is no answer to `question`, or None when it is one."""
    if usage.derivatives and derivative_free(reference_text, question):
        return message("restated", lang, form=usage.derivatives[0])
    return forbidden_problem(usage, question, lang)


def forbidden_problem(usage: Usage, question: Question, lang: str) -> str | None:
    used = (usage.functions | usage.names) & forbidden_names(question)
    if used:
        return message("forbidden", lang, name=min(used))
    return None


def question_field_problems(question: Question, accepted: list[str]) -> list[str]:
    """Bank-authoring problems in forbid / define: an accepted answer (given as typed) that uses a forbidden
    name, a definition that does not parse, a name the prompt defines ("Let p = …") but `define` lacks."""
    problems = []
    for name, meaning in question.define.items():
        try:
            parse_expression(meaning, question.symbols, question.matrices)
        except ParseError as exc:
            problems.append(f"define.{name} = {meaning!r} does not parse: {exc}")
    if question.kind in ("symbolic", "derivation"):
        for typed in accepted:
            usage = Usage()
            try:
                parse_expression(typed, answer_symbols(question), answer_matrices(question), usage)
            except ParseError:
                continue  # reported by the reference check
            used = (usage.functions | usage.names) & forbidden_names(question)
            if used:
                problems.append(f"the accepted answer {typed!r} uses the forbidden name {min(used)!r}")
        for name in prompt_definitions(question):
            if name not in question.define and name not in question.symbols and name not in question.matrices:
                problems.append(f"the prompt defines {name!r} but the question does not declare it: add "
                                f"define = {{ {name} = \"…\" }}")
    return problems


def prompt_definitions(question: Question) -> list[str]:
    """The names the prompt introduces with "Let p = …" / "where p = …" (English and Russian)."""
    found = PROMPT_DEFINITION.findall(question.prompt.en) + PROMPT_DEFINITION.findall(question.prompt.ru)
    return list(dict.fromkeys(found))

