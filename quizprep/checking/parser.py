"""Safe parsing of typed math into SymPy: its own tokenizer and recursive-descent parser, never `eval`.

Users type what they would write on a whiteboard: `σ(x)(1 − σ(x))`, `2x^2`, `e^-x`, `tanh²(x)`, `sech²x`,
`gamma*(x - mu)/√(var + eps) + beta`, `X.T @ X @ W`, `XᵀXW`, `X^T X W`, `σ'(x)`, `d/dx (1 + e^-x)^-1`,
`|g|`. Declared names are found through Greek letters, aliases, underscores and case (`β₁`, `σ_w`,
`Var`), and names glued together (`XW`, `w1x`) are split where only one split exists. What reads two
ways is refused with a request for brackets rather than guessed: `e^2x`, `1/2x`, `n^-1/2`, `ln 2x`,
`d/dx(u)v`. The text is never given to `sympify`, `parse_expr`
or anything else that executes code: each token is checked against the question's declared names and a
whitelist of functions, and SymPy objects are built directly. Limits on length, nesting depth and the
size of numbers and exponents keep bombs (`9**9**9**9`, 3000 nested brackets) from ever reaching SymPy.

    >>> parse_expression("σ(x)(1-σ(x))", symbols={"x": "real"})
    (1 - σ(x))*σ(x)
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import sympy

from quizprep.checking.functions import sigmoid, softplus
from quizprep.checking.tokens import GREEK, NUMBER, ParseError, Token, glued, tokenize

__all__ = ["ParseError", "ShapeError", "Usage", "dimension_symbol", "make_matrix", "make_symbol", "parse_expression"]

MAX_LENGTH = 1000  # characters of one expression
MAX_TOKENS = 400
MAX_DEPTH = 40  # nested brackets, calls, signs and exponents together
MAX_DIGITS = 30  # digits of one number literal
MAX_EXPONENT = 100_000  # |n| in x^n: beyond it any base but ±1 is out of the evaluator's range (2^±100000)
MAX_NUMBER_BITS = 1 << 17  # size of any exact number the parser lets SymPy compute (about 40 000 digits)
MAX_DIFF_ORDER = 4

DOMAIN_ASSUMPTIONS: dict[str, dict[str, bool]] = {
    "real": {"real": True},
    "positive": {"positive": True},
    "nonnegative": {"nonnegative": True},
    "negative": {"negative": True},
    "probability": {"positive": True},  # (0, 1): SymPy has no assumption for "below 1"
}


class ShapeError(ParseError):
    """Matrix shapes that do not fit (N×D times M×D): a mathematical mistake rather than a typo."""


@dataclass
class Usage:
    """What a typed expression used, beyond its value: the parser fills it in when given one.

    functions: the functions called, by their canonical name (σ and logistic are 'sigmoid', ReLU 'relu');
    names: the declared (or, outside a question, free) variables; derivatives: each derivative form as
    typed (diff(…), d/dx …, (…)/dx, σ'(x)), which the value alone no longer shows (σ'(x) is read as
    σ(x)(1 − σ(x))).
    """

    functions: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    derivatives: list[str] = field(default_factory=list)


def parse_expression(text: str, symbols: Mapping[str, str] | None = None,
                     matrices: Mapping[str, tuple[str, str]] | None = None, usage: Usage | None = None) -> sympy.Basic:
    """The SymPy expression for `text`, or ParseError saying what is wrong and where.

    symbols: name -> domain (real, positive, nonnegative, negative, probability) of the allowed scalar
    names; None allows any plain identifier as a real variable (as `quizprep derive` does outside a
    question). matrices: name -> (rows, cols) dimension names, e.g. {"X": ("N", "D")}; `*` between two
    matrices is the matrix product, like `@`. usage, when given, is filled with what the text used.
    """
    if not isinstance(text, str):
        raise ParseError("the answer must be text")
    if len(text) > MAX_LENGTH:
        raise ParseError(f"the expression is too long ({len(text)} characters, at most {MAX_LENGTH})",
                         ru=f"выражение слишком длинное ({len(text)} символов, максимум {MAX_LENGTH})")
    stripped = text.rstrip()
    if stripped.endswith(".") and not stripped[-2:-1].isdigit():
        text = stripped[:-1]  # the full stop of a sentence: "σ(x)(1 − σ(x))."
    tokens = tokenize(text)
    if len(tokens) == 1:
        raise ParseError("the expression is empty", ru="выражение пустое")
    if len(tokens) > MAX_TOKENS:
        raise ParseError(f"the expression is too long ({len(tokens) - 1} symbols, at most {MAX_TOKENS})",
                         ru=f"выражение слишком длинное ({len(tokens) - 1} элементов, максимум {MAX_TOKENS})")
    parser = _Parser(tokens, _Names(symbols, matrices), usage if usage is not None else Usage())
    expr = parser.expression()
    parser.expect_end()
    return expr


def make_symbol(name: str, domain: str = "real") -> sympy.Symbol:
    """The SymPy symbol for a declared scalar name, carrying its domain as assumptions."""
    return sympy.Symbol(name, **DOMAIN_ASSUMPTIONS.get(domain, {"real": True}))


def dimension_symbol(name: str) -> sympy.Symbol:
    """The symbol standing for a matrix dimension such as N or D."""
    return sympy.Symbol(name, integer=True, positive=True)


def make_matrix(name: str, shape: tuple[str, str]) -> sympy.MatrixSymbol:
    return sympy.MatrixSymbol(name, dimension_symbol(shape[0]), dimension_symbol(shape[1]))


def shape_text(shape: tuple[sympy.Basic, sympy.Basic]) -> str:
    """'N×D' for a matrix shape."""
    return f"{shape[0]}×{shape[1]}"


# ---------------------------------------------------------------- names


def _unary(builder: Callable[[sympy.Basic], sympy.Basic]) -> tuple[int, int, Callable[..., sympy.Basic]]:
    return 1, 1, builder


def _relu(arg: sympy.Basic) -> sympy.Basic:
    return sympy.Max(0, arg)


def _log(arg: sympy.Basic, base: sympy.Basic | None = None) -> sympy.Basic:
    return sympy.log(arg) if base is None else sympy.log(arg, base)


def _exp(arg: sympy.Basic) -> sympy.Basic:
    # exp(log(x)) stays as typed: SymPy would make it x and drop the domain x > 0
    return sympy.exp(arg, evaluate=False) if arg.has(sympy.log) else sympy.exp(arg)


MAX_FACTORIAL = 1000  # n! and binomial(n, k) of a whole number are computed exactly: keep n small


def _factorial(arg: sympy.Basic) -> sympy.Basic:
    _small_whole(arg, "factorial")
    return sympy.factorial(arg)


def _binomial(n: sympy.Basic, k: sympy.Basic) -> sympy.Basic:
    _small_whole(n, "binomial")
    _small_whole(k, "binomial")
    return sympy.binomial(n, k)


def _small_whole(arg: sympy.Basic, name: str) -> None:
    if arg.is_Number and abs(arg) > MAX_FACTORIAL:
        raise ParseError(f"{name} of a number above {MAX_FACTORIAL} is too large to check",
                         ru=f"{name} от числа больше {MAX_FACTORIAL} слишком велик для проверки")


def _heaviside(arg: sympy.Basic, at_zero: sympy.Basic | None = None) -> sympy.Basic:
    if at_zero is not None and not at_zero.is_Rational:
        raise ParseError("the second argument of Heaviside is its value at 0, a number",
                         ru="второй аргумент Heaviside — его значение в нуле, число")
    return sympy.Heaviside(arg) if at_zero is None else sympy.Heaviside(arg, at_zero)


# typed name -> (least args, most args, builder); every argument is a scalar expression.
FUNCTIONS: dict[str, tuple[int, int, Callable[..., sympy.Basic]]] = {
    "exp": _unary(_exp), "log": (1, 2, _log), "ln": (1, 1, _log), "sqrt": _unary(sympy.sqrt),
    "sin": _unary(sympy.sin), "cos": _unary(sympy.cos), "tan": _unary(sympy.tan),
    "sinh": _unary(sympy.sinh), "cosh": _unary(sympy.cosh), "tanh": _unary(sympy.tanh),
    "sech": _unary(sympy.sech), "coth": _unary(sympy.coth), "csch": _unary(sympy.csch),
    "sec": _unary(sympy.sec), "csc": _unary(sympy.csc), "cot": _unary(sympy.cot),
    "asinh": _unary(sympy.asinh), "arcsinh": _unary(sympy.asinh), "acosh": _unary(sympy.acosh),
    "arccosh": _unary(sympy.acosh), "factorial": _unary(_factorial), "binomial": (2, 2, _binomial),
    "floor": _unary(sympy.floor), "ceil": _unary(sympy.ceiling), "ceiling": _unary(sympy.ceiling),
    "arctan": _unary(sympy.atan), "atan": _unary(sympy.atan), "arcsin": _unary(sympy.asin),
    "asin": _unary(sympy.asin), "arccos": _unary(sympy.acos), "acos": _unary(sympy.acos),
    "arctanh": _unary(sympy.atanh), "atanh": _unary(sympy.atanh),
    "sigmoid": _unary(sigmoid), "sigma": _unary(sigmoid), "σ": _unary(sigmoid), "logistic": _unary(sigmoid),
    "softplus": _unary(softplus), "relu": _unary(_relu), "ReLU": _unary(_relu),
    "Heaviside": (1, 2, _heaviside), "heaviside": (1, 2, _heaviside), "step": (1, 2, _heaviside),
    "max": (2, 8, sympy.Max), "Max": (2, 8, sympy.Max), "min": (2, 8, sympy.Min), "Min": (2, 8, sympy.Min),
    "abs": _unary(sympy.Abs), "Abs": _unary(sympy.Abs), "sign": _unary(sympy.sign), "sgn": _unary(sympy.sign),
}
SPECIAL_FUNCTIONS = ("Piecewise", "piecewise", "diff", "transpose")
CONSTANTS = {"e": sympy.E, "E": sympy.E, "pi": sympy.pi, "π": sympy.pi}
_SYMBOL_ALIASES = {"eps": ("epsilon",), "epsilon": ("eps",), "lambda": ("lam", "lmbda"), "lam": ("lambda", "lmbda"),
                   "lmbda": ("lambda", "lam"), "eta": ("lr",), "lr": ("eta",)}
_TRUE_WORDS = ("True", "true", "otherwise")
_RESERVED_WORDS = ("and", "True", "true", "otherwise", "Eq", "Ne")
_GREEK_NAMES = frozenset(GREEK.values()) | {"epsilon", "lam", "lmbda"}
_COMMON_NAMES = frozenset({"lr", "wd", "var", "std", "acc", "loss", "grad", "mean", "beta", "rho", "eps", "exp", "log",
                           "ln", "max", "min", "abs"})  # outside a question, names and never products


KNOWN_FUNCTIONS_SHOWN = ("exp, log (ln), sqrt, sigmoid (σ), tanh, sech, sin, cos, tan, sec, csc, cot, arctan, "
                         "asinh, acosh, atanh, softplus, relu, Heaviside (step), Piecewise, max, min, abs, sign, "
                         "floor, ceil, factorial (n!), binomial, diff, transpose")


class _Names:
    """What the names in an expression may mean: the question's symbols and matrices, functions, constants."""

    def __init__(self, symbols: Mapping[str, str] | None, matrices: Mapping[str, tuple[str, str]] | None):
        self.free = symbols is None
        self.symbols = dict(symbols or {})
        self.matrices = dict(matrices or {})

    def declared(self, name: str) -> str | None:
        """The declared scalar name `name` stands for (Greek letters and eps/epsilon alike), if any."""
        found = self.resolve(name)
        return found[1] if found is not None and found[0] == "symbol" else None

    def matrix(self, name: str) -> str | None:
        """The declared matrix `name` stands for, if any."""
        found = self.resolve(name)
        return found[1] if found is not None and found[0] == "matrix" else None

    def resolve(self, name: str) -> tuple[str, str] | None:
        """('symbol' | 'matrix', declared name) for a typed name: exactly, through a Greek letter or an
        alias (ε is eps, λ is lam, η is lr), then ignoring underscores (w_1 is w1, σ_w is sigma_w), then,
        for names longer than a letter, ignoring case (Var is var) — where only one declared name fits."""
        if name in self.matrices:
            return "matrix", name
        plain = GREEK.get(name, name)
        for candidate in (plain, *_SYMBOL_ALIASES.get(plain, ())):
            if candidate in self.symbols:
                return "symbol", candidate
        if self.free or not plain.isascii():
            return None
        declared = [("symbol", s) for s in self.symbols] + [("matrix", m) for m in self.matrices]
        key = plain.replace("_", "")
        for same in (lambda d: d.replace("_", "") == key,
                     lambda d: len(key) > 1 and d.replace("_", "").lower() == key.lower()):
            fits = [d for d in declared if same(d[1])]
            if len(fits) == 1:
                return fits[0]
            if fits:
                return None
        return None

    def symbol(self, name: str) -> sympy.Symbol:
        return make_symbol(name, self.symbols.get(name, "real"))

    def is_function(self, name: str) -> bool:
        return name in FUNCTIONS or name in SPECIAL_FUNCTIONS

    def calls_function(self, name: str) -> bool:
        """Whether the name, typed here, is a function (not a declared name that happens to be spelled so)."""
        return self.is_function(name) and self.resolve(name) is None

    def split(self, name: str, singles: set[str]) -> list[str] | None:
        """`XW` → [X, W], `w1x` → [w1, x]: an unknown name that is the declared names written together, in
        exactly one way. Outside a question (any name is a variable), `ab` → [a, b] only where a and b
        also stand alone in the same expression."""
        if not name.isascii() or len(name) < 2 or name in _RESERVED_WORDS:
            return None
        if self.free:
            if len(name) > 4 or not name.isalpha() or name in _GREEK_NAMES or name in _SYMBOL_ALIASES \
                    or name in _COMMON_NAMES:
                return None
            return list(name) if all(c in singles for c in name) else None
        known = set(self.symbols) | set(self.matrices)
        ways: list[list[list[str]]] = [[[]]] + [[] for _ in name]  # ways[i]: the splits of name[:i]
        for end in range(1, len(name) + 1):
            for start in range(end):
                if name[start:end] in known:
                    ways[end] += [way + [name[start:end]] for way in ways[start]][:2]
            ways[end] = ways[end][:2]
        return ways[-1][0] if len(ways[-1]) == 1 and len(ways[-1][0]) > 1 else None

    def unknown(self, name: str, column: int, call: bool) -> ParseError:
        if call:
            return ParseError(f"unknown function '{name}' at position {column} (known: {KNOWN_FUNCTIONS_SHOWN}); "
                              f"for a product write {name}*(...)", column,
                              ru=f"неизвестная функция '{name}' в позиции {column} (известны: "
                                 f"{KNOWN_FUNCTIONS_SHOWN}); для произведения пишите {name}*(...)")
        allowed = sorted(self.symbols) + sorted(self.matrices)
        uses = ", ".join(allowed) if allowed else "no variables"
        hint_en = hint_ru = ""
        stem = name.rstrip("0123456789")
        if stem != name and stem in allowed:
            hint_en = f" (did you mean {stem}^{name[len(stem):]} or {stem}*{name[len(stem):]}?)"
            hint_ru = f" (может быть, {stem}^{name[len(stem):]} или {stem}*{name[len(stem):]}?)"
        elif len(name) > 1 and all(c in self.symbols or c in self.matrices for c in name):
            hint_en = f" (for a product write {'*'.join(name)})"
            hint_ru = f" (произведение пишется так: {'*'.join(name)})"
        return ParseError(f"unknown name '{name}': this question uses {uses}{hint_en}", column,
                          ru=f"неизвестное имя '{name}': в этом вопросе есть только {uses}{hint_ru}")


# ---------------------------------------------------------------- building with checks


def _is_matrix(expr: sympy.Basic) -> bool:
    return isinstance(expr, sympy.MatrixExpr)


def _readable(expr: sympy.Basic) -> str:
    from quizprep.checking.printing import one_line

    return one_line(expr)


def _checked_number(expr: sympy.Basic, column: int | None) -> sympy.Basic:
    if expr.is_Rational and max(abs(expr.p).bit_length(), expr.q.bit_length()) > MAX_NUMBER_BITS:
        raise ParseError(f"a number in the expression is too large (more than {MAX_NUMBER_BITS} bits)", column,
                         ru=f"число в выражении слишком велико (больше {MAX_NUMBER_BITS} бит)")
    return expr


def _add(terms: list[sympy.Basic], column: int) -> sympy.Basic:
    matrices = [t for t in terms if _is_matrix(t)]
    if not matrices:
        return _checked_number(sympy.Add(*terms), column)
    terms = [t for t in terms if _is_matrix(t) or t != 0]  # X.T @ X @ W + 0 is still the matrix
    if len(matrices) != len(terms):
        raise ShapeError(f"cannot add a number and a {shape_text(matrices[0].shape)} matrix (position {column})",
                         column, ru=f"нельзя складывать число и матрицу {shape_text(matrices[0].shape)} "
                                    f"(позиция {column})")
    for term in matrices[1:]:
        if term.shape != matrices[0].shape:
            raise ShapeError(f"cannot add a {shape_text(matrices[0].shape)} and a {shape_text(term.shape)} "
                             f"matrix (position {column})", column,
                             ru=f"нельзя складывать матрицы {shape_text(matrices[0].shape)} и "
                                f"{shape_text(term.shape)} (позиция {column})")
    return functools.reduce(operator.add, terms)


def _matrix_product(left: sympy.Basic, right: sympy.Basic, column: int) -> sympy.Basic:
    if left.shape[1] != right.shape[0]:
        where = f"{_readable(left)}·{_readable(right)}"
        raise ShapeError(f"the shapes do not fit in {where}: {shape_text(left.shape)} times "
                         f"{shape_text(right.shape)} (position {column})", column,
                         ru=f"размеры не согласованы в {where}: {shape_text(left.shape)} на "
                            f"{shape_text(right.shape)} (позиция {column})")
    return left * right


def _multiply(factors: list[tuple[str, sympy.Basic, int]]) -> sympy.Basic:
    """Fold `a * b / c @ d`; numbers and scalars in one Mul, matrices left to right with shape checks."""
    if not any(_is_matrix(f) for _, f, _ in factors):
        parts = []
        for op, factor, column in factors:
            if op == "@":
                raise ParseError(f"'@' multiplies matrices (position {column}): use * for numbers", column,
                                 ru=f"'@' — умножение матриц (позиция {column}): для чисел используйте *")
            parts.append(sympy.Pow(factor, -1) if op == "/" else factor)
        return _checked_number(sympy.Mul(*parts), factors[0][2])
    result = factors[0][1]
    for op, factor, column in factors[1:]:
        if op == "/":
            if _is_matrix(factor):
                raise ParseError(f"cannot divide by a matrix (position {column}); multiply by its inverse X^-1",
                                 column, ru=f"на матрицу делить нельзя (позиция {column}); умножьте на "
                                            f"обратную X^-1")
            result = result * sympy.Pow(factor, -1)
        elif _is_matrix(result) and _is_matrix(factor):
            result = _matrix_product(result, factor, column)
        elif op == "@":
            raise ParseError(f"'@' multiplies two matrices (position {column}); use * with a number", column,
                             ru=f"'@' умножает две матрицы (позиция {column}); с числом используйте *")
        else:
            result = result * factor
    return result


def _power(base: sympy.Basic, exponent: sympy.Basic, column: int) -> sympy.Basic:
    if _is_matrix(exponent):
        raise ShapeError(f"a matrix cannot be an exponent (position {column})", column,
                         ru=f"матрица не может быть показателем степени (позиция {column})")
    if exponent.is_Number and abs(exponent) > MAX_EXPONENT:
        raise ParseError(f"the exponent at position {column} is too large (at most {MAX_EXPONENT} in absolute "
                         f"value)", column, ru=f"слишком большой показатель степени в позиции {column} "
                                               f"(по модулю не больше {MAX_EXPONENT})")
    if _is_matrix(base):
        if base.shape[0] != base.shape[1]:
            raise ShapeError(f"only a square matrix has powers: {_readable(base)} is {shape_text(base.shape)}",
                             column, ru=f"степень есть только у квадратной матрицы: {_readable(base)} "
                                        f"размера {shape_text(base.shape)}")
        if not exponent.is_Integer:
            raise ParseError("a matrix power must be a whole number", column,
                             ru="степень матрицы должна быть целым числом")
        return base ** exponent
    if base.is_Rational and exponent.is_Rational:
        size = max(abs(base.p).bit_length(), base.q.bit_length()) * abs(exponent)
        if size > MAX_NUMBER_BITS:
            raise ParseError(f"the power at position {column} is too large a number", column,
                             ru=f"степень в позиции {column} — слишком большое число")
    if isinstance(base, sympy.Pow) and not base.exp.is_Integer and not (exponent.is_Integer and exponent.is_odd):
        return sympy.Pow(base, exponent, evaluate=False)  # (x^(1/2))^2 is x only where x >= 0: keep it as typed
    return _checked_number(sympy.Pow(base, exponent), column)


def _number(text: str, column: int) -> sympy.Rational:
    match = NUMBER.fullmatch(text)
    assert match is not None
    if match.group(1) is not None:
        whole, fraction, exponent = match.group(1), match.group(2) or "", match.group(3)
    else:
        whole, fraction, exponent = "", match.group(4), match.group(5)
    if len(whole) + len(fraction) > MAX_DIGITS:
        raise ParseError(f"the number at position {column} has too many digits (at most {MAX_DIGITS})", column,
                         ru=f"в числе в позиции {column} слишком много цифр (максимум {MAX_DIGITS})")
    power = int(exponent) if exponent else 0
    if abs(power) > 100:
        raise ParseError(f"the number at position {column} is out of range", column,
                         ru=f"число в позиции {column} вне допустимого диапазона")
    power -= len(fraction)
    digits = int((whole + fraction) or "0")
    return sympy.Integer(digits) * sympy.Integer(10) ** power if power >= 0 else \
        sympy.Rational(digits, 10 ** -power)


# ---------------------------------------------------------------- the parser


class _Parser:
    """Recursive descent over the tokens: sum > product (also implicit) > sign > power > postfix > atom."""

    def __init__(self, tokens: list[Token], names: _Names, usage: Usage):
        self.tokens = tokens
        self.names = names
        self.usage = usage
        self.index = 0
        self.depth = 0
        self.in_prime = False  # inside the argument of σ'(…): a second prime there would grow the expression exponentially

    # -- token helpers
    @property
    def token(self) -> Token:
        return self.tokens[self.index]

    def peek(self, offset: int = 1) -> Token:
        return self.tokens[min(self.index + offset, len(self.tokens) - 1)]

    def at(self, kind: str, text: str | None = None) -> bool:
        return self.token.kind == kind and (text is None or self.token.text == text)

    def advance(self) -> Token:
        token = self.token
        self.index += 1
        return token

    def expect(self, text: str) -> Token:
        if not self.at("op", text):
            raise self.unexpected(f"'{text}'")
        return self.advance()

    def expect_end(self) -> None:
        if not self.at("end"):
            token = self.token
            if token.kind == "op" and token.text in _RELATIONS:
                raise ParseError(f"a comparison ('{token.text}' at position {token.position}) belongs only in a "
                                 f"Piecewise condition", token.position,
                                 ru=f"сравнение ('{token.text}', позиция {token.position}) допускается только "
                                    f"в условии Piecewise")
            if token.kind == "num" or token.text == ")":
                raise self.unexpected("an operator")
            raise self.unexpected("the end of the expression")

    def unexpected(self, wanted: str) -> ParseError:
        token = self.token
        if token.kind == "end":
            return ParseError(f"the expression ends too early: expected {wanted}", token.position,
                              ru=f"выражение обрывается: ожидалось {_ru_wanted(wanted)}")
        return ParseError(f"unexpected '{token.text}' at position {token.position}: expected {wanted}",
                          token.position, ru=f"неожиданное '{token.text}' в позиции {token.position}: "
                                             f"ожидалось {_ru_wanted(wanted)}")

    def nested(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ParseError(f"the expression is nested too deeply (at most {MAX_DEPTH} levels)",
                             self.token.position, ru=f"слишком глубокая вложенность (максимум {MAX_DEPTH} уровней)")

    # -- grammar
    def expression(self) -> sympy.Basic:
        """sum := product (('+' | '-') product)*"""
        self.nested()
        column = self.token.position
        terms = [self.product()]
        while self.at("op", "+") or self.at("op", "-"):
            sign = self.advance().text
            term = self.product()
            terms.append(-term if sign == "-" else term)
        self.depth -= 1
        return terms[0] if len(terms) == 1 else _add(terms, column)

    def product(self) -> sympy.Basic:
        """product := signed (('*' | '/' | '@' | nothing) signed)*; nothing is implicit multiplication."""
        column = self.token.position
        factors = [("*", self.signed(), column)]
        while True:
            token = self.token
            if token.kind == "op" and token.text in ("*", "/", "@"):
                self.advance()
                start = self.index
                factors.append((token.text, self.signed(), token.position))
                if token.text == "/":
                    self.refuse_glued_number(start, "/", "1/2x", "1/(2x)", "x/2")
            elif self.starts_implicit():
                factors.append(("*", self.power(), token.position))
            elif token.kind == "num":
                raise ParseError(f"missing operator before the number at position {token.position}",
                                 token.position, ru=f"пропущен знак операции перед числом в позиции {token.position}")
            else:
                break
        return factors[0][1] if len(factors) == 1 else _multiply(factors)

    def starts_implicit(self) -> bool:
        """Whether the token here starts a factor multiplied without an operator: 2x, x(1 − x), 2√x."""
        token = self.token
        return (token.kind == "name" and token.text not in _RESERVED_WORDS) or token.kind == "sqrt" or (
            token.kind == "op" and token.text in _OPENING)

    def refuse_glued_number(self, start: int, op: str, example: str, one: str, other: str) -> None:
        """`1/2x`, `e^2x`: a bare number just read (from token `start`) with a factor glued to it reads
        two ways (1/(2x) or x/2; e^(2x) or e²·x); rather than guess, ask for brackets."""
        read = self.tokens[start:self.index]
        if not read or read[-1].kind != "num" or any(t.kind != "op" or t.text not in "+-" for t in read[:-1]):
            return
        factor = self.token.kind in ("name", "sqrt") if op == "/" else self.starts_implicit()  # 1/2(1 + x) is read
        if not factor or not glued(read[-1], self.token):
            return
        typed = op + "".join(t.text for t in read) + self.token.text
        raise ParseError(f"'{typed}' at position {read[0].position} can be read two ways (like {example}: {one} or "
                         f"{other}): add brackets or a *", read[0].position,
                         ru=f"'{typed}' в позиции {read[0].position} читается двояко (как {example}: {one} или "
                            f"{other}): добавьте скобки или *")

    def signed(self) -> sympy.Basic:
        """signed := ('-' | '+') signed | power"""
        if self.at("op", "-") or self.at("op", "+"):
            sign = self.advance().text
            self.nested()
            value = self.signed()
            self.depth -= 1
            return -value if sign == "-" else value
        return self.power()

    def power(self) -> sympy.Basic:
        """power := postfix ('^' signed)?   (right-associative: 2^3^2 = 2^9; -x^2 = -(x^2)); X^T is Xᵀ"""
        base = self.postfix()
        if self.at("op", "^"):
            column = self.advance().position
            if _is_matrix(base) and self.transpose_exponent():
                return base.T
            self.nested()
            start = self.index
            exponent = self.signed()
            self.depth -= 1
            if base == sympy.E:
                self.refuse_glued_number(start, "e^", "e^2x", "e^(2x)", "e^2·x")
            self.refuse_fraction_exponent(start)
            return _power(base, exponent, column)
        return base

    def refuse_fraction_exponent(self, start: int) -> None:
        """x^1/2 and n^-1/2 are written for √x and 1/√n far more often than for x/2 and 1/(2n): with an
        exponent of ±1, or any negative one, followed by '/ number', ask for brackets. (x^2/2 is x²/2.)"""
        read = self.tokens[start:self.index]
        if not read or read[-1].kind != "num" or not self.at("op", "/") or self.peek().kind != "num":
            return
        signs = [t.text for t in read[:-1]]
        if any(t.kind != "op" or t.text not in "+-" for t in read[:-1]):
            return
        negative = signs.count("-") % 2 == 1
        if not (negative or read[-1].text == "1"):
            return
        exponent = "".join(signs) + read[-1].text
        typed = f"^{exponent}/{self.peek().text}"
        raise ParseError(f"'{typed}' at position {read[0].position} can be read two ways: a power "
                         f"^({exponent}/{self.peek().text}), or ^{exponent} then divided by {self.peek().text}: add "
                         f"brackets", read[0].position,
                         ru=f"'{typed}' в позиции {read[0].position} читается двояко: степень "
                            f"^({exponent}/{self.peek().text}) или ^{exponent} с делением на {self.peek().text}: "
                            f"добавьте скобки")

    def transpose_exponent(self) -> bool:
        """After '^' on a matrix: T, ⊤, (T) or {T} is the transpose (when T is no name of the question)."""
        if self.at("T"):
            self.advance()
            return True
        t_name = self.names.resolve("T") is None
        if self.at("name", "T") and t_name:
            self.advance()
            return True
        if self.token.kind == "op" and self.token.text in _OPENING and self.peek(2).text == _OPENING[self.token.text] \
                and (self.peek().kind == "T" or (t_name and self.peek().text == "T" and self.peek().kind == "name")):
            self.index += 3
            return True
        return False

    def postfix(self) -> sympy.Basic:
        """postfix := atom ('.T' | 'ᵀ' | "'" | superscript)*   (X' is the transpose of a matrix)"""
        value = self.atom()
        while True:
            if self.at("op", "."):
                dot = self.advance()
                if self.at("name", "T"):
                    self.advance()
                    value = value.T if _is_matrix(value) else value
                    continue
                raise ParseError(f"attribute access is not allowed ('.' at position {dot.position}); only X.T "
                                 f"(transpose) is", dot.position,
                                 ru=f"обращение к атрибутам запрещено ('.' в позиции {dot.position}); "
                                    f"допускается только X.T (транспонирование)")
            if self.at("T"):
                self.advance()
                value = value.T if _is_matrix(value) else value
            elif self.at("prime"):
                prime = self.advance()
                if not _is_matrix(value):
                    raise ParseError(f"a prime (' at position {prime.position}) means a derivative right after a "
                                     f"function's name, as in σ'(x), or a transpose after a matrix; elsewhere "
                                     f"write diff(expression, x)", prime.position,
                                     ru=f"штрих (' в позиции {prime.position}) означает производную сразу после "
                                        f"имени функции, как σ'(x), или транспонирование после матрицы; иначе "
                                        f"пишите diff(выражение, x)")
                value = value.T
            elif self.at("sup"):
                token = self.advance()
                value = _power(value, self.superscript(token), token.position)
            elif self.at("factorial"):
                token = self.advance()
                value = self.apply("factorial", [value], token.position)
            else:
                return value

    def superscript(self, token: Token) -> sympy.Basic:
        inner = _Parser(tokenize(token.text), self.names, self.usage)
        inner.depth, inner.in_prime = self.depth, self.in_prime
        value = inner.expression()
        inner.expect_end()
        return value

    def atom(self) -> sympy.Basic:
        """atom := number | name | call | '(' sum ')' | '[' sum ']' | '{' sum '}' | '|' sum '|' | '√' power"""
        token = self.token
        if token.kind == "num":
            self.advance()
            return _number(token.text, token.position)
        if token.kind == "sqrt":
            self.advance()
            self.nested()
            value = self.power()
            self.depth -= 1
            return self.apply("sqrt", [value], token.position)
        if token.kind == "name":
            return self.name()
        if token.kind == "op" and token.text in _OPENING:
            if token.text == "[":
                self.refuse_indexing()
            self.advance()
            value = self.expression()
            self.expect(_OPENING[token.text])
            return value
        if self.at("op", "|"):
            self.advance()
            self.nested()
            value = self.expression()
            self.expect("|")
            self.depth -= 1
            return self.apply("abs", [value], token.position)
        raise self.unexpected("a number, a name or '('")

    def refuse_indexing(self) -> None:
        """x[0], W[i], f(x)[-1] look like indexing, not like the grouping σ(x)[1 − σ(x)]: refuse them."""
        before = self.tokens[self.index - 1] if self.index else None
        after = self.tokens[self.index + 1:self.index + 4]
        signed = [t for t in after if not (t.kind == "op" and t.text in "+-")][:2]
        single = len(signed) == 2 and signed[0].kind in ("num", "name") and signed[1].text == "]" \
            and after.index(signed[1]) <= 2
        empty = bool(after) and after[0].text == "]"
        if empty or (single and before is not None
                     and (before.kind in ("name", "T", "prime") or before.text in (")", "]"))):
            raise ParseError(f"square brackets (lists, indexing) are not allowed ('[' at position "
                             f"{self.token.position}): use parentheses", self.token.position,
                             ru=f"квадратные скобки (списки, индексы) не допускаются ('[', позиция "
                                f"{self.token.position}): используйте круглые")

    def name(self) -> sympy.Basic:
        token = self.advance()
        name, names = token.text, self.names
        calls = self.at("op", "(")
        found = names.resolve(name)
        if found is None and name in GREEK and self.at("name") and glued(token, self.token):
            found = names.resolve(GREEK[name] + "_" + self.token.text)  # σw² for a declared sigma_w
            if found is not None:
                self.advance()
        if found is not None:
            kind, declared = found
            self.usage.names.add(declared)
            return make_matrix(declared, names.matrices[declared]) if kind == "matrix" else names.symbol(declared)
        if name in ("if", "else"):
            raise ParseError(f"'{name}' at position {token.position}: Python's 'a if condition else b' is not read; "
                             "write Piecewise((a, condition), (b, True)), or Heaviside(x) for a step",
                             token.position,
                             ru=f"'{name}' в позиции {token.position}: питоновское 'a if условие else b' не "
                                "читается; пишите Piecewise((a, условие), (b, True)) или Heaviside(x) для ступеньки")
        if name == "d":
            derivative = self.leibniz(token)
            if derivative is not None:
                return derivative
            self.refuse_bare_leibniz(token)
        if name in _MODULES and self.at("op", ".") and self.peek().kind == "name" \
                and (_function_named(self.peek().text) is not None or self.peek().text in CONSTANTS):
            self.advance()  # np.exp(x), torch.sigmoid(x), math.pi: the function or constant, as code spells it
            return self.name()
        if calls and not names.is_function(name) and len(name) > 1 and _function_named(name) is not None:
            name = _function_named(name)  # Exp(x), SIGMOID(x), Log(2)
            token = Token(token.kind, name, token.position, token.width or len(token.text))
        if names.is_function(name):
            return self.call(token)
        if name == "θ" and not names.free and (calls or self.at("sup")):
            return self.call(Token("name", "Heaviside", token.position, 1))  # θ(x), as SymPy prints Heaviside
        if name in CONSTANTS:
            return CONSTANTS[name]
        plain = GREEK.get(name, name)
        parts = self.split(token)
        if parts is not None:
            offsets = [sum(len(p) for p in parts[:i]) for i in range(len(parts))]
            self.tokens[self.index - 1:self.index] = [Token("name", part, token.position + offset)
                                                      for part, offset in zip(parts, offsets)]
            self.index -= 1
            return self.name()
        if names.free and (not calls or len(plain) == 1):
            self.usage.names.add(plain)
            return names.symbol(plain)
        raise names.unknown(plain, token.position, call=calls and len(plain) > 1)

    def split(self, token: Token) -> list[str] | None:
        """The declared names an unknown name is glued from (`XW`), where reading it as a product is the
        only reading: not right after '/', '^', '√' or a function without brackets (`1/xy`, `e^xy`, `√xy`,
        `ln xy` read two ways)."""
        before = self.tokens[self.index - 2] if self.index >= 2 else None
        if before is not None and (before.kind == "sqrt" or (before.kind == "op" and before.text in ("/", "^"))
                                   or (before.kind == "name" and self.names.calls_function(before.text))):
            return None
        singles = {t.text for i, t in enumerate(self.tokens) if t.kind == "name" and len(t.text) == 1
                   and t is not token and not (t.text == "d" and self.tokens[i + 1].text in ("/", "("))}
        return self.names.split(token.text, singles)

    def typed(self, start: int, end: int) -> str:
        """The text of tokens[start:end] as typed (spaces where there were some)."""
        parts = []
        for i in range(start, end):
            token = self.tokens[i]
            if i > start and not glued(self.tokens[i - 1], token):
                parts.append(" ")
            parts.append("^(" + token.text + ")" if token.kind == "sup" else token.text)
        return "".join(parts)

    def leibniz(self, token: Token) -> sympy.Basic | None:
        """d/dx(expr), d/dx (1 + e^-x)^-1, d/dx ln(x) and d(expr)/dx, the whiteboard spellings of
        diff(expr, x); None where the 'd' just read starts none of them. What d/dx applies to is the
        bracket or the function call after it, with its power; a factor glued on after that (d/dx(u)v)
        reads two ways and is refused."""
        if self.at("op", "/") and self.peek().kind == "name" and self.peek().text.startswith("d") \
                and len(self.peek().text) > 1 and self.operand_follows(self.peek(2)):
            self.advance()  # '/'
            variable = self.variable(self.advance())
            self.nested()
            operand = self.power()
            self.depth -= 1
            if self.starts_implicit() or self.token.kind == "num":
                raise ParseError(f"what d/d{variable} applies to is unclear at position {self.token.position}: "
                                 f"write d/d{variable}(…) around all of it, or a * before what multiplies the "
                                 f"derivative", self.token.position,
                                 ru=f"неясно, к чему относится d/d{variable} (позиция {self.token.position}): "
                                    f"возьмите в d/d{variable}(…) всё выражение или поставьте * перед "
                                    f"множителем")
            self.usage.derivatives.append(self.typed(self.index_of(token), self.index))
            return self.derivative([operand, variable], token.position)
        if self.at("op", "("):
            close = self.matching(self.index)
            after = self.tokens[close + 1:close + 3] if close is not None else []
            if len(after) == 2 and after[0].text == "/" and after[1].kind == "name" \
                    and after[1].text.startswith("d") and len(after[1].text) > 1 and (
                    not self.names.free or any(t.text == after[1].text[1:] for t in self.tokens[self.index:close])):
                self.advance()
                self.nested()
                expr = self.expression()
                self.depth -= 1
                self.expect(")")
                self.advance()  # '/'
                variable = self.variable(self.advance())
                self.usage.derivatives.append(self.typed(self.index_of(token), self.index))
                return self.derivative([expr, variable], token.position)
        return None

    def refuse_bare_leibniz(self, token: Token) -> None:
        """dσ/dx, d σ(x) / dx, ∂L/∂w: the derivative written as a fraction of names, which has no value of its
        own; said so, instead of 'unknown name d'."""
        start, depth = self.index_of(token), 0
        for i in range(start + 1, len(self.tokens) - 1):
            depth += (self.tokens[i].text in _OPENING) - (self.tokens[i].text in (")", "]", "}"))
            if depth < 0:  # (a + d)/dx: the 'd' is inside a bracket the fraction is outside of
                return
            after = self.tokens[i + 1]
            if self.tokens[i].text == "/" and after.kind == "name" and after.text.startswith("d") \
                    and len(after.text) > 1:
                written = self.typed(start, i + 2)
                raise ParseError(f"{written} is a derivative written out, not its value: type what it equals "
                                 f"(inside an expression, write d/{after.text}(…) or diff(…, {after.text[1:]}))",
                                 token.position,
                                 ru=f"{written} — это запись производной, а не её значение: введите, чему она "
                                    f"равна (внутри выражения пишите d/{after.text}(…) или diff(…, "
                                    f"{after.text[1:]}))")

    def index_of(self, token: Token) -> int:
        return next(i for i in range(self.index - 1, -1, -1) if self.tokens[i] is token)

    def operand_follows(self, token: Token) -> bool:
        return token.kind in ("name", "num", "sqrt") or (token.kind == "op" and token.text in (*_OPENING, "|"))

    def variable(self, token: Token) -> sympy.Symbol:
        """The variable of d/dx from its token 'dx'."""
        name = token.text[1:]
        declared = self.names.declared(name) if not self.names.free else name
        if not declared:
            raise ParseError(f"d/{token.text}: '{name}' is not a variable of this question "
                             f"(position {token.position})", token.position,
                             ru=f"d/{token.text}: '{name}' — не переменная этого вопроса "
                                f"(позиция {token.position})")
        return self.names.symbol(declared)

    def matching(self, index: int) -> int | None:
        """The index of the ')' that closes the '(' at `index`."""
        depth = 0
        for i in range(index, len(self.tokens)):
            text = self.tokens[i].text if self.tokens[i].kind == "op" else ""
            depth += (text == "(") - (text == ")")
            if depth == 0:
                return i
        return None

    def call(self, token: Token) -> sympy.Basic:
        """name(args), also tanh^2(x) and tanh²(x) meaning tanh(x)^2, σ'(x) the derivative, and a function
        of one name or number without brackets: tanh x, sech²x, ln 2."""
        primes = 0
        while self.at("prime"):
            primes += 1
            self.advance()
        if primes and self.in_prime:
            raise ParseError(f"a prime inside the argument of another primed function is not supported (position "
                             f"{token.position}): write diff(…, x)", token.position,
                             ru=f"штрих внутри аргумента другой функции со штрихом не поддерживается (позиция "
                                f"{token.position}): пишите diff(…, x)")
        outer, self.in_prime = self.in_prime, self.in_prime or primes > 0
        start = self.index - primes - 1
        try:
            value = self.called(token, primes)
        finally:
            self.in_prime = outer
        if primes or token.text == "diff":
            self.usage.derivatives.append(self.typed(start, self.index))
        return value

    def called(self, token: Token, primes: int) -> sympy.Basic:
        """The rest of `call`, after the primes."""
        name = token.text
        if self.names.free and name in ("sigma", "σ") and not primes and not self.at("op", "(") and not (
                self.peek().text == "(" and self.at("sup")) and not (self.peek(2).text == "(" and self.at("op", "^")):
            return self.names.symbol("sigma")  # outside a question σ alone is a variable (σ^2 x is σ²·x)
        power = None
        if self.at("sup") and (self.peek().text == "(" or self.bare_argument(1)):
            power = self.superscript(self.advance())
        elif self.at("op", "^") and self.peek().kind == "num" and (self.peek(2).text == "(" or self.bare_argument(2)):
            self.advance()
            power = _number(self.advance().text, token.position)
        elif self.at("op", "^") and self.peek().text in _OPENING and self.peek(2).kind == "num" \
                and self.peek(3).text == _OPENING[self.peek().text] and (self.peek(4).text == "(" or self.bare_argument(4)):
            self.advance()  # tanh^{2}(x), as LaTeX writes it
            self.advance()
            power = _number(self.advance().text, token.position)
            self.advance()
        if not self.at("op", "("):
            if not self.bare_argument(0):
                shown = "sigmoid" if name == "σ" else name
                raise ParseError(f"'{shown}' is a function: write {shown}(x) (position {token.position})",
                                 token.position, ru=f"'{shown}' — функция: пишите {shown}(x) (позиция {token.position})")
            value = self.applied(name, [self.bare(token)], primes, token.position)
            return value if power is None else _power(value, power, token.position)
        self.advance()
        self.nested()
        if name in ("Piecewise", "piecewise"):
            if primes:
                raise _no_prime(name, token.position)
            value = self.piecewise(token)
        else:
            args = [self.expression()]
            while self.at("op", ","):
                self.advance()
                args.append(self.expression())
            self.expect(")")
            value = self.applied(name, args, primes, token.position)
        self.depth -= 1
        return value if power is None else _power(value, power, token.position)

    def bare_argument(self, offset: int) -> bool:
        """Whether a function's argument without brackets (a name or a number) starts `offset` tokens on."""
        token = self.peek(offset)
        if token.kind == "num":
            return True
        return token.kind == "name" and token.text not in _RESERVED_WORDS and not self.names.calls_function(token.text)

    def bare(self, function: Token) -> sympy.Basic:
        """The argument of `tanh x`: one name or number; anything glued on after it reads two ways."""
        value = self.atom()
        token = self.token
        follows_call = token.kind == "name" and self.names.calls_function(token.text)  # sin x cos x
        if token.kind in ("num", "sup", "prime", "T") or self.at("op", "^") or self.at("op", ".") or (
                self.starts_implicit() and not follows_call):
            shown = "sigmoid" if function.text == "σ" else function.text
            raise ParseError(f"what {shown} applies to is unclear at position {token.position}: write "
                             f"{shown}(…) with brackets", token.position,
                             ru=f"неясно, к чему относится {shown} (позиция {token.position}): пишите {shown}(…) "
                                f"со скобками")
        return value

    def applied(self, name: str, args: list[sympy.Basic], primes: int, column: int) -> sympy.Basic:
        """name(args), or with primes its derivative there: σ'(x) = σ(x)(1 − σ(x))."""
        value = self.apply(name, args, column)
        if not primes:
            return value
        if name in SPECIAL_FUNCTIONS or len(args) != 1 or primes > MAX_DIFF_ORDER:
            raise _no_prime(name, column)
        u = sympy.Dummy("u", real=True)
        return sympy.diff(self.apply(name, [u], column), u, primes).subs(u, args[0])

    def apply(self, name: str, args: list[sympy.Basic], column: int) -> sympy.Basic:
        shown = "sigmoid" if name == "σ" else name
        if name == "transpose":
            if len(args) != 1:
                raise _arity(shown, 1, len(args), column)
            return args[0].T if _is_matrix(args[0]) else args[0]
        if any(_is_matrix(a) for a in args):
            raise ShapeError(f"{shown}() of a matrix is not supported (position {column})", column,
                             ru=f"{shown}() от матрицы не поддерживается (позиция {column})")
        if name == "diff":
            return self.derivative(args, column)
        least, most, builder = FUNCTIONS[name]
        self.usage.functions.add(canonical_function(name))
        if not least <= len(args) <= most:
            raise _arity(shown, least if least == most else f"{least}-{most}", len(args), column)
        return builder(*args)

    def derivative(self, args: list[sympy.Basic], column: int) -> sympy.Basic:
        """diff(expr, x) or diff(expr, x, n): kept unevaluated so that a step reads back as typed."""
        if not 2 <= len(args) <= 3:
            raise ParseError(f"write diff(expression, variable) (position {column})", column,
                             ru=f"пишите diff(выражение, переменная) (позиция {column})")
        variable = args[1]
        if not isinstance(variable, sympy.Symbol):
            raise ParseError(f"the second argument of diff must be a variable (position {column})", column,
                             ru=f"второй аргумент diff должен быть переменной (позиция {column})")
        order = args[2] if len(args) == 3 else sympy.Integer(1)
        if not (order.is_Integer and 1 <= order <= MAX_DIFF_ORDER):
            raise ParseError(f"the order of diff must be a whole number 1-{MAX_DIFF_ORDER}", column,
                             ru=f"порядок diff должен быть целым числом 1-{MAX_DIFF_ORDER}")
        return sympy.Derivative(args[0], (variable, int(order)), evaluate=False)

    def piecewise(self, token: Token) -> sympy.Basic:
        """Piecewise((value, condition), ..., (value, True)); the caller has read the opening '('."""
        pieces = []
        while True:
            self.expect("(")
            value = self.expression()
            if _is_matrix(value):
                raise ShapeError("Piecewise of matrices is not supported", token.position,
                                 ru="Piecewise от матриц не поддерживается")
            self.expect(",")
            pieces.append((value, self.condition()))
            self.expect(")")
            if not self.at("op", ","):
                break
            self.advance()
        self.expect(")")
        return sympy.Piecewise(*pieces)

    def condition(self) -> sympy.Basic:
        """condition := True | otherwise | comparison (and comparison)*; a < x < b is a chain."""
        if self.token.kind == "name" and self.token.text in _TRUE_WORDS:
            self.advance()
            return sympy.true
        parts = [self.comparison()]
        while self.at("name", "and"):
            self.advance()
            parts.append(self.comparison())
        return sympy.And(*parts)

    def comparison(self) -> sympy.Basic:
        """comparison := sum (relation sum)+ | Eq(sum, sum) | Ne(sum, sum)"""
        if self.token.kind == "name" and self.token.text in ("Eq", "Ne") and self.peek().text == "(":
            relation = _RELATIONS["==" if self.advance().text == "Eq" else "!="]
            self.expect("(")
            left = self.expression()
            self.expect(",")
            right = self.expression()
            self.expect(")")
            return relation(left, right)
        left = self.expression()
        parts = []
        while self.token.kind == "op" and self.token.text in _RELATIONS:
            relation = _RELATIONS[self.advance().text]
            right = self.expression()
            parts.append(relation(left, right))
            left = right
        if not parts:
            raise self.unexpected("a comparison such as x < 0, or True")
        return sympy.And(*parts)


def canonical_function(name: str) -> str:
    """The one name of a function typed under several (σ, sigma, logistic: sigmoid; ReLU: relu; ln: log)."""
    if name not in FUNCTIONS:
        return name
    builder = FUNCTIONS[name][2]
    return next(f for f, (_, _, b) in FUNCTIONS.items() if b is builder)


def _function_named(name: str) -> str | None:
    """The function a name spells, whatever its case (Exp, SIGMOID, Log), if any."""
    if name in FUNCTIONS or name in SPECIAL_FUNCTIONS:
        return name
    return next((f for f in (*FUNCTIONS, *SPECIAL_FUNCTIONS) if f.lower() == name.lower() and f.islower()), None)


_MODULES = ("np", "numpy", "torch", "math", "F", "sp", "sympy", "jnp", "tf", "scipy", "special")


def _no_prime(name: str, column: int) -> ParseError:
    return ParseError(f"a prime (') works after a function of one argument such as σ'(x); for {name} write "
                      f"diff(…, x) (position {column})", column,
                      ru=f"штрих (') допускается после функции одного аргумента, как σ'(x); для {name} пишите "
                         f"diff(…, x) (позиция {column})")


_OPENING = {"(": ")", "[": "]", "{": "}"}
_RELATIONS = {"<": sympy.Lt, "<=": sympy.Le, ">": sympy.Gt, ">=": sympy.Ge, "==": sympy.Eq, "!=": sympy.Ne}


def _arity(name: str, wanted: object, given: int, column: int) -> ParseError:
    return ParseError(f"{name} takes {wanted} argument(s), {given} given (position {column})", column,
                      ru=f"{name} принимает аргументов: {wanted}, дано {given} (позиция {column})")


def _ru_wanted(wanted: str) -> str:
    return {
        "an operator": "знак операции", "the end of the expression": "конец выражения",
        "a number, a name or '('": "число, имя или '('", "a comparison such as x < 0, or True": "сравнение вида "
        "x < 0 или True",
    }.get(wanted, wanted)
