"""Fit the answerability model (pregame.retrieval.answerability.MODEL) on the tune sets only.

    .venv/bin/pregame index ../shared/corpus
    .venv/bin/python scripts/fit_answerability.py

Answerable: tests/evaluation/corpus_questions_tune.jsonl and corpus_questions.jsonl, a question
counting as answerable when the ranking's first document is one that answers it (a ranking led
by the wrong page is no better than a near miss). Unanswerable:
tests/evaluation/corpus_unanswerable_tune.jsonl. The report sets
(corpus_questions_independent.jsonl, corpus_unanswerable.jsonl) are never read here.

Prints the model to paste into answerability.py, its 5-fold cross-validated AUC, and the
honest / kept shares at a few thresholds.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from pregame.retrieval import store  # noqa: E402
from pregame.retrieval.answerability import evidence  # noqa: E402
from pregame.services import build_services  # noqa: E402
from pregame.settings import Settings  # noqa: E402

SETS = ROOT / "tests" / "evaluation"
ANSWERABLE = (
    "corpus_questions_tune.jsonl",
    "corpus_questions.jsonl",
    "corpus_questions_tune2.jsonl",
)
UNANSWERABLE = ("corpus_unanswerable_tune.jsonl", "corpus_unanswerable_tune2.jsonl")
CORPUS = (ROOT / ".." / "shared" / "corpus").resolve()


def questions(name: str) -> list[dict[str, object]]:
    lines = (SETS / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def main() -> None:
    services = build_services(Settings(root=ROOT))
    searcher = services.searcher(store.KNOWLEDGE)
    filters = {"scope": str(CORPUS)}
    rows: list[tuple[float, float]] = []
    labels: list[int] = []
    for names, answerable in ((ANSWERABLE, True), (UNANSWERABLE, False)):
        for name in names:
            for item in questions(name):
                ranked = searcher.rank(str(item["question"]), filters)
                relevant = item["relevant"]
                assert isinstance(relevant, list)
                led_right = bool(ranked) and ranked[0].source in relevant
                rows.append(evidence(ranked).row())
                labels.append(int(answerable and led_right))
    x, y = np.array(rows), np.array(labels)
    pipe = make_pipeline(StandardScaler(), LogisticRegression(class_weight="balanced"))
    predicted = cross_val_predict(pipe, x, y, cv=5, method="predict_proba")[:, 1]
    pipe.fit(x, y)
    scaler, model = pipe[0], pipe[1]
    print(f"{len(y)} questions, {int(y.sum())} answerable and led by a right page")
    print(f"5-fold cross-validated AUC: {roc_auc_score(y, predicted):.3f}")
    print("MODEL = AnswerModel(")
    print(f"    mean=({scaler.mean_[0]:.4f}, {scaler.mean_[1]:.4f}),")
    print(f"    scale=({scaler.scale_[0]:.4f}, {scaler.scale_[1]:.4f}),")
    print(f"    weights=({model.coef_[0][0]:.4f}, {model.coef_[0][1]:.4f}),")
    print(f"    bias={model.intercept_[0]:.4f},")
    print(")")
    n_no = sum(len(questions(n)) for n in UNANSWERABLE)
    fitted = pipe.predict_proba(x)[:, 1]
    for threshold in (0.4, 0.5, 0.6, 0.65, 0.7, 0.75):
        honest = float((fitted[-n_no:] < threshold).mean())
        kept = float((fitted[:-n_no] >= threshold).mean())
        print(f"threshold {threshold:.2f}: honest {honest:.0%}, answerable shown {kept:.0%}")


if __name__ == "__main__":
    main()
