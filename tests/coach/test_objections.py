from __future__ import annotations

import json
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from pregame.coach.coach import Coach
from pregame.coach.objections import ObjectionMatcher, buyer_words
from pregame.coach.state import PlayState
from pregame.evaluation.objections import evaluate, load_reports
from pregame.evaluation.questions import QuestionSetError
from tests.support.fakes import HashingEmbedder


@pytest.mark.parametrize(
    ("said", "core"),
    [
        (
            "they keep saying its too pricey vs what they pay now",
            "its too pricey vs what they pay now",
        ),
        ("what do i say when they go 'our devs can build this'", "our devs can build this"),
        ("how do I handle pushback: the pilot is too long?", "the pilot is too long"),
        ("CFO told me: we have no budget", "we have no budget"),
        ("too pricey", "too pricey"),
        ("they said no", "they said no"),  # one word left: keep the whole message
    ],
)
def test_buyer_words_drop_the_sellers_frame(said: str, core: str) -> None:
    assert buyer_words(said) == core


def test_options_come_from_the_current_play_first(coach: Coach) -> None:
    matcher = ObjectionMatcher(HashingEmbedder(), sure=2.0, maybe=0.0)
    playbooks = coach.library.playbooks()
    current = coach.library.get("complex-deals")
    decision = matcher.decide(playbooks, "the budget is too expensive", current)
    assert decision.answer is None and len(decision.options) == 3
    assert {m.playbook for m in decision.options} == {"complex-deals"}


class CountingEmbedder(HashingEmbedder):
    """Counts the texts it embeds and is slow enough for threads to overlap."""

    def __init__(self) -> None:
        self.texts = 0
        self._count = threading.Lock()

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        with self._count:
            self.texts += len(texts)
        time.sleep(0.05)
        return super().embed(texts)


def test_turns_at_once_embed_a_playbooks_objections_once(coach: Coach) -> None:
    playbook = coach.library.get("complex-deals")
    embedder = CountingEmbedder()
    matcher = ObjectionMatcher(embedder, sure=0.5)
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda _: matcher.rank(playbook, "too pricey"), range(8)))
    index_texts = sum(1 + len(o.phrasings) for o in playbook.objections) + len(playbook.objections)
    assert embedder.texts == index_texts + 8  # the index once, then each turn's message


def test_warm_builds_every_index_before_the_first_turn(coach: Coach) -> None:
    embedder = CountingEmbedder()
    matcher = ObjectionMatcher(embedder, sure=0.5)
    matcher.warm(coach.library.playbooks())
    warmed = embedder.texts
    matcher.decide(coach.library.playbooks(), "too pricey", None)
    assert warmed > 0 and embedder.texts == warmed + 1  # only the message is embedded


def test_unsure_objection_asks_and_a_pick_answers(coach: Coach) -> None:
    matcher = ObjectionMatcher(HashingEmbedder(), sure=2.0, maybe=0.05)
    unsure = Coach(coach.library, coach.knowledge, coach.catalog, matcher, coach.plays)
    (question,) = unsure.objection(PlayState(), "they say you're too expensive").replies
    assert question.data["type"] == "choose_objection"
    first = question.data["options"][0]
    assert (first["playbook"], first["objection"]) == ("b2b-buyer-experience", "too-expensive")
    assert question.buttons[-1].title == "Something else"
    assert question.buttons[0].payload == (
        '/raise_objection{"objection":"b2b-buyer-experience/too-expensive"}'
    )

    picked = unsure.objection(PlayState(), "", "b2b-buyer-experience/too-expensive")
    assert picked.replies[0].data["objection"] == "too-expensive"
    none = unsure.objection(PlayState(), "zebra xylophone quasar", "none")
    assert none.replies[0].data["type"] == "no_answer"


def _reports(tmp_path: Path, rows: list[dict[str, object]]) -> Path:
    path = tmp_path / "reports.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return path


def test_eval_objections_counts_each_outcome(coach: Coach, tmp_path: Path) -> None:
    playbooks = {p.id: p for p in coach.library.playbooks()}
    path = _reports(
        tmp_path,
        [
            {"said": "the price is too high", "playbook": "b2b-buyer-experience",
             "objection": "too-expensive"},
            {"said": "We don't have budget for this.", "playbook": "b2b-buyer-experience",
             "objection": "too-expensive"},
            {"said": "zebra xylophone quasar", "playbook": "complex-deals", "objection": None},
        ],
    )  # fmt: skip
    result = evaluate(
        ObjectionMatcher(HashingEmbedder(), 0.5), playbooks, load_reports(path, playbooks)
    )
    assert result.known["answered"] == 1 and result.known["answered wrongly"] == 1
    assert result.unknown["honest"] == 1
    assert result.resolved == 0.5
    assert [outcome for _, outcome in result.misses] == ["answered wrongly"]


def test_eval_objections_names_the_bad_line(coach: Coach, tmp_path: Path) -> None:
    playbooks = {p.id: p for p in coach.library.playbooks()}
    path = _reports(
        tmp_path,
        [
            {
                "said": "too pricey",
                "playbook": "b2b-buyer-experience",
                "objection": "too-expensive",
            },
            {"said": "too pricey", "playbook": "b2b-buyer-experience", "objection": "too-pricey"},
        ],
    )
    with pytest.raises(QuestionSetError, match=r"reports.jsonl:2: .* no objection 'too-pricey'"):
        load_reports(path, playbooks)
