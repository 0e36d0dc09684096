"""One-line readable text for a parsed expression: what "you typed: …" shows (`(1 − σ(x))·σ(x)`, `Xᵀ·X·W`)."""

from __future__ import annotations

import sympy
from sympy.printing.str import StrPrinter


class _OneLinePrinter(StrPrinter):
    """SymPy's str printer with whiteboard touches: ^ for powers, · for products, ᵀ, d/dx."""

    def _print_Pow(self, expr: sympy.Pow, rational: bool = False) -> str:
        return super()._print_Pow(expr, rational).replace("**", "^")

    def _print_Transpose(self, expr: sympy.Transpose) -> str:
        inner = self._print(expr.arg)
        return f"{inner}ᵀ" if isinstance(expr.arg, sympy.MatrixSymbol) else f"({inner})ᵀ"

    def _print_Derivative(self, expr: sympy.Derivative) -> str:
        variables = "".join(f"d{v}" if n == 1 else f"d{v}^{n}" for v, n in expr.variable_count)
        order = sum(n for _, n in expr.variable_count)
        top = "d" if order == 1 else f"d^{order}"
        return f"{top}/{variables}({self._print(expr.expr)})"


def one_line(expr: sympy.Basic) -> str:
    """`expr` on one line, readable: `(1 - σ(x))·σ(x)`, `exp(-x)/(1 + exp(-x))^2`, `Xᵀ·X·W`."""
    return _OneLinePrinter({"order": None}).doprint(expr).replace("**", "^").replace("*", "·")
