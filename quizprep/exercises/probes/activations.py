"""Element-wise activations (relu, sigmoid, tanh, leaky-relu, elu) and their known bugs."""

from __future__ import annotations

import numpy as np

from quizprep.exercises.diagnosis import Variant
from quizprep.exercises.probes.base import ProbeContext
from quizprep.exercises.probes.layers import Case, Config, LayerPlan, run_layer_probes

FEATURES = 7
KINK_GAP = 0.05  # inputs stay this far from 0, where ReLU-like functions have a kink


def away_from_zero(rng: np.random.Generator, batch: int) -> np.ndarray:
    """(batch, 7) values of both signs, |x| in [0.05, ~5]: no central difference crosses a kink."""
    magnitude = KINK_GAP + np.abs(rng.normal(0.0, 1.5, size=(batch, FEATURES)))
    return magnitude * rng.choice([-1.0, 1.0], size=(batch, FEATURES))


def away_from_zero_shaped(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Values of both signs, |x| in [0.05, ~5], of any shape."""
    magnitude = KINK_GAP + np.abs(rng.normal(0.0, 1.5, size=shape))
    return magnitude * rng.choice([-1.0, 1.0], size=shape)


def huge(rng: np.random.Generator) -> np.ndarray:
    return away_from_zero(rng, 3) * 400.0


def _kw(config: Config, name: str, default: float) -> float:
    return float(config[1].get(name, default))


IGNORES_UPSTREAM = ("backward ignores the upstream gradient: it returns dy/dx instead of grad·dy/dx",
                    "Multiply the local derivative by grad (the chain rule).")
RETURNS_GRAD = ("backward returns grad unchanged: it must multiply grad by dy/dx", None)


def _common_backward(local: np.ndarray, grad: np.ndarray) -> list[Variant]:
    return [Variant(IGNORES_UPSTREAM[0], local, IGNORES_UPSTREAM[1]), Variant(RETURNS_GRAD[0], grad)]


def relu_plan() -> LayerPlan:
    def backward_variants(case: Case) -> list[Variant]:
        x, g = case.x, case.grad
        return [*_common_backward((x > 0).astype(float), g),
                Variant("backward multiplies grad by the output max(0, x) instead of the 0/1 mask [x > 0]",
                        g * np.maximum(x, 0.0), "dy/dx of ReLU is 1 for x > 0 and 0 otherwise.")]

    return LayerPlan(configs=[((), {})], make_input=away_from_zero, backward_variants=backward_variants)


def leaky_relu_plan() -> LayerPlan:
    def forward_variants(case: Case) -> list[Variant]:
        x, config = case.x, case.config
        slope = _kw(config, "negative_slope", 0.01)
        return [
            Variant(f"negative_slope ignored: negative inputs are scaled by 0.01, not by the constructor's "
                    f"{slope}", np.where(x > 0, x, 0.01 * x), "Use self.negative_slope in forward and backward."),
            Variant("negative inputs give 0: that is ReLU; LeakyReLU multiplies them by negative_slope",
                    np.maximum(x, 0.0)),
        ]

    def backward_variants(case: Case) -> list[Variant]:
        x, g, config = case.x, case.grad, case.config
        slope = _kw(config, "negative_slope", 0.01)
        return [*_common_backward(np.where(x > 0, 1.0, slope), g),
                Variant(f"negative_slope ignored in backward: the gradient of negative inputs is scaled by "
                        f"0.01, not {slope}", np.where(x > 0, g, 0.01 * g)),
                Variant("backward passes no gradient to negative inputs (ReLU's backward): it is "
                        "negative_slope·grad there", np.where(x > 0, g, 0.0))]

    return LayerPlan(configs=[((), {"negative_slope": 0.2}), ((), {})], make_input=away_from_zero,
                     forward_variants=forward_variants, backward_variants=backward_variants)


def elu_plan() -> LayerPlan:
    def forward_variants(case: Case) -> list[Variant]:
        x, config = case.x, case.config
        alpha = _kw(config, "alpha", 1.0)
        negative = np.minimum(x, 0.0)
        return [
            Variant(f"alpha ignored: your negative branch is e^x − 1, not alpha·(e^x − 1) with alpha = {alpha}",
                    np.where(x > 0, x, np.expm1(negative))),
            Variant("the −1 is missing: ELU is alpha·(e^x − 1) for x ≤ 0",
                    np.where(x > 0, x, alpha * np.exp(negative))),
        ]

    def backward_variants(case: Case) -> list[Variant]:
        x, g, config = case.x, case.grad, case.config
        alpha = _kw(config, "alpha", 1.0)
        negative = np.minimum(x, 0.0)
        return [*_common_backward(np.where(x > 0, 1.0, alpha * np.exp(negative)), g),
                Variant("alpha ignored in backward: dy/dx = alpha·e^x for x ≤ 0",
                        np.where(x > 0, g, g * np.exp(negative)))]

    return LayerPlan(configs=[((), {"alpha": 1.5}), ((), {})], make_input=away_from_zero,
                     forward_variants=forward_variants, backward_variants=backward_variants, huge_input=huge,
                     overflow_message="overflow in ELU: e^x is inf for x ~ 1000, and inf·0 or inf − inf is nan",
                     overflow_hint="Take e^min(x, 0): the positive branch does not need the exponential.")


def _sigmoid(x: np.ndarray) -> np.ndarray:
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0, e) / (1.0 + e)


def sigmoid_plan() -> LayerPlan:
    def forward_variants(case: Case) -> list[Variant]:
        x = case.x
        return [Variant("sign error in the exponent: σ(x) = 1 / (1 + e^−x)", _sigmoid(-x))]

    def backward_variants(case: Case) -> list[Variant]:
        x, g = case.x, case.grad
        y = _sigmoid(x)
        return [
            *_common_backward(y * (1 - y), g),
            Variant("sigmoid backward computed from the input instead of the output: grad·x·(1 − x), where "
                    "the derivative is grad·y·(1 − y) with y = σ(x)", g * x * (1 - x),
                    "Keep y = σ(x) in forward (self.y = ...) and use it in backward."),
            Variant("sigmoid backward uses σ'(x) = σ(x) only: the (1 − σ(x)) factor is missing", g * y),
        ]

    return LayerPlan(configs=[((), {})], make_input=away_from_zero, forward_variants=forward_variants,
                     backward_variants=backward_variants, huge_input=huge,
                     overflow_message="overflow in sigmoid: e^−x is inf for x ~ −1000 and the result is nan",
                     overflow_hint="Use e^−|x|: σ(x) = 1/(1 + e^−|x|) for x ≥ 0 and e^−|x|/(1 + e^−|x|) else.")


def tanh_plan() -> LayerPlan:
    def backward_variants(case: Case) -> list[Variant]:
        x, g = case.x, case.grad
        y = np.tanh(x)
        return [
            *_common_backward(1 - y * y, g),
            Variant("tanh backward computed from the input instead of the output: grad·(1 − x²), where the "
                    "derivative is grad·(1 − y²) with y = tanh(x)", g * (1 - x * x),
                    "Keep y = tanh(x) in forward and use it in backward."),
            Variant("tanh backward uses 1 − y instead of 1 − y²", g * (1 - y)),
        ]

    return LayerPlan(configs=[((), {})], make_input=away_from_zero, backward_variants=backward_variants,
                     huge_input=huge, overflow_message="tanh gives nan/inf for inputs ~ ±1000 (overflow in exp?)",
                     overflow_hint="np.tanh / torch.tanh are stable; a formula with e^(2x) is not.")


PLANS = {"relu": relu_plan, "leaky-relu": leaky_relu_plan, "elu": elu_plan, "sigmoid": sigmoid_plan,
         "tanh": tanh_plan}


def run(ctx: ProbeContext) -> None:
    plan = PLANS[ctx.exercise.id]()
    plan.any_shapes = tuple(tuple(shape) for shape in ctx.exercise.probe_data.get("any_shapes", ()))
    plan.make_shaped = away_from_zero_shaped
    run_layer_probes(ctx, plan)
