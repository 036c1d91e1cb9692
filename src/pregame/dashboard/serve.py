"""Wiring the dashboard from the settings, and serving it with uvicorn."""

from __future__ import annotations

from pathlib import Path

from pregame.dashboard.app import Options, check_exposure, create_app
from pregame.insights.service import Insights
from pregame.retrieval.embeddings import Embedder
from pregame.settings import Settings


def events_url(settings: Settings) -> str:
    """Where the conversation events are: the one SQL store (Rasa's tracker store writes its
    ``events`` table there; `pregame up` moves an older ``run/tracker.db`` into it)."""
    return settings.database


def build_insights(
    settings: Settings, database: str | None = None, embedder: Embedder | None = None
) -> Insights:
    if embedder is None:
        from pregame.services import default_embedder

        embedder = default_embedder(settings)
    return Insights.open(settings, embedder, database or events_url(settings))


def serve(insights: Insights, host: str, port: int, options: Options) -> None:
    """Serve until interrupted."""
    import uvicorn

    check_exposure(host, options.token)
    uvicorn.run(create_app(insights, options), host=host, port=port, log_level="warning")


def write_report(insights: Insights, out: Path, html: str) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return out
