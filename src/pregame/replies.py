"""The reply contract: every kind of bot message, and the typed payload each one carries.

Producers (the coach, the actions) build a :class:`Reply` with one of the payload models below;
renderers (Slack Block Kit, the terminal) parse a message's payload with :func:`parse_payload`
and are keyed by :class:`ReplyType`. Tests check that every type has a Slack card and a text
rendering, and that docs/conversation.md lists every type with its fields.

A message without a payload (a plain response from the Rasa domain, such as ``utter_thank``) is
of type :attr:`ReplyType.TEXT`. The guided play's payloads live in
:mod:`pregame.play_replies`, the learning path's in :mod:`pregame.learning_replies`, the parts
several payloads share in :mod:`pregame.reply_parts` and the types in :mod:`pregame.reply_types`;
all are re-exported here (the learning payloads' parts are imported from their module).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, TypedDict

from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from pregame.learning_replies import LessonPayload as LessonPayload
from pregame.learning_replies import PracticeStartedPayload as PracticeStartedPayload
from pregame.learning_replies import PracticeSummaryPayload as PracticeSummaryPayload
from pregame.learning_replies import PracticeTurnPayload as PracticeTurnPayload
from pregame.learning_replies import ProgressPayload as ProgressPayload
from pregame.learning_replies import QuizQuestionPayload as QuizQuestionPayload
from pregame.learning_replies import QuizResultPayload as QuizResultPayload
from pregame.play_replies import ChoosePersonaPayload as ChoosePersonaPayload
from pregame.play_replies import ChoosePhasePayload as ChoosePhasePayload
from pregame.play_replies import ChoosePlaybookPayload as ChoosePlaybookPayload
from pregame.play_replies import ChooseStepPayload as ChooseStepPayload
from pregame.play_replies import ContextChangedPayload as ContextChangedPayload
from pregame.play_replies import NoPlaybooksPayload as NoPlaybooksPayload
from pregame.play_replies import NoPlayPayload as NoPlayPayload
from pregame.play_replies import NudgePayload as NudgePayload
from pregame.play_replies import OverviewPayload as OverviewPayload
from pregame.play_replies import PhaseDonePayload as PhaseDonePayload
from pregame.play_replies import PlayOption as PlayOption
from pregame.play_replies import PlayStartedPayload as PlayStartedPayload
from pregame.play_replies import PlayStoppedPayload as PlayStoppedPayload
from pregame.play_replies import StepPayload as StepPayload
from pregame.play_replies import StepSummary as StepSummary
from pregame.reply_parts import Citation as Citation
from pregame.reply_parts import ContentItem as ContentItem
from pregame.reply_parts import DocRef as DocRef
from pregame.reply_parts import ObjectionOption as ObjectionOption
from pregame.reply_parts import ObjectionRef as ObjectionRef
from pregame.reply_parts import StaleFlag as StaleFlag
from pregame.reply_types import ContractModel
from pregame.reply_types import ReplyType as ReplyType

_Model = ContractModel


# -- one payload per reply type -------------------------------------------------------------


class TextPayload(_Model):
    type: Literal[ReplyType.TEXT] = ReplyType.TEXT


class HelpPayload(_Model):
    type: Literal[ReplyType.HELP] = ReplyType.HELP


class OutOfScopePayload(_Model):
    type: Literal[ReplyType.OUT_OF_SCOPE] = ReplyType.OUT_OF_SCOPE


class FallbackPayload(_Model):
    type: Literal[ReplyType.FALLBACK] = ReplyType.FALLBACK


class ErrorPayload(_Model):
    type: Literal[ReplyType.ERROR] = ReplyType.ERROR


class ClarifyPayload(_Model):
    type: Literal[ReplyType.CLARIFY] = ReplyType.CLARIFY
    options: list[str] = Field(default_factory=list)


class ContentPayload(_Model):
    type: Literal[ReplyType.CONTENT] = ReplyType.CONTENT
    items: list[ContentItem]


class ObjectionPayload(_Model):
    type: Literal[ReplyType.OBJECTION] = ReplyType.OBJECTION
    playbook: str
    objection: str
    title: str
    response: str
    score: float
    proof: list[DocRef] = Field(default_factory=list)


class ChooseObjectionPayload(_Model):
    type: Literal[ReplyType.CHOOSE_OBJECTION] = ReplyType.CHOOSE_OBJECTION
    options: list[ObjectionOption]


class ObjectionUnknownPayload(_Model):
    type: Literal[ReplyType.OBJECTION_UNKNOWN] = ReplyType.OBJECTION_UNKNOWN
    citations: list[Citation]


class AnswerPayload(_Model):
    type: Literal[ReplyType.ANSWER] = ReplyType.ANSWER
    citations: list[Citation]


class NoAnswerPayload(_Model):
    type: Literal[ReplyType.NO_ANSWER] = ReplyType.NO_ANSWER
    query: str
    related: list[Citation] = Field(default_factory=list)
    """Pages that came close without a sure answer: reading to check, not the answer."""


class PrepPayload(_Model):
    type: Literal[ReplyType.PREP] = ReplyType.PREP
    playbook: str
    phase: str
    phase_name: str
    persona: str | None = None
    persona_name: str | None = None
    company: str | None = None
    buyer_goal: str
    seller_objective: str
    questions: list[str] = Field(default_factory=list)
    content: list[DocRef] = Field(default_factory=list)
    have_ready: list[str] = Field(default_factory=list)
    objections: list[ObjectionRef] = Field(default_factory=list)
    next_step: str


class FeedbackRecordedPayload(_Model):
    type: Literal[ReplyType.FEEDBACK_RECORDED] = ReplyType.FEEDBACK_RECORDED


Payload = Annotated[
    TextPayload
    | HelpPayload
    | OutOfScopePayload
    | FallbackPayload
    | ErrorPayload
    | ClarifyPayload
    | PlayStartedPayload
    | ChoosePlaybookPayload
    | ChoosePhasePayload
    | ChooseStepPayload
    | ChoosePersonaPayload
    | StepPayload
    | PhaseDonePayload
    | OverviewPayload
    | ContextChangedPayload
    | PlayStoppedPayload
    | NoPlayPayload
    | NoPlaybooksPayload
    | NudgePayload
    | ContentPayload
    | ObjectionPayload
    | ChooseObjectionPayload
    | ObjectionUnknownPayload
    | AnswerPayload
    | NoAnswerPayload
    | PrepPayload
    | FeedbackRecordedPayload
    | LessonPayload
    | QuizQuestionPayload
    | QuizResultPayload
    | PracticeStartedPayload
    | PracticeTurnPayload
    | PracticeSummaryPayload
    | ProgressPayload,
    Field(discriminator="type"),
]

_PAYLOAD: TypeAdapter[Payload] = TypeAdapter(Payload)


class ReplyContractError(ValueError):
    """A payload that does not match the contract (unknown type, missing or mistyped field)."""


def parse_payload(custom: Mapping[str, Any] | None) -> Payload:
    """The typed payload of a bot message's ``custom`` part; none at all is a plain text reply.

    Raises :class:`ReplyContractError` for a payload of an unknown type or the wrong shape.
    """
    if not custom:
        return TextPayload()
    try:
        return _PAYLOAD.validate_python(dict(custom))
    except ValidationError as exc:
        raise ReplyContractError(f"reply payload does not match the contract: {exc}") from exc


def payload_fields(reply_type: ReplyType) -> list[str]:
    """The field names of a reply type's payload, ``type`` first (for docs and tests)."""
    for model in _payload_models():
        if model.model_fields["type"].default == reply_type:
            return list(model.model_fields)
    raise KeyError(reply_type)


def _payload_models() -> list[type[BaseModel]]:
    union = Payload.__origin__  # type: ignore[attr-defined]
    return list(union.__args__)


# -- what producers build, and what the REST channel carries ---------------------------------


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Reply:
    """One bot message: text for any channel, buttons, and the typed payload for rich cards."""

    text: str
    buttons: tuple[Button, ...] = ()
    payload: Payload = field(default_factory=TextPayload)

    @property
    def type(self) -> ReplyType:
        return self.payload.type

    @property
    def data(self) -> dict[str, Any]:
        """The payload as JSON-ready data (Rasa's ``json_message``)."""
        return self.payload.model_dump(mode="json")


class ButtonData(TypedDict):
    title: str
    payload: str


class BotMessage(TypedDict, total=False):
    """One message of a bot turn as the REST channel returns it, custom payload merged in."""

    recipient_id: str
    text: str
    buttons: list[ButtonData]
    image: str
    custom: dict[str, Any]


def message_type(message: Mapping[str, Any]) -> ReplyType:
    """The reply type of a REST channel message, :attr:`ReplyType.TEXT` when it has none or an
    unknown one (renderers then show its text)."""
    custom = message.get("custom")
    kind = custom.get("type") if isinstance(custom, Mapping) else None
    try:
        return ReplyType(kind) if kind else ReplyType.TEXT
    except ValueError:
        return ReplyType.TEXT
