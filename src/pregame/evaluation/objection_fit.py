"""Fit how the objection matcher weighs its evidence and how sure it is, from a report set.

Run by scripts/fit_objections.py on tests/evaluation/objection_reports.jsonl only (never on the
held-out or fresh sets). Two steps, both plain maximum likelihood:

1. A conditional logit over every playbook objection plus "none of them": an objection's
   log-odds are its features times the weights (the current play's margin added as the matcher
   adds it), and "none" has one fitted score. The L2 penalty is chosen by five-fold
   cross-validation (the largest within one standard error of the best).
2. Platt scaling: the cross-validated share of the best objection, on the log-odds scale, is
   mapped to the chance that it is the right one, so the floors in the settings are
   confidences.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy.optimize import minimize
from sklearn.model_selection import StratifiedKFold

from pregame.coach import objection_model
from pregame.coach.objections import Model, ObjectionMatcher
from pregame.evaluation.objections import Report
from pregame.playbook.schema import Playbook

PENALTIES = (1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2)
FLOORS = tuple(round(0.5 + 0.05 * i, 2) for i in range(10))
ASK_FLOORS = (0.05, 0.1, 0.15, 0.2, 0.3)
WRONG_BUDGET = 0.02  # wrong answers, of all reports, a floor may give (below the 3% target)
FOLDS = 5

Array = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Sample:
    """Each report's features for every objection, which one it is, and the current play's."""

    values: Array  # reports x objections x features
    target: npt.NDArray[np.int64]  # the objection's column, or -1 for none of them
    home: Array  # reports x objections: 1 for the current play's objections


@dataclass(frozen=True)
class Fit:
    model: Model
    penalty: float
    cv_loss: dict[float, tuple[float, float]]  # penalty: (mean, standard error)
    shares: Array  # cross-validated shares of every objection, reports x objections


def sample(
    matcher: ObjectionMatcher, playbooks: dict[str, Playbook], reports: list[Report]
) -> Sample:
    """The matcher's features for every report, as the eval decides it (its play current)."""
    every = list(playbooks.values())
    values, target, home = [], [], []
    for report in reports:
        found = matcher.features(every, report.said)
        ids = [(p, o.id) for p, o in found.pairs]
        values.append(found.values)
        known = report.objection is not None
        target.append(ids.index((report.playbook, report.objection or "")) if known else -1)
        home.append([float(p == report.playbook) for p, _ in ids])
    return Sample(np.array(values), np.array(target, dtype=np.int64), np.array(home))


def _logits(params: Array, data: Sample, margin: float) -> Array:
    weights, none = params[:-1], params[-1]
    scale = float(weights.sum())
    own = data.values @ weights + scale * margin * data.home
    return np.concatenate([own, np.full((len(own), 1), none)], axis=1)


def _losses(params: Array, data: Sample, margin: float) -> Array:
    logits = _logits(params, data, margin)
    top = logits.max(axis=1, keepdims=True)
    total = top[:, 0] + np.log(np.exp(logits - top).sum(axis=1))
    column = np.where(data.target >= 0, data.target, logits.shape[1] - 1)
    losses: Array = total - logits[np.arange(len(column)), column]
    return losses


def _fit(data: Sample, margin: float, penalty: float) -> Array:
    features = data.values.shape[2]

    def loss(params: Array) -> float:
        weights = params[:-1]
        return float(_losses(params, data, margin).mean() + penalty * weights @ weights)

    start = np.append(np.ones(features), 0.5 * features)
    result = minimize(loss, start, method="L-BFGS-B")
    fitted: Array = result.x
    return fitted


def shares(params: Array, data: Sample, margin: float) -> Array:
    """Each objection's share of the chance (with "none" the rest), reports x objections."""
    logits = _logits(params, data, margin)
    odds = np.exp(logits - logits.max(axis=1, keepdims=True))
    result: Array = (odds / odds.sum(axis=1, keepdims=True))[:, :-1]
    return result


def _subset(data: Sample, rows: npt.NDArray[np.int64]) -> Sample:
    return Sample(data.values[rows], data.target[rows], data.home[rows])


def _folds(data: Sample) -> list[tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]]:
    split = StratifiedKFold(FOLDS, shuffle=True, random_state=0)
    return list(split.split(data.target, (data.target >= 0).astype(int)))


def fit(data: Sample, margin: float) -> Fit:
    """The ranker (penalty by cross-validation) and its calibration, from ``data``."""
    folds = _folds(data)
    cv_loss: dict[float, tuple[float, float]] = {}
    out_of_fold: dict[float, Array] = {}
    for penalty in PENALTIES:
        losses = np.zeros(len(data.target))
        held = np.zeros(data.home.shape)
        for train, test in folds:
            params = _fit(_subset(data, train), margin, penalty)
            losses[test] = _losses(params, _subset(data, test), margin)
            held[test] = shares(params, _subset(data, test), margin)
        cv_loss[penalty] = (float(losses.mean()), float(losses.std(ddof=1) / np.sqrt(len(losses))))
        out_of_fold[penalty] = held
    best = min(cv_loss, key=lambda p: cv_loss[p][0])
    limit = cv_loss[best][0] + cv_loss[best][1]
    penalty = max(p for p in PENALTIES if cv_loss[p][0] <= limit)
    params = _fit(data, margin, penalty)
    held = out_of_fold[penalty]
    weights = params[:-1]
    scale = float(weights.sum())
    model = Model(
        weights=tuple(round(float(w / scale), 4) for w in weights),
        temperature=round(scale, 3),
        none_score=round(float(params[-1] / scale), 4),
        calibration=calibrate(held, data.target),
    )
    return Fit(model, penalty, cv_loss, held)


def _log_odds(share: Array) -> Array:
    clipped = np.clip(share, 1e-9, 1 - 1e-9)
    result: Array = np.log(clipped / (1 - clipped))
    return result


def calibrate(held: Array, target: npt.NDArray[np.int64]) -> tuple[float, float]:
    """Slope and intercept that turn the best objection's share into its chance of being right."""
    best = held.argmax(axis=1)
    right = (best == target).astype(int)
    top = _log_odds(held[np.arange(len(best)), best])

    def loss(params: Array) -> float:
        z = params[0] * top + params[1]
        return float(np.mean(np.logaddexp(0.0, z) - right * z))  # logistic log-loss

    slope, intercept = minimize(loss, np.array([1.0, 0.0]), method="L-BFGS-B").x
    return round(float(slope), 4), round(float(intercept), 4)


def confidences(held: Array, calibration: tuple[float, float]) -> Array:
    slope, intercept = calibration
    result: Array = 1 / (1 + np.exp(-(slope * _log_odds(held) + intercept)))
    return result


@dataclass(frozen=True)
class FloorOutcome:
    floor: float
    answered: float  # of known objections, answered with the right one
    known_wrong: float  # of known objections, answered with another
    unknown_wrong: float  # of uncovered ones, answered with any
    wrong: float  # wrong answers of either kind, of all reports


def floors(held: Array, data: Sample, calibration: tuple[float, float]) -> list[FloorOutcome]:
    """What each candidate floor would answer, on cross-validated confidences."""
    sure = confidences(held, calibration)
    best = sure.argmax(axis=1)
    top = sure[np.arange(len(best)), best]
    known = data.target >= 0
    outcomes = []
    for floor in FLOORS:
        answered = top >= floor
        right = answered & (best == data.target)
        wrong = answered & ~right
        outcomes.append(
            FloorOutcome(
                floor,
                float(right[known].mean()),
                float(wrong[known].mean()),
                float(wrong[~known].mean()) if (~known).any() else 0.0,
                float(wrong.mean()),
            )
        )
    return outcomes


@dataclass(frozen=True)
class AskOutcome:
    floor: float
    missed: float  # of known objections not answered, neither answered nor asked about
    honest: float  # of uncovered ones not answered, told honestly that no playbook has it


def ask_floors(
    held: Array, data: Sample, calibration: tuple[float, float], answer: float
) -> list[AskOutcome]:
    """Below the answer floor, what each floor for asking "which is it?" would do."""
    top = confidences(held, calibration).max(axis=1)
    known = data.target >= 0
    unanswered = top < answer
    outcomes = []
    for floor in ASK_FLOORS:
        quiet = unanswered & (top < floor)
        outcomes.append(
            AskOutcome(
                floor,
                float(quiet[known].sum() / max(1, (unanswered & known).sum())),
                float(quiet[~known].sum() / max(1, (unanswered & ~known).sum())),
            )
        )
    return outcomes


def chosen_floor(outcomes: list[FloorOutcome]) -> float:
    """The lowest floor whose wrong answers stay within the budget."""
    within = [o.floor for o in outcomes if o.wrong <= WRONG_BUDGET]
    return min(within) if within else max(FLOORS)


def module_text(found: Fit, sources: tuple[Path, ...]) -> str:
    """The source of :mod:`pregame.coach.objection_model` for ``found``."""
    m = found.model
    fitted_on = "".join(f"    {json.dumps(str(s))},\n" for s in sources)
    return (
        '"""How the objection matcher weighs and calibrates its evidence.\n\n'
        "Written by scripts/fit_objections.py; do not edit by hand, run the script again.\n"
        '"""\n\n'
        f"FITTED_ON = (\n{fitted_on})\n"
        f"FEATURES = ({', '.join(json.dumps(f) for f in objection_model.FEATURES)})\n"
        f"WEIGHTS = {m.weights!r}\n"
        f"TEMPERATURE = {m.temperature!r}\n"
        f"NONE_SCORE = {m.none_score!r}\n"
        f"CALIBRATION = {m.calibration!r}\n"
        f"PENALTY = {found.penalty!r}\n"
    )
