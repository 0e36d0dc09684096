"""Tokens of typed math, with unicode normalised on the way: `−` `·` `×` are operators, `x²` a power,
`√` a square root, `ᵀ` a transpose, Greek letters names. Characters that could only serve code
(quotes, brackets, `=`, `:`, `;`) are refused here, with the position they were found at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quizprep.errors import QuizprepError


class ParseError(QuizprepError):
    """The text is not an expression this question accepts; the message names the position or the name.

    `position` is the 1-based column of the offending character, when there is one; `ru` the message in
    Russian (English is the exception's text).
    """

    def __init__(self, message: str, position: int | None = None, ru: str | None = None):
        super().__init__(message)
        self.message = message
        self.position = position
        self.ru = ru

    def in_lang(self, lang: str) -> str:
        return self.ru if lang == "ru" and self.ru else self.message


@dataclass(frozen=True)
class Token:
    """One token: kind is num, name, op, sup (a superscript exponent), sqrt, T (ᵀ) or end."""

    kind: str
    text: str
    position: int  # 1-based column


NUMBER = re.compile(r"([0-9]+)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?|\.([0-9]+)(?:[eE]([+-]?[0-9]+))?")
_DIGITS = "0123456789"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OPERATORS = ("**", "<=", ">=", "==", "!=", "+", "-", "*", "/", "@", "^", "(", ")", ",", "<", ">", ".")
_SAME_AS = {
    "−": "-", "–": "-", "—": "-", "·": "*", "⋅": "*", "×": "*", "∙": "*", "∗": "*", "÷": "/", "∕": "/",
    "≤": "<=", "≥": ">=", "（": "(", "）": ")",
}
_SUPERSCRIPT = {
    "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9",
    "⁻": "-", "⁺": "+", "ˣ": "x", "ⁿ": "n", "⁽": "(", "⁾": ")",
}
GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "eps", "ϵ": "eps", "ζ": "zeta", "η": "eta",
    "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi", "π": "pi",
    "ρ": "rho", "σ": "sigma", "τ": "tau", "φ": "phi", "ϕ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
}
_REFUSED = {
    "'": ("strings are not allowed", "строки не допускаются"),
    '"': ("strings are not allowed", "строки не допускаются"),
    "[": ("square brackets (lists, indexing) are not allowed: use parentheses",
          "квадратные скобки (списки, индексы) не допускаются: используйте круглые"),
    "]": ("square brackets (lists, indexing) are not allowed: use parentheses",
          "квадратные скобки (списки, индексы) не допускаются: используйте круглые"),
    "{": ("braces are not allowed: use parentheses", "фигурные скобки не допускаются: используйте круглые"),
    "}": ("braces are not allowed: use parentheses", "фигурные скобки не допускаются: используйте круглые"),
    "=": ("type one expression, not an equation (for a chain of steps use `quizprep derive`)",
          "введите одно выражение, а не равенство (цепочку шагов проверяет `quizprep derive`)"),
    "!": ("factorial (!) is not supported", "факториал (!) не поддерживается"),
    ":": ("':' is not allowed (no lambdas or slices)", "':' не допускается (никаких lambda и срезов)"),
    ";": ("';' is not allowed: type one expression", "';' не допускается: введите одно выражение"),
}


def tokenize(text: str) -> list[Token]:
    """Split typed math into tokens, normalising unicode (`−`, `·`, `²`, `√`, Greek letters) on the way."""
    tokens: list[Token] = []
    i = 0
    while i < len(text):
        char = text[i]
        column = i + 1
        if char.isspace():
            i += 1
        elif char in _SUPERSCRIPT:
            j = i
            while j < len(text) and text[j] in _SUPERSCRIPT:
                j += 1
            tokens.append(Token("sup", "".join(_SUPERSCRIPT[c] for c in text[i:j]), column))
            i = j
        elif char in _DIGITS or (char == "." and text[i + 1:i + 2] in _DIGITS and i + 1 < len(text)):
            match = NUMBER.match(text, i)
            if match is None or not match.group(0):  # pragma: no cover - the regex matches any digit
                raise ParseError(f"bad number at position {column}", column)
            tokens.append(Token("num", match.group(0), column))
            i = match.end()
        elif char.isascii() and (char.isalpha() or char == "_"):
            match = _NAME.match(text, i)
            assert match is not None
            name = match.group(0)
            if name.startswith("_"):
                raise ParseError(f"names cannot start with '_' ('{name[:20]}' at position {column})", column,
                                 ru=f"имена не могут начинаться с '_' ('{name[:20]}', позиция {column})")
            if len(name) > 30:
                raise ParseError(f"the name at position {column} is too long", column,
                                 ru=f"слишком длинное имя в позиции {column}")
            tokens.append(Token("name", name, column))
            i = match.end()
        elif char in GREEK:
            tokens.append(Token("name", char, column))
            i += 1
        elif char == "√":
            tokens.append(Token("sqrt", char, column))
            i += 1
        elif char == "ᵀ":
            tokens.append(Token("T", char, column))
            i += 1
        elif char in _SAME_AS:
            tokens.append(Token("op", _SAME_AS[char], column))
            i += 1
        else:
            op = next((o for o in _OPERATORS if text.startswith(o, i)), None)
            if op is not None:
                if op == "/" and text.startswith("//", i):
                    raise ParseError(f"'//' is not allowed (position {column}): use /", column,
                                     ru=f"'//' не допускается (позиция {column}): используйте /")
                tokens.append(Token("op", "^" if op == "**" else op, column))
                i += len(op)
                continue
            if char in _REFUSED:
                en, ru = _REFUSED[char]
                raise ParseError(f"{en} ('{char}' at position {column})", column, ru=f"{ru} ('{char}', позиция {column})")
            shown = char if char.isprintable() else repr(char)
            raise ParseError(f"unexpected character '{shown}' at position {column}", column,
                             ru=f"неожиданный символ '{shown}' в позиции {column}")
    tokens.append(Token("end", "", len(text) + 1))
    return tokens
