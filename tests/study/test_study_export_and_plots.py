"""`quizprep export anki`, `plot`, `config`, `reset` and `stats` through the CLI."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from quizprep.cli import app
from quizprep.study.anki import DECK_IDS, MODEL_ID
from quizprep.study.curves import CURVES, sample

runner = CliRunner()
STUDY_BANK = Path(__file__).parent / "bank"


def invoke(*args: str, **kwargs):
    return runner.invoke(app, ["--bank", str(STUDY_BANK), *args], **kwargs)


def read_package(path: Path) -> tuple[list[tuple[str, list[str], str]], dict, dict]:
    """The notes (guid, fields, tags), models and decks inside an .apkg."""
    with zipfile.ZipFile(path) as package:
        data = package.read("collection.anki2")
    db_path = path.with_suffix(".anki2")
    db_path.write_bytes(data)
    db = sqlite3.connect(db_path)
    notes = [(guid, fields.split("\x1f"), tags.strip()) for guid, fields, tags in
             db.execute("SELECT guid, flds, tags FROM notes ORDER BY id")]
    models, decks = (json.loads(v) for v in db.execute("SELECT models, decks FROM col").fetchone())
    db.close()
    return notes, models, decks


def test_anki_export_writes_every_question_with_stable_ids(tmp_path):
    target = tmp_path / "deck.apkg"
    result = invoke("export", "anki", str(target), "--topic", "study-kit")
    assert result.exit_code == 0, result.output
    assert "wrote 6 notes" in result.stdout
    notes, models, decks = read_package(target)
    assert len(notes) == 6
    by_id = {fields[0]: (guid, fields, tags) for guid, fields, tags in notes}
    _, fields, tags = by_id["sk-choice"]
    assert fields[1:3] == ["study-kit", "choice"] and "<li>tanh</li>" in fields[3]
    assert "2. tanh" in fields[4] and "tanh(0) = 0" in fields[4]
    assert set(tags.split()) == {"study-kit", "choice"}
    assert "<b>5</b>" in by_id["sk-numeric"][1][4]
    assert "Cheap to compute" in by_id["sk-self"][1][4]
    assert "class ReLU" in by_id["sk-code"][1][4] and "<pre><code" in by_id["sk-code"][1][4]  # the solution
    assert str(MODEL_ID) in models and str(DECK_IDS["en"]) in decks
    again = tmp_path / "again.apkg"
    invoke("export", "anki", str(again), "--topic", "study-kit")
    assert sorted(n[0] for n in read_package(again)[0]) == sorted(n[0] for n in notes)  # re-import updates
    russian = tmp_path / "ru.apkg"
    invoke("export", "anki", str(russian), "--topic", "study-kit", "--lang", "ru")
    ru_notes, _, ru_decks = read_package(russian)
    assert str(DECK_IDS["ru"]) in ru_decks and not {n[0] for n in ru_notes} & {n[0] for n in notes}
    assert any("Почему ReLU" in n[1][3] for n in ru_notes)


def test_anki_export_of_the_shipped_bank(tmp_path):
    result = runner.invoke(app, ["export", "anki", str(tmp_path / "all.apkg")])
    assert result.exit_code == 0, result.output
    assert len(read_package(tmp_path / "all.apkg")[0]) > 10


@pytest.mark.parametrize("target", ["deck.txt", "missing/deck.apkg"])
def test_anki_export_bad_path_is_a_clean_error(tmp_path, target):
    result = invoke("export", "anki", str(tmp_path / target))
    assert result.exit_code == 2 and "Traceback" not in result.output


@pytest.mark.parametrize("name", list(CURVES))
def test_each_curve_derivative_matches_finite_differences(name):
    curve = CURVES[name]
    x = np.array([-2.3, -0.7, 0.4, 1.9])  # away from kinks
    h = 1e-6
    numeric = (curve.f(x + h) - curve.f(x - h)) / (2 * h)
    assert np.allclose(curve.df(x), numeric, atol=1e-5)
    xs, ys = sample(curve, 11)
    assert len(xs) == len(ys) == 11


def test_plot_sigmoid_with_its_derivative():
    result = runner.invoke(app, ["plot", "sigmoid", "--derivative"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "sigmoid and its derivative" in out and "sigmoid'" in out
    assert "f'(x) = f(x)(1 - f(x))" in out and "Neural networks from the neuron up — Activation functions" in out
    assert "\x1b[" not in out  # no colour codes when stdout is not a terminal
    assert max(len(line) for line in out.splitlines()) <= 80


def test_plot_every_activation_and_an_unknown_one():
    for name in ("tanh", "relu", "leaky_relu", "ELU", "softplus", "arctan", "step"):
        assert runner.invoke(app, ["plot", name]).exit_code == 0
    result = runner.invoke(app, ["plot", "swish"])
    assert result.exit_code == 2 and "unknown activation 'swish'" in result.stderr


def test_stats_screen_with_plots_after_a_session():
    invoke("quiz", "--topic", "study-kit", "--kind", "numeric", input="2\n5\n")
    result = invoke("stats")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "study-kit" in out and "1/6" in out and "50%" in out
    assert "reviews per day" in out and "accuracy per day" in out and "streak: 1 day" in out


def test_reviews_per_day_has_whole_numbers_on_its_axis():
    import re
    from datetime import date, timedelta

    from quizprep.study.stats import DayStats
    from quizprep.ui.plots import reviews_plot

    days = [DayStats(date(2025, 1, 1) + timedelta(i), n, n, n) for i, n in enumerate([0] * 20 + [3, 11])]
    axis = [line.split("┤")[0].strip() for line in reviews_plot(days, (60, 12)).splitlines() if "┤" in line]
    assert axis and all(re.fullmatch(r"\d+", tick) for tick in axis), axis


def test_config_lists_shows_and_sets():
    listing = runner.invoke(app, ["config"])
    assert listing.exit_code == 0 and "desired-retention" in listing.stdout and "new-per-day" in listing.stdout
    assert runner.invoke(app, ["config", "desired-retention", "0.8"]).exit_code == 0
    shown = runner.invoke(app, ["config", "desired-retention", "--json"])
    assert json.loads(shown.stdout) == {"desired-retention": 0.8}
    assert json.loads(runner.invoke(app, ["config", "--json"]).stdout)["desired-retention"] == 0.8
    bad = runner.invoke(app, ["config", "desired-retention", "2"])
    assert bad.exit_code == 2 and "out of range" in bad.stderr
    assert runner.invoke(app, ["config", "nope"]).exit_code == 2


def test_reset_asks_first():
    invoke("quiz", "--topic", "study-kit", "--kind", "numeric", input="5\n")
    declined = runner.invoke(app, ["reset"], input="n\n")
    assert declined.exit_code == 1 and "nothing deleted" in declined.stdout
    no_answer = runner.invoke(app, ["reset"], input="")
    assert no_answer.exit_code == 1
    assert json.loads(runner.invoke(app, ["stats", "--json"]).stdout)["attempts"] == 1
    confirmed = runner.invoke(app, ["reset", "--topic", "study-kit"], input="y\n")
    assert confirmed.exit_code == 0 and "deleted 1 attempts, 1 cards, 1 reviews" in confirmed.stdout
    assert runner.invoke(app, ["reset", "--yes"]).exit_code == 0
    assert json.loads(runner.invoke(app, ["stats", "--json"]).stdout)["attempts"] == 0
