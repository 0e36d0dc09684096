"""Safe parsing of typed math into SymPy: its own tokenizer and recursive-descent parser, never `eval`.

Users type what they would write on a whiteboard: `σ(x)(1 − σ(x))`, `2x^2`, `e^-x`, `tanh²(x)`,
`gamma*(x - mu)/√(var + eps) + beta`, `X.T @ X @ W`. The text is never given to `sympify`, `parse_expr`
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

import sympy

from quizprep.checking.functions import sigmoid, softplus
from quizprep.checking.tokens import GREEK, NUMBER, ParseError, Token, tokenize

__all__ = ["ParseError", "ShapeError", "dimension_symbol", "make_matrix", "make_symbol", "parse_expression"]

MAX_LENGTH = 1000  # characters of one expression
MAX_TOKENS = 400
MAX_DEPTH = 40  # nested brackets, calls, signs and exponents together
MAX_DIGITS = 30  # digits of one number literal
MAX_EXPONENT = 256  # |n| in x^n when n is a number
MAX_NUMBER_BITS = 4096  # size of any exact number the parser lets SymPy compute
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


def parse_expression(text: str, symbols: Mapping[str, str] | None = None,
                     matrices: Mapping[str, tuple[str, str]] | None = None) -> sympy.Basic:
    """The SymPy expression for `text`, or ParseError saying what is wrong and where.

    symbols: name -> domain (real, positive, nonnegative, negative, probability) of the allowed scalar
    names; None allows any plain identifier as a real variable (as `quizprep derive` does outside a
    question). matrices: name -> (rows, cols) dimension names, e.g. {"X": ("N", "D")}; `*` between two
    matrices is the matrix product, like `@`.
    """
    if not isinstance(text, str):
        raise ParseError("the answer must be text")
    if len(text) > MAX_LENGTH:
        raise ParseError(f"the expression is too long ({len(text)} characters, at most {MAX_LENGTH})",
                         ru=f"выражение слишком длинное ({len(text)} символов, максимум {MAX_LENGTH})")
    tokens = tokenize(text)
    if len(tokens) == 1:
        raise ParseError("the expression is empty", ru="выражение пустое")
    if len(tokens) > MAX_TOKENS:
        raise ParseError(f"the expression is too long ({len(tokens) - 1} symbols, at most {MAX_TOKENS})",
                         ru=f"выражение слишком длинное ({len(tokens) - 1} элементов, максимум {MAX_TOKENS})")
    parser = _Parser(tokens, _Names(symbols, matrices))
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


def _heaviside(arg: sympy.Basic, at_zero: sympy.Basic | None = None) -> sympy.Basic:
    if at_zero is not None and not at_zero.is_Rational:
        raise ParseError("the second argument of Heaviside is its value at 0, a number",
                         ru="второй аргумент Heaviside — его значение в нуле, число")
    return sympy.Heaviside(arg) if at_zero is None else sympy.Heaviside(arg, at_zero)


# typed name -> (least args, most args, builder); every argument is a scalar expression.
FUNCTIONS: dict[str, tuple[int, int, Callable[..., sympy.Basic]]] = {
    "exp": _unary(sympy.exp), "log": (1, 2, _log), "ln": _unary(sympy.log), "sqrt": _unary(sympy.sqrt),
    "sin": _unary(sympy.sin), "cos": _unary(sympy.cos), "tan": _unary(sympy.tan),
    "sinh": _unary(sympy.sinh), "cosh": _unary(sympy.cosh), "tanh": _unary(sympy.tanh),
    "sech": _unary(sympy.sech), "coth": _unary(sympy.coth),
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
_SYMBOL_ALIASES = {"eps": ("epsilon",), "epsilon": ("eps",), "lambda": ("lam", "lmbda"), "lam": ("lambda",)}
_TRUE_WORDS = ("True", "true", "otherwise")


KNOWN_FUNCTIONS_SHOWN = ("exp, log (ln), sqrt, sigmoid (σ), tanh, sech, sin, cos, arctan, softplus, relu, "
                         "Heaviside (step), Piecewise, max, min, abs, sign, diff, transpose")


class _Names:
    """What the names in an expression may mean: the question's symbols and matrices, functions, constants."""

    def __init__(self, symbols: Mapping[str, str] | None, matrices: Mapping[str, tuple[str, str]] | None):
        self.free = symbols is None
        self.symbols = dict(symbols or {})
        self.matrices = dict(matrices or {})

    def declared(self, name: str) -> str | None:
        """The declared scalar name `name` stands for (Greek letters and eps/epsilon alike), if any."""
        name = GREEK.get(name, name)
        for candidate in (name, *_SYMBOL_ALIASES.get(name, ())):
            if candidate in self.symbols:
                return candidate
        return None

    def symbol(self, name: str) -> sympy.Symbol:
        return make_symbol(name, self.symbols.get(name, "real"))

    def is_function(self, name: str) -> bool:
        return name in FUNCTIONS or name in SPECIAL_FUNCTIONS

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

    def __init__(self, tokens: list[Token], names: _Names):
        self.tokens = tokens
        self.names = names
        self.index = 0
        self.depth = 0

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
                factors.append((token.text, self.signed(), token.position))
            elif (token.kind == "name" and token.text != "and") or token.kind == "sqrt" or self.at("op", "("):
                factors.append(("*", self.power(), token.position))
            elif token.kind == "num":
                raise ParseError(f"missing operator before the number at position {token.position}",
                                 token.position, ru=f"пропущен знак операции перед числом в позиции {token.position}")
            else:
                break
        return factors[0][1] if len(factors) == 1 else _multiply(factors)

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
        """power := postfix ('^' signed)?   (right-associative: 2^3^2 = 2^9; -x^2 = -(x^2))"""
        base = self.postfix()
        if self.at("op", "^"):
            column = self.advance().position
            self.nested()
            exponent = self.signed()
            self.depth -= 1
            return _power(base, exponent, column)
        return base

    def postfix(self) -> sympy.Basic:
        """postfix := atom ('.T' | 'ᵀ' | superscript)*"""
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
            elif self.at("sup"):
                token = self.advance()
                value = _power(value, self.superscript(token), token.position)
            else:
                return value

    def superscript(self, token: Token) -> sympy.Basic:
        inner = _Parser(tokenize(token.text), self.names)
        inner.depth = self.depth
        value = inner.expression()
        inner.expect_end()
        return value

    def atom(self) -> sympy.Basic:
        """atom := number | name | call | '(' sum ')' | '√' power"""
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
        if self.at("op", "("):
            self.advance()
            value = self.expression()
            self.expect(")")
            return value
        raise self.unexpected("a number, a name or '('")

    def name(self) -> sympy.Basic:
        token = self.advance()
        name, names = token.text, self.names
        calls = self.at("op", "(")
        if name in names.matrices:
            return make_matrix(name, names.matrices[name])
        declared = names.declared(name)
        if declared is not None:
            return names.symbol(declared)
        if name == "d" and self.at("op", "/") and self.peek().kind == "name" and self.peek().text.startswith("d") \
                and self.peek(2).text == "(":
            return self.leibniz(token)
        if names.is_function(name):
            return self.call(token)
        if name in CONSTANTS:
            return CONSTANTS[name]
        plain = GREEK.get(name, name)
        if names.free and (not calls or len(plain) == 1):
            return names.symbol(plain)
        raise names.unknown(plain, token.position, call=calls and len(plain) > 1)

    def leibniz(self, token: Token) -> sympy.Basic:
        """d/dx(expr), the whiteboard spelling of diff(expr, x); the caller has read the 'd'."""
        self.advance()  # '/'
        variable_token = self.advance()
        name = variable_token.text[1:]
        declared = self.names.declared(name) if not self.names.free else (name if name else None)
        if not declared:
            raise ParseError(f"d/{variable_token.text}: '{name}' is not a variable of this question "
                             f"(position {variable_token.position})", variable_token.position,
                             ru=f"d/{variable_token.text}: '{name}' — не переменная этого вопроса "
                                f"(позиция {variable_token.position})")
        self.advance()  # '('
        self.nested()
        expr = self.expression()
        self.expect(")")
        self.depth -= 1
        return self.derivative([expr, self.names.symbol(declared)], token.position)

    def call(self, token: Token) -> sympy.Basic:
        """name(args), also tanh^2(x) and tanh²(x) meaning tanh(x)^2."""
        name = token.text
        power = None
        if self.at("sup") and self.peek().kind == "op" and self.peek().text == "(":
            power = self.superscript(self.advance())
        elif self.at("op", "^") and self.peek().kind == "num" and self.peek(2).text == "(":
            self.advance()
            power = _number(self.advance().text, token.position)
        if not self.at("op", "("):
            if self.names.free and name in ("sigma", "σ"):
                return self.names.symbol("sigma")  # outside a question σ alone is a variable
            shown = "sigmoid" if name == "σ" else name
            raise ParseError(f"'{shown}' is a function: write {shown}(x) (position {token.position})",
                             token.position, ru=f"'{shown}' — функция: пишите {shown}(x) (позиция {token.position})")
        self.advance()
        self.nested()
        if name in ("Piecewise", "piecewise"):
            value = self.piecewise(token)
        else:
            args = [self.expression()]
            while self.at("op", ","):
                self.advance()
                args.append(self.expression())
            self.expect(")")
            value = self.apply(name, args, token.position)
        self.depth -= 1
        return value if power is None else _power(value, power, token.position)

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
