from __future__ import annotations

from pregame.insights.clusters import CachingEmbedder, Wording, cluster
from tests.support.fakes import HashingEmbedder


def test_similar_wordings_cluster_and_identical_ones_count() -> None:
    words = [
        Wording("what is the parental leave policy", "a"),
        Wording("parental leave policy for new hires", "b"),
        Wording("what is the parental leave policy", "c"),
        Wording("how do I submit expenses", "a"),
    ]
    groups = cluster(words, HashingEmbedder(), max_distance=0.7)
    assert groups[0].count == 3 and groups[0].sellers == 3
    assert groups[0].label == "what is the parental leave policy"
    assert groups[1].wordings == ["how do I submit expenses"]


def test_nothing_and_one() -> None:
    assert cluster([], HashingEmbedder()) == []
    (one,) = cluster([Wording("x y z", "a")], HashingEmbedder())
    assert one.count == 1


def test_the_cache_embeds_each_text_once() -> None:
    calls: list[list[str]] = []

    class Counting(HashingEmbedder):
        def embed(self, texts):  # type: ignore[no-untyped-def]
            calls.append(list(texts))
            return super().embed(texts)

    cached = CachingEmbedder(Counting())
    cached.embed(["a b c", "d e f"])
    cached.embed(["a b c", "g h i"])
    assert calls == [["a b c", "d e f"], ["g h i"]]
