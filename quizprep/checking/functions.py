"""The deep-learning functions SymPy lacks: σ and softplus, each with its derivative beside it.

They stay unevaluated so that an answer reads back as typed (`σ(x)·(1 − σ(x))`); `elementary` rewrites
them into exp/log for proofs. ReLU needs no class: the parser builds `Max(0, x)`.
"""

from __future__ import annotations

import sympy


class sigmoid(sympy.Function):
    """σ(x) = 1 / (1 + e^(−x)); dσ/dx = σ(x)·(1 − σ(x))."""

    nargs = 1

    @classmethod
    def eval(cls, arg: sympy.Expr) -> sympy.Expr | None:
        if arg.is_zero:
            return sympy.S.Half
        return None

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        return self * (1 - self)  # d(σ)/dx = σ(1 − σ)

    def _eval_rewrite_as_exp(self, arg: sympy.Expr, **kwargs: object) -> sympy.Expr:
        return 1 / (1 + sympy.exp(-arg))

    def _eval_is_real(self) -> bool | None:
        return self.args[0].is_real

    def _eval_is_positive(self) -> bool | None:
        return self.args[0].is_real

    def _eval_evalf(self, prec: int) -> sympy.Expr:
        return (1 / (1 + sympy.exp(-self.args[0])))._eval_evalf(prec)

    def _sympystr(self, printer: sympy.printing.str.StrPrinter) -> str:
        return f"σ({printer._print(self.args[0])})"

    def _pretty(self, printer: object) -> object:
        return printer._print_Function(self, func_name="σ")  # type: ignore[attr-defined]

    def _latex(self, printer: object) -> str:
        return rf"\sigma\left({printer._print(self.args[0])}\right)"  # type: ignore[attr-defined]


class softplus(sympy.Function):
    """softplus(x) = ln(1 + e^x); d softplus/dx = σ(x)."""

    nargs = 1

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        return sigmoid(self.args[0])  # d/dx ln(1 + e^x) = e^x / (1 + e^x) = σ(x)

    def _eval_rewrite_as_exp(self, arg: sympy.Expr, **kwargs: object) -> sympy.Expr:
        return sympy.log(1 + sympy.exp(arg))

    def _eval_is_real(self) -> bool | None:
        return self.args[0].is_real

    def _eval_is_positive(self) -> bool | None:
        return self.args[0].is_real

    def _eval_evalf(self, prec: int) -> sympy.Expr:
        return sympy.log(1 + sympy.exp(self.args[0]))._eval_evalf(prec)


def elementary(expr: sympy.Basic) -> sympy.Basic:
    """`expr` with σ and softplus written through exp and log, for SymPy's simplifiers."""
    return expr.replace(sigmoid, lambda arg: 1 / (1 + sympy.exp(-arg))).replace(
        softplus, lambda arg: sympy.log(1 + sympy.exp(arg)))
