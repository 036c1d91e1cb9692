"""The Chroma client and our collections, created with explicit metadata (cosine space)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

KNOWLEDGE = "knowledge"
PLAYBOOKS = "playbooks"


def open_client(path: Path | None = None, host: str = "", port: int = 8000) -> Any:
    """A persistent Chroma client in ``path``, or an HTTP client when ``host`` is set."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False, allow_reset=True)
    if host:
        return chromadb.HttpClient(host=host, port=port, settings=settings)
    if path is None:
        return chromadb.EphemeralClient(settings=settings)
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=settings)


def collection(client: Any, name: str, embedder_name: str) -> Any:
    """Get or create a collection; we always pass our own vectors, never Chroma's embedder."""
    return client.get_or_create_collection(
        name=name,
        embedding_function=None,
        metadata={
            "hnsw:space": "cosine",
            "embedding_model": embedder_name,
            "description": f"Pregame {name} chunks",
        },
    )
