"""Pretty-printing of typed math for the terminal (falls back to the text as written)."""

from __future__ import annotations

from quizprep.bank.model import Question


def pretty_answer(text: str, question: Question | None = None) -> str:
    """Render an expression in 2-D with SymPy's pretty printer when it parses; else return it unchanged."""
    try:
        from quizprep.checking.parser import parse_expression
    except ImportError:
        return text
    try:
        import sympy

        expr = parse_expression(text, symbols=question.symbols if question else None,
                                matrices=question.matrices if question else None)
        return sympy.pretty(expr, use_unicode=True)
    except Exception:  # noqa: BLE001 - display only: an unparsable reference is shown as written
        return text
