"""Styles a solution may be written in: the class style of the notes ("class") or cs231n's functions ("cs231n").

A style other than "class" is adapted inside the sandbox (styles/cs231n.py wraps the user's functions
into objects with the class contract the probes drive), so the same probes and diagnoses apply.
This module is the registry both sides share: which functions each exercise needs in each style,
and how a file's style is recognised. Standard library only (the sandbox child imports it).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from quizprep.errors import QuizprepError

CLASS_STYLE = "class"
STYLES = (CLASS_STYLE, "cs231n")


@dataclass(frozen=True)
class StyleFunctions:
    """The functions an exercise needs in a function style: all of `required`, at least one of `any_of`
    (when given); `optional` ones are used when present."""

    required: tuple[str, ...]
    any_of: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (*self.required, *self.any_of, *self.optional)

    def missing(self, defined: set[str]) -> list[str]:
        """What a file defining `defined` lacks, e.g. ['affine_backward'] or ['batchnorm_backward']."""
        lacking = [name for name in self.required if name not in defined]
        if self.any_of and not defined.intersection(self.any_of):
            lacking.append(" or ".join(self.any_of))
        return lacking


CS231N: dict[str, StyleFunctions] = {
    "linear": StyleFunctions(("affine_forward", "affine_backward")),
    "relu": StyleFunctions(("relu_forward", "relu_backward")),
    "batchnorm": StyleFunctions(("batchnorm_forward",), any_of=("batchnorm_backward", "batchnorm_backward_alt")),
    "dropout": StyleFunctions(("dropout_forward", "dropout_backward")),
    "cross-entropy": StyleFunctions(("softmax_loss",)),
    "sgd": StyleFunctions(("sgd_momentum",), optional=("sgd",)),
    "rmsprop": StyleFunctions(("rmsprop",)),
    "adam": StyleFunctions(("adam",)),
    # issue 13: the convolutional-network functions cs231n has
    "conv2d": StyleFunctions(("conv_forward_naive", "conv_backward_naive")),
    "maxpool2d": StyleFunctions(("max_pool_forward_naive", "max_pool_backward_naive")),
    "batchnorm2d": StyleFunctions(("spatial_batchnorm_forward", "spatial_batchnorm_backward")),
    "layernorm": StyleFunctions(("layernorm_forward", "layernorm_backward")),
}
FUNCTIONS: dict[str, dict[str, StyleFunctions]] = {"cs231n": CS231N}


class StyleError(QuizprepError):
    """A style that does not exist, or that an exercise has no version in."""


def style_functions(style: str, exercise_id: str) -> StyleFunctions:
    """The functions of `exercise_id` in `style`, or a StyleError naming the exercises the style covers."""
    if style not in FUNCTIONS:
        raise StyleError(f"unknown style '{style}' (use {' or '.join(STYLES)})")
    table = FUNCTIONS[style]
    if exercise_id not in table:
        raise StyleError(f"exercise '{exercise_id}' has no {style}-style version (the {style} style covers: "
                         f"{', '.join(table)})")
    return table[exercise_id]


def top_level_names(source: bytes | str) -> tuple[set[str], set[str]]:
    """(class names, function names) defined at the top level of a file that compiles (read, never run)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return set(), set()
    classes = {node.name for node in tree.body if isinstance(node, ast.ClassDef)}
    functions = {node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
    return classes, functions


def detect_style(source: bytes | str, exercise_id: str, class_name: str) -> str:
    """The style a file is written in: "class" when it defines the exercise's class (or nothing known),
    else the function style whose function names it defines for this exercise."""
    classes, functions = top_level_names(source)
    if class_name in classes:
        return CLASS_STYLE
    for style, table in FUNCTIONS.items():
        if exercise_id in table and functions.intersection(table[exercise_id].names):
            return style
    return CLASS_STYLE


def resolve_style(requested: str | None, source: bytes | str, exercise_id: str, class_name: str) -> str:
    """The style to check a file in: the one requested (validated for the exercise) or the detected one."""
    if requested is None:
        return detect_style(source, exercise_id, class_name)
    if requested != CLASS_STYLE:
        style_functions(requested, exercise_id)
    return requested
