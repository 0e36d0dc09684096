"""Generators for the backpropagation questions."""

from __future__ import annotations

from quizprep.bank.generators import Params, generator


@generator("comp-graph-de-db", draw=lambda rng, p: {"a": int(rng.integers(-5, 6)), "b": int(rng.integers(-5, 6))})
def comp_graph_de_db(params: Params) -> float:
    """e = (a+b)(b+1): by the chain rule de/db = de/dc*dc/db + de/dd*dd/db = d + c, differentiated by SymPy."""
    import sympy

    a, b = sympy.symbols("a b")
    e = (a + b) * (b + 1)
    return float(sympy.diff(e, b).subs({a: params["a"], b: params["b"]}))
