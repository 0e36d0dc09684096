"""Initialisers: torch's formulas (std on a big matrix) and the notes' `a * randn(in, out)`."""

from __future__ import annotations

import math

import numpy as np
import pytest

from quizprep.engine import (
    Param,
    calculate_gain,
    kaiming_normal_,
    notes_he_scale,
    notes_xavier_scale,
    simple_normal,
    xavier_normal_,
)
from quizprep.engine.init import fans

IN, OUT = 800, 400  # (in, out), our Linear's layout


def test_xavier_normal_std(backend):
    w = backend(np.zeros((IN, OUT)))
    out = xavier_normal_(w, gain=2.0, rng=0)
    assert out is w  # filled in place
    backend.check_type(w)
    values = backend.numpy(w)
    np.testing.assert_allclose(values.std(), 2.0 * math.sqrt(2.0 / (IN + OUT)), rtol=0.01)
    assert abs(values.mean()) < 0.01 * values.std()


@pytest.mark.parametrize(("a", "mode", "nonlinearity", "fan"), [
    (0.0, "fan_in", "leaky_relu", IN),
    (0.2, "fan_in", "leaky_relu", IN),
    (0.0, "fan_out", "relu", OUT),
    (0.0, "fan_in", "tanh", IN),
])
def test_kaiming_normal_std(a, mode, nonlinearity, fan, backend):
    w = backend(np.zeros((IN, OUT)))
    kaiming_normal_(w, a=a, mode=mode, nonlinearity=nonlinearity, rng=1)
    expected = calculate_gain(nonlinearity, a) / math.sqrt(fan)
    np.testing.assert_allclose(backend.numpy(w).std(), expected, rtol=0.01)


def test_init_accepts_params_and_is_seeded():
    p = Param(np.zeros((50, 20)))
    xavier_normal_(p, rng=3)
    q = np.zeros((50, 20))
    xavier_normal_(q, rng=3)
    np.testing.assert_array_equal(p.data, q)
    with pytest.raises(ValueError):
        kaiming_normal_(np.zeros(5))
    with pytest.raises(ValueError):
        kaiming_normal_(np.zeros((2, 2)), mode="fan_avg")


def test_gain_and_fans_agree_with_torch(torch):
    for name, param in [("linear", None), ("sigmoid", None), ("tanh", None), ("relu", None),
                        ("leaky_relu", None), ("leaky_relu", 0.3), ("selu", None)]:
        assert calculate_gain(name, param) == pytest.approx(torch.nn.init.calculate_gain(name, param))
    # torch's Linear weight is (out, in) and reads fan_in from dim 1; ours is (in, out), fan_in = dim 0
    torch_fan_in, torch_fan_out = torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(OUT, IN))
    assert fans((IN, OUT)) == (torch_fan_in, torch_fan_out)


def test_torch_reference_std_matches_ours(torch):
    """Same layer, torch's layout: the sample std of torch's initialisers equals our formula."""
    weight = torch.empty(OUT, IN, dtype=torch.float64)
    torch.manual_seed(0)
    torch.nn.init.kaiming_normal_(weight)
    ours = kaiming_normal_(np.zeros((IN, OUT)), rng=0)
    np.testing.assert_allclose(ours.std(), weight.std().item(), rtol=0.02)
    torch.nn.init.xavier_normal_(weight)
    ours = xavier_normal_(np.zeros((IN, OUT)), rng=0)
    np.testing.assert_allclose(ours.std(), weight.std().item(), rtol=0.02)


def test_notes_simple_initialisation():
    assert notes_xavier_scale(100) == pytest.approx(0.1)
    assert notes_he_scale(100) == pytest.approx(math.sqrt(2 / 100))
    w = simple_normal(IN, OUT, notes_he_scale(IN), rng=0)
    assert w.shape == (IN, OUT) and w.dtype == np.float64
    np.testing.assert_allclose(w.std(), math.sqrt(2 / IN), rtol=0.01)
    np.testing.assert_array_equal(simple_normal(3, 2, 1.0, rng=5), simple_normal(3, 2, 1.0, rng=5))
    # the notes' "Xavier" (1/sqrt(in)) differs from torch's sqrt(2/(in+out)) unless in == out
    assert notes_xavier_scale(IN) != pytest.approx(math.sqrt(2 / (IN + OUT)))
    assert notes_xavier_scale(300) == pytest.approx(math.sqrt(2 / (300 + 300)))
