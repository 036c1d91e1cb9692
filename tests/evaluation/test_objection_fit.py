from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from pregame.coach import objection_model
from pregame.coach.coach import Coach
from pregame.coach.objections import ObjectionMatcher
from pregame.evaluation.objection_fit import (
    FLOORS,
    WRONG_BUDGET,
    Sample,
    ask_floors,
    chosen_floor,
    confidences,
    fit,
    floors,
    module_text,
    sample,
)
from pregame.evaluation.objections import Report
from tests.support.fakes import HashingEmbedder


def _synthetic(seed: int = 0) -> Sample:
    """60 reports of 5 objections and 15 of none: feature 0 points at the objection, 1 is noise."""
    rng = np.random.default_rng(seed)
    reports, objections = 75, 5
    target = np.array([i % objections for i in range(60)] + [-1] * 15, dtype=np.int64)
    values = rng.normal(0.3, 0.05, size=(reports, objections, 2))
    known = target >= 0
    values[np.flatnonzero(known), target[known], 0] += 0.3
    home = np.zeros((reports, objections))
    home[:, :2] = 1.0
    return Sample(values, target, home)


def test_fit_weighs_the_telling_feature_and_calibrates() -> None:
    found = fit(_synthetic(), margin=0.02)
    weights = found.model.weights
    assert sum(weights) == pytest.approx(1.0, abs=1e-3)
    assert weights[0] > 5 * abs(weights[1])
    assert found.penalty in found.cv_loss
    assert 0.3 < found.model.none_score < 0.6  # between a right objection and the rest
    slope, _ = found.model.calibration
    assert slope > 0
    sure = confidences(found.shares, found.model.calibration).max(axis=1)
    right = found.shares.argmax(axis=1) == _synthetic().target
    assert sure[right].mean() > sure[~right].mean()


def test_the_chosen_floor_keeps_wrong_answers_within_budget() -> None:
    data = _synthetic()
    found = fit(data, margin=0.02)
    outcomes = floors(found.shares, data, found.model.calibration)
    assert [o.floor for o in outcomes] == list(FLOORS)
    answered = [o.answered for o in outcomes]
    assert answered == sorted(answered, reverse=True)
    floor = chosen_floor(outcomes)
    chosen = next(o for o in outcomes if o.floor == floor)
    assert chosen.wrong <= WRONG_BUDGET
    assert all(o.wrong > WRONG_BUDGET for o in outcomes if o.floor < floor)
    asks = ask_floors(found.shares, data, found.model.calibration, floor)
    assert [a.missed for a in asks] == sorted(a.missed for a in asks)


def test_module_text_is_the_model_as_python() -> None:
    found = fit(_synthetic(), margin=0.02)
    namespace: dict[str, object] = {}
    exec(module_text(found, (Path("reports.jsonl"),)), namespace)
    assert namespace["WEIGHTS"] == found.model.weights
    assert namespace["TEMPERATURE"] == found.model.temperature
    assert namespace["NONE_SCORE"] == found.model.none_score
    assert namespace["CALIBRATION"] == found.model.calibration
    assert namespace["PENALTY"] == found.penalty
    assert namespace["FITTED_ON"] == ("reports.jsonl",)


def test_sample_marks_each_reports_objection_and_play(coach: Coach) -> None:
    playbooks = {p.id: p for p in coach.library.playbooks()}
    reports = [
        Report("the price is too high", "b2b-buyer-experience", "too-expensive"),
        Report("zebra xylophone quasar", "complex-deals", None),
    ]
    data = sample(ObjectionMatcher(HashingEmbedder(), 0.5), playbooks, reports)
    pairs = [(p.id, o.id) for p in playbooks.values() for o in p.objections]
    assert data.values.shape == (2, len(pairs), len(objection_model.FEATURES))
    assert data.target.tolist() == [pairs.index(("b2b-buyer-experience", "too-expensive")), -1]
    assert data.home[1].tolist() == [float(p == "complex-deals") for p, _ in pairs]
