"""Sentence embeddings behind a small protocol, so tests can inject a deterministic fake."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer


class Embedder(Protocol):
    """Turns texts into unit-length vectors (cosine similarity = dot product)."""

    name: str

    def embed(self, texts: Sequence[str]) -> list[list[float]]: ...


class SentenceTransformerEmbedder:
    """sentence-transformers on the CPU, loaded lazily from a local folder (hub offline)."""

    def __init__(self, model_path: str, batch_size: int = 32, show_progress: bool = False) -> None:
        self.name = os.path.basename(model_path.rstrip("/")) or model_path
        self.model_path = model_path
        self.batch_size = batch_size
        self.show_progress = show_progress
        self._model: SentenceTransformer | None = None

    @property
    def model(self) -> SentenceTransformer:
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
            os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(self.model_path, device="cpu")
        return self._model

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            show_progress_bar=self.show_progress,
            convert_to_numpy=True,
        )
        return [[float(x) for x in row] for row in vectors]
