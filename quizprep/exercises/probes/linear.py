"""The fully-connected layer y = x·W + b with W of shape (in, out): transposes, sums, accumulation."""

from __future__ import annotations

import numpy as np

from quizprep.exercises.diagnosis import Variant
from quizprep.exercises.probes.base import ProbeContext
from quizprep.exercises.probes.layers import Case, LayerPlan, run_layer_probes

IN_FEATURES, OUT_FEATURES = 5, 3  # not square, so a missing transpose shows as a shape error


def make_input(rng: np.random.Generator, batch: int) -> np.ndarray:
    return rng.normal(size=(batch, IN_FEATURES))


def forward_variants(case: Case) -> list[Variant]:
    x, w = case.x, case.values["W"]
    return [Variant("the bias b is not added: y = x·W + b", x @ w, "Add self.b.data (it broadcasts over the batch).")]


def run(ctx: ProbeContext) -> None:
    run_layer_probes(ctx, LayerPlan(
        configs=[((IN_FEATURES, OUT_FEATURES), {})], make_input=make_input, batches=(4, 6, 2),
        forward_variants=forward_variants,
    ))
