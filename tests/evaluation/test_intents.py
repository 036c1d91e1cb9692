"""evaluation/intents.py: reading a held-out NLU set and scoring readings of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from pregame.evaluation.intents import labelled_utterances, macro_f1


def test_examples_are_read_with_their_intent_and_without_entity_markup(tmp_path: Path) -> None:
    path = tmp_path / "set.yml"
    path.write_text(
        'version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - hey\n\n'
        "- intent: start_play\n  examples: |\n    - prep my [discovery](phase) call\n"
    )
    assert labelled_utterances(path) == [("hey", "greet"), ("prep my discovery call", "start_play")]


def test_macro_f1_averages_each_true_intents_f1_and_counts_fallback_as_a_miss() -> None:
    truth = ["greet", "greet", "help", "help"]
    assert macro_f1(truth, truth) == 1.0
    # greet: 1 right, 1 read as the fallback (F1 2/3); help: both right (F1 1).
    predicted = ["greet", "nlu_fallback", "help", "help"]
    assert macro_f1(truth, predicted) == pytest.approx((2 / 3 + 1.0) / 2)
    assert macro_f1(["a"], ["b"]) == 0.0
    assert macro_f1([], []) == 0.0
