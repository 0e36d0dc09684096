"""The worker's side of a numeric answer typed as a constant expression: exp(-1), 1/e, sqrt(2)/2, π/4.

Parsed by the safe parser with no variables, evaluated with 50 digits (so, for the tolerance, exactly).
A numeric answer may use arithmetic, powers, roots, exp, log, e and π; other functions only where the
question allows them (`allow`): σ(2) is no answer to "compute σ(2)". Runs in the time box's worker.
"""

from __future__ import annotations

from collections.abc import Iterator

from quizprep.checking.evaluation import Uncertain, Undefined, Unsupported, evaluate
from quizprep.checking.messages import message
from quizprep.checking.parser import ParseError, Usage, canonical_function, parse_expression

NUMERIC_FUNCTIONS = frozenset({"exp", "log", "sqrt"})


def constants_stream(items: list[str], allow: tuple[str, ...], forbid: tuple[str, ...],
                     lang: str) -> Iterator[tuple[tuple[list[float], str | None], bool]]:
    """Yield ((values, None), True), or (([], why not), True) for the first item that is no number."""
    allowed = (NUMERIC_FUNCTIONS | {canonical_function(name) for name in allow}) - {
        canonical_function(name) for name in forbid}
    values = []
    for item in items:
        usage = Usage()
        try:
            expr = parse_expression(item, {}, usage=usage)
        except ParseError as exc:
            yield ([], _parse_problem(item, exc, lang)), True
            return
        refused = sorted(usage.functions - allowed) + (["diff"] if usage.derivatives else [])
        if refused:
            yield ([], message("numeric_function", lang, name=refused[0])), True
            return
        try:
            values.append(float(evaluate(expr, {}, 50)))
        except (Undefined, Uncertain, Unsupported, OverflowError):
            yield ([], message("numeric_undefined", lang, text=item.strip()[:40])), True
            return
    yield (values, None), True


def _parse_problem(item: str, exc: ParseError, lang: str) -> str:
    if exc.message.startswith("unknown name"):
        name = exc.message.split("'")[1]
        return message("numeric_variable", lang, name=name)
    return exc.in_lang(lang)
