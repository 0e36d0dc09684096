"""Numeric values of parsed expressions: scalars in high precision (mpmath), with an error bound; matrices
with NumPy.

Float64 alone misjudges answers: at x = 40, σ(x)(1 − σ(x)) computed in doubles loses every digit of
1 − σ(x), while e^(−x)/(1 + e^(−x))² does not. Evaluating in 50 digits fixes that case, but no fixed
precision fixes all: (x + 1)^200 − (x² + 2x + 1)^100 + x cancels 300 digits. So each value carries a
first-order bound on its absolute error (rounding, propagated through every node with the derivative of
its operation); a comparison trusts a value only when that bound is small, and asks for more digits
otherwise. The walk covers exactly the nodes the parser can build; anything else is `Unsupported`, and a
point where an expression has no real value raises `Undefined`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import mpmath
import sympy

from quizprep.checking.functions import sigmoid, softplus

MAX_MAGNITUDE_BITS = 100_000  # |value| < 2^100000 ≈ 10^30000
HUGE_ARGUMENT = 10**6  # beyond it tanh, σ and the like are at their limits to any precision used here
FUNCTION_ULPS = 4  # how many units in the last place an mpmath function may be off
_LN2 = 0.6931471805599453
INF = mpmath.inf


class Undefined(ArithmeticError):
    """The expression has no finite real value at this point (division by zero, log of a negative...)."""


class Overflow(Undefined):
    """A value beyond 10^30000 turned up: far too large to compare (and to compute any further)."""


class Uncertain(ArithmeticError):
    """Whether the value exists depends on digits lost to rounding (log of 0 ± error): ask for more digits."""


class Unsupported(ValueError):
    """The expression holds something the evaluator does not know."""


def _sigmoid(v: Any) -> Any:
    return 1 / (1 + mpmath.exp(-v))


def _softplus(v: Any) -> Any:
    return mpmath.log(1 + mpmath.exp(v))


def _gamma(x: Any) -> Any:
    if x <= 0 and x == mpmath.floor(x):
        raise ZeroDivisionError("gamma at a pole")
    return mpmath.gamma(x)


def _sign_of(v: Any) -> Any:
    return mpmath.mpf(1 if v > 0 else -1)


# f and a bound on |f'(x)| given x and v = f(x): how much an error in x grows through f
_FUNCTIONS: dict[type, tuple[Callable[[Any], Any], Callable[[Any, Any], Any]]] = {
    sympy.exp: (mpmath.exp, lambda x, v: abs(v)),
    sympy.log: (mpmath.log, lambda x, v: 1 / abs(x)),
    sympy.sin: (mpmath.sin, lambda x, v: 1),
    sympy.cos: (mpmath.cos, lambda x, v: 1),
    sympy.tan: (mpmath.tan, lambda x, v: 1 + abs(v) ** 2),
    sympy.sinh: (mpmath.sinh, lambda x, v: abs(v) + 1),
    sympy.cosh: (mpmath.cosh, lambda x, v: abs(v)),
    sympy.tanh: (mpmath.tanh, lambda x, v: 1),
    sympy.sech: (mpmath.sech, lambda x, v: abs(v)),
    sympy.coth: (mpmath.coth, lambda x, v: 1 + abs(v) ** 2),
    sympy.csch: (mpmath.csch, lambda x, v: abs(v) * (1 + abs(v))),
    sympy.sec: (mpmath.sec, lambda x, v: abs(v) ** 2),
    sympy.csc: (mpmath.csc, lambda x, v: abs(v) ** 2),
    sympy.cot: (mpmath.cot, lambda x, v: 1 + abs(v) ** 2),
    sympy.atan: (mpmath.atan, lambda x, v: 1),
    sympy.asin: (mpmath.asin, lambda x, v: 1 / mpmath.sqrt(abs(1 - x ** 2))),
    sympy.acos: (mpmath.acos, lambda x, v: 1 / mpmath.sqrt(abs(1 - x ** 2))),
    sympy.atanh: (mpmath.atanh, lambda x, v: 1 / abs(1 - x ** 2)),
    sympy.asinh: (mpmath.asinh, lambda x, v: 1),
    sympy.acosh: (mpmath.acosh, lambda x, v: 1 / mpmath.sqrt(abs(x ** 2 - 1))),
    sigmoid: (_sigmoid, lambda x, v: 1),
    softplus: (_softplus, lambda x, v: 1),
    sympy.Abs: (abs, lambda x, v: 1),
    sympy.factorial: (lambda x: _gamma(x + 1), lambda x, v: abs(v) * (abs(mpmath.psi(0, x + 1)) + 1)),
    sympy.gamma: (lambda x: _gamma(x), lambda x, v: abs(v) * (abs(mpmath.psi(0, x)) + 1)),
}
# f(huge argument) without computing exp(huge): exact to far more than 100 digits
_SATURATING: dict[type, Callable[[Any], Any]] = {
    sympy.tanh: _sign_of, sympy.coth: _sign_of, sympy.sech: lambda v: mpmath.mpf(0),
    sympy.csch: lambda v: mpmath.mpf(0), sigmoid: lambda v: mpmath.mpf(1 if v > 0 else 0),
    softplus: lambda v: v if v > 0 else mpmath.mpf(0), sympy.atan: lambda v: _sign_of(v) * mpmath.pi / 2,
}
# distance of x from where the function stops being defined (or real)
_EDGES: dict[type, Callable[[Any], Any]] = {
    sympy.log: lambda x: x, sympy.asin: lambda x: abs(x) - 1, sympy.acos: lambda x: abs(x) - 1,
    sympy.atanh: lambda x: abs(x) - 1, sympy.acosh: lambda x: x - 1,
    sympy.factorial: lambda x: x + 1 - mpmath.floor(x + 1) if x < -0.5 else 1,
    sympy.gamma: lambda x: x - mpmath.floor(x) if x < 0.5 else 1,
}
_GROWING = {sympy.exp, sympy.sinh, sympy.cosh, sympy.sin, sympy.cos, sympy.tan, sympy.sec, sympy.csc,
            sympy.cot}
_RELATIONS: dict[type, Callable[[Any, Any], bool]] = {
    sympy.StrictLessThan: lambda a, b: a < b, sympy.LessThan: lambda a, b: a <= b,
    sympy.StrictGreaterThan: lambda a, b: a > b, sympy.GreaterThan: lambda a, b: a >= b,
    sympy.Equality: lambda a, b: a == b, sympy.Unequality: lambda a, b: a != b,
}


def evaluate(expr: sympy.Basic, values: Mapping[sympy.Symbol, Any], digits: int = 50) -> mpmath.mpf:
    """The real value of scalar `expr` with its symbols set to `values`, computed with `digits` digits.

    Raises Undefined where it has none (or only a complex one) and Unsupported for unknown nodes.
    """
    return evaluate_with_error(expr, values, digits)[0]


def evaluate_with_error(expr: sympy.Basic, values: Mapping[sympy.Symbol, Any],
                        digits: int = 50) -> tuple[mpmath.mpf, mpmath.mpf]:
    """(value, bound on its absolute error) of scalar `expr`; the point's `values` count as exact.

    The bound is first-order (rounding at every node, propagated with |f'|), which is what deciding
    "these two numbers differ" needs; it is infinite where a jump (Heaviside, Piecewise) is too close
    to call.
    """
    with mpmath.workdps(digits):
        try:
            value, error = _Walk(values).value(expr)
        except (ZeroDivisionError, OverflowError) as exc:
            raise Undefined(str(exc)) from None
        except ValueError as exc:
            if isinstance(exc, Unsupported):
                raise
            raise Undefined(str(exc)) from None
        return _real(value, error, digits), error


def _real(value: Any, error: Any, digits: int) -> mpmath.mpf:
    if isinstance(value, bool):
        raise Unsupported("a condition is not a number")
    if isinstance(value, mpmath.mpc):
        if abs(value.imag) > max(error, mpmath.mpf(10) ** (5 - digits) * max(1, abs(value.real))):
            raise Undefined("not real")
        value = value.real
    if not mpmath.isfinite(value):
        raise Undefined("not finite")
    return value


class _Walk:
    """One evaluation: the point, and the (value, error) of subexpressions already computed."""

    def __init__(self, values: Mapping[sympy.Symbol, Any]):
        self.values = values
        self.seen: dict[sympy.Basic, tuple[Any, Any]] = {}
        self.unit = mpmath.mpf(2) ** (-mpmath.mp.prec)  # relative rounding error of one operation

    def value(self, expr: sympy.Basic) -> tuple[Any, Any]:
        known = self.seen.get(expr)
        if known is None:
            known = self.seen[expr] = self._real_node(*self._compute(expr))
            value = known[0]
            # checked at every node, so that exp(exp(exp(x))) stops before mpmath tries 10^(10^17) digits
            if not isinstance(value, bool) and value != 0 and mpmath.mag(value) > MAX_MAGNITUDE_BITS:
                raise Overflow("value too large")
        return known

    def _real_node(self, value: Any, error: Any) -> tuple[Any, Any]:
        """Real semantics: a sub-expression with no real value (√ or log of a negative, a negative base to a
        fractional power) makes the whole expression undefined here, even if the imaginary parts would
        cancel later (√(k/m)·√(m/k) is not −1 where k/m < 0)."""
        if isinstance(value, mpmath.mpc):
            if abs(value.imag) > max(error, abs(value.real) * self.unit * 64):
                raise Undefined("not real")
            return value.real, error
        return value, error

    def rounded(self, value: Any, ulps: int = 1) -> tuple[Any, Any]:
        return value, abs(value) * self.unit * ulps

    def _compute(self, expr: sympy.Basic) -> tuple[Any, Any]:
        if expr.is_Symbol:
            if expr not in self.values:
                raise Unsupported(f"no value for {expr}")
            return self.values[expr], mpmath.mpf(0)
        if expr.is_Integer:
            return mpmath.mpf(int(expr)), mpmath.mpf(0)
        if expr.is_Rational:
            return self.rounded(mpmath.mpf(int(expr.p)) / int(expr.q))
        if expr.is_Float:
            return self.rounded(mpmath.mpf(expr))
        if expr is sympy.pi:
            return self.rounded(+mpmath.pi)
        if expr is sympy.E:
            return self.rounded(+mpmath.e)
        if expr in (sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
            raise Undefined(str(expr))
        func = expr.func
        if func is sympy.Add:
            terms = [self.value(a) for a in expr.args]
            total = mpmath.fsum(v for v, _ in terms)
            return total, sum((e for _, e in terms), mpmath.mpf(0)) + abs(total) * self.unit
        if func is sympy.Mul:
            return self._product([self.value(a) for a in expr.args])
        if func is sympy.Pow:
            return self._power(expr)
        if func in _FUNCTIONS:
            return self._function(func, expr.args)
        if func in (sympy.Max, sympy.Min):
            args = [(self._real_value(a), self.value(a)[1]) for a in expr.args]
            pick = max if func is sympy.Max else min
            return pick(v for v, _ in args), max(e for _, e in args)
        if func in (sympy.sign, sympy.Heaviside):
            v, e = self._real_value(expr.args[0]), self.value(expr.args[0])[1]
            if v == 0 and e == 0:
                if func is sympy.sign:
                    return mpmath.mpf(0), mpmath.mpf(0)
                return self.value(expr.args[1]) if len(expr.args) > 1 else (mpmath.mpf(0.5), mpmath.mpf(0))
            jump = 2 if func is sympy.sign else 1
            value = _sign_of(v) if func is sympy.sign else mpmath.mpf(1 if v > 0 else 0)
            return value, (mpmath.mpf(jump) if abs(v) <= e else mpmath.mpf(0))  # too close to call: a jump
        if func in (sympy.floor, sympy.ceiling):
            v, e = self._real_value(expr.args[0]), self.value(expr.args[0])[1]
            value = mpmath.floor(v) if func is sympy.floor else mpmath.ceil(v)
            near_jump = min(abs(v - mpmath.floor(v)), abs(mpmath.ceil(v) - v)) <= e
            return value, (mpmath.mpf(1) if near_jump and e else mpmath.mpf(0))
        if func is sympy.binomial:
            n, k = (self._real_value(a) for a in expr.args)
            error = sum((self.value(a)[1] for a in expr.args), mpmath.mpf(0))
            if error:
                raise Unsupported("binomial of an inexact value")
            value = _gamma(n + 1) / (_gamma(k + 1) * _gamma(n - k + 1)) if not (
                n == mpmath.floor(n) and k == mpmath.floor(k)) else mpmath.binomial(n, k)
            return self.rounded(value, FUNCTION_ULPS * 4)
        if func is sympy.polygamma:
            order, x = int(expr.args[0]), self._real_value(expr.args[1])
            return self.rounded(mpmath.psi(order, x), FUNCTION_ULPS * 4)
        if func is sympy.DiracDelta:
            v, e = self._real_value(expr.args[0]), self.value(expr.args[0])[1]
            if abs(v) <= e:
                raise Undefined("DiracDelta at 0")
            return mpmath.mpf(0), mpmath.mpf(0)
        if func is sympy.Piecewise:
            for piece, condition in expr.args:
                holds, certain = self._truth(condition)
                if holds:
                    value, error = self.value(piece)
                    return value, (error if certain else INF)
                if not certain:  # the point is too close to a boundary to know which piece applies
                    return self.value(piece)[0], INF
            raise Undefined("no piece of the Piecewise applies")
        raise Unsupported(f"cannot evaluate {func.__name__}")

    def _product(self, factors: list[tuple[Any, Any]]) -> tuple[Any, Any]:
        product = mpmath.fprod(v for v, _ in factors)
        error = abs(product) * self.unit
        for i, (_, e) in enumerate(factors):
            if e:
                error += e * mpmath.fprod(abs(v) for j, (v, _) in enumerate(factors) if j != i)
        return product, error

    def _function(self, func: type, args: tuple[sympy.Basic, ...]) -> tuple[Any, Any]:
        x, e = self.value(args[0])
        function, slope = _FUNCTIONS[func]
        if func in _SATURATING and abs(x) > HUGE_ARGUMENT:
            return _SATURATING[func](x), mpmath.mpf(0)
        if func in _GROWING and abs(x) > MAX_MAGNITUDE_BITS * _LN2:
            raise Overflow("value out of range")
        if e and func in _EDGES and abs(_EDGES[func](x)) <= e:
            raise Uncertain(f"{func.__name__} too close to the edge of its domain")
        value = function(x)
        return value, abs(value) * self.unit * FUNCTION_ULPS + (slope(x, value) * e if e else 0)

    def _real_value(self, expr: sympy.Basic) -> Any:
        v = self.value(expr)[0]
        if isinstance(v, mpmath.mpc):
            if v.imag != 0:
                raise Undefined("not real")
            v = v.real
        return v

    def _truth(self, condition: sympy.Basic) -> tuple[bool, bool]:
        """(whether the condition holds, whether that is certain given the errors of both sides)."""
        if condition is sympy.true or condition is sympy.false:
            return bool(condition), True
        func = condition.func
        if func in _RELATIONS:
            left, right = condition.args
            a, b = self._real_value(left), self._real_value(right)
            error = self.value(left)[1] + self.value(right)[1]
            return _RELATIONS[func](a, b), bool(abs(a - b) > error or (a == b and error == 0))
        if func in (sympy.And, sympy.Or):
            parts = [self._truth(c) for c in condition.args]
            holds = all(h for h, _ in parts) if func is sympy.And else any(h for h, _ in parts)
            return holds, all(c for _, c in parts)
        if func is sympy.Not:
            holds, certain = self._truth(condition.args[0])
            return not holds, certain
        raise Unsupported(f"cannot evaluate the condition {condition}")

    def _power(self, expr: sympy.Pow) -> tuple[Any, Any]:
        base, exponent = expr.args
        b, b_error = self.value(base)
        if exponent.is_Rational and not exponent.is_Integer and exponent.q % 2 == 1:
            # a real odd root of a negative number, as on a whiteboard: (-8)^(1/3) = -2
            real_b = b.real if isinstance(b, mpmath.mpc) and b.imag == 0 else b
            if not isinstance(real_b, mpmath.mpc) and real_b < 0:
                magnitude = mpmath.power(-real_b, mpmath.mpf(int(exponent.p)) / int(exponent.q))
                value = -magnitude if exponent.p % 2 else magnitude
                return value, self._power_error(value, real_b, b_error, exponent, mpmath.mpf(0))
        if exponent.is_Integer:
            e, e_error = mpmath.mpf(int(exponent)), mpmath.mpf(0)
        else:
            e, e_error = self.value(exponent)
        if b_error and abs(b) <= b_error and (e < 0 or not exponent.is_Integer):
            raise Uncertain("a power of a base too close to 0 to know its sign")
        if b != 0 and abs(e) * abs(mpmath.log(abs(b), 2)) > MAX_MAGNITUDE_BITS:
            raise Overflow("value out of range")  # decided before mpmath spends minutes computing it
        value = mpmath.power(b, int(exponent)) if exponent.is_Integer else mpmath.power(b, e)
        return value, self._power_error(value, b, b_error, e, e_error)

    def _power_error(self, value: Any, b: Any, b_error: Any, e: Any, e_error: Any) -> Any:
        error = abs(value) * self.unit * 2
        if b == 0:
            return error + (b_error ** abs(e) if b_error and e > 0 else (INF if b_error else 0))
        if b_error:
            error += abs(value) * abs(e) * b_error / abs(b)
        if e_error:
            error += abs(value) * abs(mpmath.log(b)) * e_error
        return error


def evaluate_matrix(expr: sympy.Basic, matrices: Mapping[str, Any], sizes: Mapping[sympy.Symbol, int],
                    scalars: Mapping[sympy.Symbol, Any]) -> Any:
    """The NumPy array for matrix expression `expr`, given arrays for its matrix symbols and the sizes of
    the dimension symbols; scalar factors are evaluated in high precision and then rounded to float."""
    import numpy as np

    def walk(node: sympy.Basic) -> Any:
        if isinstance(node, sympy.MatrixSymbol):
            return matrices[node.name]
        if not isinstance(node, sympy.MatrixExpr):
            return float(evaluate(node, scalars, digits=30))
        if isinstance(node, sympy.Transpose):
            return walk(node.arg).T
        if isinstance(node, sympy.MatMul):
            result: Any = 1.0
            for factor in node.args:
                value = walk(factor)
                result = result @ value if isinstance(result, np.ndarray) and isinstance(value, np.ndarray) \
                    else result * value
            return result
        if isinstance(node, sympy.MatAdd):
            return sum(walk(term) for term in node.args)
        if isinstance(node, sympy.Inverse):
            return _inverse(walk(node.arg))
        if isinstance(node, sympy.MatPow):
            base, power = walk(node.base), int(node.exp)
            return np.linalg.matrix_power(_inverse(base) if power < 0 else base, abs(power))
        if isinstance(node, sympy.ZeroMatrix):
            return np.zeros((sizes[node.rows], sizes[node.cols]))
        if isinstance(node, sympy.Identity):
            return np.eye(sizes[node.rows])
        raise Unsupported(f"cannot evaluate {type(node).__name__}")

    return walk(expr)


def _inverse(matrix: Any) -> Any:
    import numpy as np

    try:
        return np.linalg.inv(matrix)
    except np.linalg.LinAlgError:
        raise Undefined("singular matrix") from None
