"""Tokens of typed math, with unicode normalised on the way: `−` `·` `×` are operators, `x²` a power,
`√` a square root, `ᵀ` a transpose, Greek letters names (`β1`, `β₁`, `σ_w` one name each), subscript
digits part of a name (`w₁` is w1), `½` a fraction, `|x|` an absolute value. A prime right after a name,
`)` or `ᵀ` (`σ'(x)`, `X'`) is a token of its own; any other quote, and characters that could only serve
code (`=`, `:`, `;`), are refused here, with the position they were found at. Brackets `[ ]` and braces
`{ }` are tokens: the parser reads them as grouping (`e^{-x}`, `σ(x)[1 − σ(x)]`) and refuses indexing.
A subset of LaTeX (`\\frac{a}{b}`, `\\sigma`, `\\cdot`, `X^\\top`, `$…$`) is turned into this plain form first.
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
    """One token: kind is num, name, op, sup (a superscript exponent), sqrt, T (ᵀ), prime (') or end."""

    kind: str
    text: str
    position: int  # 1-based column
    width: int | None = None  # characters typed, where not len(text) (β1 read as beta1)


NUMBER = re.compile(r"([0-9]+)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?|\.([0-9]+)(?:[eE]([+-]?[0-9]+))?")
_DIGITS = "0123456789"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OPERATORS = ("**", "<=", ">=", "==", "!=", "+", "-", "*", "/", "@", "^", "(", ")", "[", "]", "{", "}", ",", "<",
              ">", ".", "|")
_SAME_AS = {
    "−": "-", "–": "-", "—": "-", "·": "*", "⋅": "*", "×": "*", "∙": "*", "∗": "*", "÷": "/", "∕": "/",
    "≤": "<=", "≥": ">=", "（": "(", "）": ")", "∣": "|",
    "‐": "-", "‑": "-", "‒": "-", "﹣": "-", "\u2062": "*",  # hyphens, invisible times
}
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"  # zero-width characters that come with pasted text
_CONSTANT_LETTERS = {"ℯ": "e", "ⅇ": "e"}  # SymPy's pretty printer writes e as ℯ
_SUPERSCRIPT = {
    "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9",
    "⁻": "-", "⁺": "+", "⁽": "(", "⁾": ")",
    # modifier letters: eˣ, (1 − β1)ᵗ, xⁿ (ᵀ, a capital, is the transpose)
    "ᵃ": "a", "ᵇ": "b", "ᶜ": "c", "ᵈ": "d", "ᵉ": "e", "ᶠ": "f", "ᵍ": "g", "ʰ": "h", "ⁱ": "i", "ʲ": "j",
    "ᵏ": "k", "ˡ": "l", "ᵐ": "m", "ⁿ": "n", "ᵒ": "o", "ᵖ": "p", "ʳ": "r", "ˢ": "s", "ᵗ": "t", "ᵘ": "u",
    "ᵛ": "v", "ʷ": "w", "ˣ": "x", "ʸ": "y", "ᶻ": "z",
}
_SUBSCRIPT_DIGITS = {"₀": "0", "₁": "1", "₂": "2", "₃": "3", "₄": "4", "₅": "5", "₆": "6", "₇": "7", "₈": "8", "₉": "9"}
_FRACTIONS = {"½": ("1", "2"), "⅓": ("1", "3"), "⅔": ("2", "3"), "¼": ("1", "4"), "¾": ("3", "4"),
              "⅕": ("1", "5"), "⅙": ("1", "6"), "⅛": ("1", "8")}
_PRIMES = "'′"
GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "eps", "ϵ": "eps", "ζ": "zeta", "η": "eta",
    "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi", "π": "pi",
    "ρ": "rho", "σ": "sigma", "τ": "tau", "φ": "phi", "ϕ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
    "µ": "mu",  # the micro sign, which many keyboards give for μ
}
_REFUSED = {
    "'": ("strings are not allowed", "строки не допускаются"),
    '"': ("strings are not allowed", "строки не допускаются"),
    "=": ("type one expression, not an equation (for a chain of steps use `quizprep derive`)",
          "введите одно выражение, а не равенство (цепочку шагов проверяет `quizprep derive`)"),
    "!": ("'!' is the factorial right after a number, a name or ')': n!, (n+1)!",
          "'!' — факториал сразу после числа, имени или ')': n!, (n+1)!"),
    ":": ("':' is not allowed (no lambdas or slices)", "':' не допускается (никаких lambda и срезов)"),
    ";": ("';' is not allowed: type one expression", "';' не допускается: введите одно выражение"),
}


def tokenize(text: str) -> list[Token]:
    """Split typed math into tokens, normalising unicode (`−`, `·`, `²`, `√`, Greek letters) on the way."""
    stripped = text.strip()
    if len(stripped) > 1 and stripped[0] == stripped[-1] == "$":  # $…$ or $$…$$ around LaTeX
        text = text.replace("$", " ")
    if "\\" in text:
        text = from_latex(text)
    text = _normalised(text)
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
            name, end = match.group(0), match.end()
            if name.startswith("_"):
                raise ParseError(f"names cannot start with '_' ('{name[:20]}' at position {column})", column,
                                 ru=f"имена не могут начинаться с '_' ('{name[:20]}', позиция {column})")
            braced = _BRACED_INDEX.match(text, end) if name.endswith("_") else None
            if braced is not None:  # n_{in}, as in LaTeX
                name, end = name + braced.group(1), braced.end()
            _check_length(name, column)
            tokens.append(Token("name", name, column, end - i))
            i = end
        elif char in GREEK:
            # β1, β_1, σ_w: a Greek letter with an index is one name (beta1, beta_1, sigma_w)
            suffix = _GREEK_SUFFIX.match(text, i + 1)
            if suffix is not None:
                name = GREEK[char] + suffix.group(0).replace("{", "").replace("}", "")
                _check_length(name, column)
                tokens.append(Token("name", name, column, suffix.end() - i))
                i = suffix.end()
            else:
                tokens.append(Token("name", char, column))
                i += 1
        elif char == "√":
            tokens.append(Token("sqrt", char, column))
            i += 1
        elif char in "ᵀ⊤":
            tokens.append(Token("T", char, column))
            i += 1
        elif char in _FRACTIONS:
            top, bottom = _FRACTIONS[char]
            tokens += [Token("op", "(", column, 0), Token("num", top, column, 0), Token("op", "/", column, 0),
                       Token("num", bottom, column, 0), Token("op", ")", column, 1)]
            i += 1
        elif char in _PRIMES and i > 0 and (text[i - 1].isalnum() or text[i - 1] in "_)ᵀ" + _PRIMES):
            tokens.append(Token("prime", "'", column))  # σ'(x), X' (a quote that opens a string never follows these)
            i += 1
        elif char == "!" and not text.startswith("!=", i) and tokens and (
                tokens[-1].kind in ("num", "name") or tokens[-1].text == ")"):
            tokens.append(Token("factorial", "!", column))  # n!, (n+1)!
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
            shown = f"'{char}'" if char.isprintable() else f"U+{ord(char):04X}"  # an escape is never printed
            raise ParseError(f"unexpected character {shown} at position {column}", column,
                             ru=f"неожиданный символ {shown} в позиции {column}")
    tokens.append(Token("end", "", len(text) + 1))
    return tokens


_GREEK_SUFFIX = re.compile(r"_[A-Za-z0-9]+|_\{[A-Za-z0-9]+\}|[0-9]+")
_BRACED_INDEX = re.compile(r"\{([A-Za-z0-9]+)\}")


def glued(before: Token, after: Token) -> bool:
    """Whether `after` follows `before` with no space between them (as in `2x`, not `2 x`)."""
    width = len(before.text) if before.width is None else before.width
    return after.position == before.position + width and before.kind != "end"


def _check_length(name: str, column: int) -> None:
    if len(name) > 30:
        raise ParseError(f"the name at position {column} is too long", column,
                         ru=f"слишком длинное имя в позиции {column}")


_LATEX_GREEK = {name: char for char, name in GREEK.items() if name not in ("eps", "mu") or char in "εμ"} | {
    "epsilon": "ε", "varepsilon": "ε", "varphi": "φ", "vartheta": "θ"}
_LATEX_WORDS = _LATEX_GREEK | {
    "cdot": "·", "cdotp": "·", "times": "×", "ast": "*", "div": "÷", "top": "⊤", "intercal": "⊤", "prime": "'",
    "partial": "∂", "left": "", "right": "", "bigl": "", "bigr": "", "Bigl": "", "Bigr": "", "big": "", "Big": "",
    "mid": "|", "vert": "|", "lvert": "|", "rvert": "|", "le": "<=", "leq": "<=", "ge": ">=", "geq": ">=",
    "lt": "<", "gt": ">", "quad": " ", "qquad": " ", "displaystyle": "", "sqrt": "√",
    **{f: f for f in ("exp", "ln", "log", "sin", "cos", "tan", "sinh", "cosh", "tanh", "arctan", "arcsin",
                      "arccos", "max", "min", "sgn", "coth", "sech")},
}
_LATEX_WRAPPERS = ("text", "mathrm", "operatorname", "mathit", "textrm", "textit", "mathbf", "boldsymbol", "bm",
                   "mathsf")
_LATEX_COMMAND = re.compile(r"\\([A-Za-z]+|.)")


def from_latex(text: str) -> str:
    """The plain typed math for a LaTeX subset: Greek letters, \\frac{a}{b}, \\sqrt{x}, \\cdot,
    \\left( \\right), X^\\top, \\operatorname{sech}, \\, and the like. Anything else stays and is refused
    by the tokenizer as an unexpected backslash."""
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        match = _LATEX_COMMAND.match(text, i) if char == "\\" else None
        if match is None:
            out.append(char)
            i += 1
            continue
        word = match.group(1)
        i = match.end()
        if word in ("frac", "dfrac", "tfrac"):
            top, i = _latex_group(text, i)
            bottom, i = _latex_group(text, i)
            out.append(f"(({from_latex(top)})/({from_latex(bottom)}))")
        elif word == "sqrt" and text[i:].lstrip().startswith("["):  # \\sqrt[3]{x}: a cube root
            start = text.index("[", i)
            end = text.find("]", start)
            if end < 0:
                out.append(match.group(0))
                continue
            radicand, i = _latex_group(text, end + 1)
            out.append(f"(({from_latex(radicand)})^(1/({from_latex(text[start + 1:end])})))")
        elif word in _LATEX_WRAPPERS:
            inner, i = _latex_group(text, i)
            out.append(from_latex(inner))
        elif word in _LATEX_WORDS:
            spaced = word.isalpha() and text[i:i + 1].isalnum()  # \ln2, \cdot x: keep the next word apart
            out.append(_LATEX_WORDS[word] + (" " if spaced else ""))
        elif word in (",", ";", ":", "!", " "):
            out.append(" ")
        elif word in ("{", "}", "|"):
            out.append(word)
        else:
            out.append(match.group(0))  # unknown: left for the tokenizer to refuse
    return "".join(out)


def _latex_group(text: str, i: int) -> tuple[str, int]:
    """The argument of a LaTeX command at `i`: a {balanced group}, or one character (\\frac12)."""
    while i < len(text) and text[i].isspace():
        i += 1
    if i >= len(text):
        return "", i
    if text[i] != "{":
        return text[i], i + 1
    depth = 0
    for j in range(i, len(text)):
        depth += (text[j] == "{") - (text[j] == "}")
        if depth == 0:
            return text[i + 1:j], j + 1
    return text[i + 1:], len(text)


def _normalised(text: str) -> str:
    """One character for one, so that positions stay: fullwidth forms (ｘ, １) as ASCII, ℯ as e, zero-width
    characters as spaces, and subscript digits right after a name part of it (w₁ → w1, x₁₂ → x12;
    anywhere else they stay and are refused as unexpected)."""
    if text.isascii():
        return text
    chars = list(text)
    for i, char in enumerate(chars):
        if "\uff01" <= char <= "\uff5e" and char not in _SAME_AS:
            chars[i] = chr(ord(char) - 0xFEE0)
        elif char in _CONSTANT_LETTERS:
            chars[i] = _CONSTANT_LETTERS[char]
        elif char == "∂":
            chars[i] = "d"  # ∂/∂b(…), ∂(…)/∂b: the Leibniz notation of a partial derivative
        elif char in _INVISIBLE:
            chars[i] = " "
        elif char in _SUBSCRIPT_DIGITS and i > 0 and (chars[i - 1].isalnum() or chars[i - 1] == "_"):
            chars[i] = _SUBSCRIPT_DIGITS[char]
    return "".join(chars)
