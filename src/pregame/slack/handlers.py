"""Slack listeners: ack, filter, build a turn for one thread, hand it to Rasa, post the reply.

Every listener acks first (Slack wants an answer within 3 seconds); the slow part (the Rasa
turn) runs after. A turn that takes longer than ``working_after`` seconds puts a reaction on
the seller's message until the reply is posted. Failures become a friendly message in the
thread and a log line, never silence.
"""

from __future__ import annotations

import asyncio
import json
import logging
import weakref
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from pregame.chat.client import BotUnavailable
from pregame.playbook.library import PlaybookLibrary
from pregame.slack import blocks
from pregame.slack.blocks import SlackMessage
from pregame.slack.bridge import DomainIntents, RasaBridge, intent_of, payload
from pregame.slack.dedupe import Seen
from pregame.slack.indicator import Indicator
from pregame.slack.records import Feedback, PlayRecord, Records, now
from pregame.slack.text import escape, from_slack, mentions
from pregame.slack.threads import Thread

log = logging.getLogger(__name__)

Ack = Callable[..., Awaitable[Any]]

UNAVAILABLE = (
    "Sorry, I can't reach the playbook coach right now (it may be restarting). "
    "Please try again in a minute; if it keeps happening, tell your Pregame admin."
)
SORRY = (
    "Sorry, something went wrong on my side while answering that. Please try again; "
    "if it keeps happening, tell your Pregame admin."
)
NO_REPLY = "I have nothing to say to that. Try describing your call, or say help."
NO_DM = (
    "Sorry, I couldn't open a DM with you ({error}), so I can't start that there. "
    "Try writing to me in Apps > Pregame > Messages, or mention me in a channel."
)
NO_FORM = "Sorry, I couldn't open the objection form. Tell me in this thread what the buyer said."
FEEDBACK_NOTED = "Thanks, your feedback is noted (I couldn't update the message)."
HANDLED_SUBTYPES = frozenset({None, "thread_broadcast", "file_share"})

# Intents the Slack app uses only when the conversation design has them (bot/domain.yml).
FEEDBACK_INTENTS = {"helpful": "feedback_helpful", "not_helpful": "feedback_unhelpful"}
STOP_INTENT = "stop_play"
LEARN_INTENT = "learn"


class SlackBot:
    def __init__(
        self,
        rasa: RasaBridge,
        intents: DomainIntents,
        records: Records,
        library: PlaybookLibrary,
        *,
        working_after: float = 1.5,
    ) -> None:
        self.rasa = rasa
        self.intents = intents
        self.records = records
        self.library = library
        self.working_after = working_after
        self.seen = Seen(ttl=3600)
        self.bot_threads = Seen(ttl=14 * 24 * 3600, size=100_000)
        self.other_threads = Seen(ttl=300)
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    # -- messages --------------------------------------------------------------------------

    async def on_mention(
        self,
        body: Mapping[str, Any],
        event: Mapping[str, Any],
        client: AsyncWebClient,
        context: Any,
    ) -> None:
        if not _from_a_person(event):
            return  # another bot mentioning @Pregame must not start a reply loop; nor edits
        await self._user_message(body, event, client, context)

    async def on_message(
        self,
        body: Mapping[str, Any],
        event: Mapping[str, Any],
        client: AsyncWebClient,
        context: Any,
    ) -> None:
        if not _from_a_person(event):
            return
        kind = event.get("channel_type")
        if kind in ("channel", "group"):
            thread_ts = event.get("thread_ts")
            if mentions(str(event.get("text", "")), context.bot_user_id) or not thread_ts:
                return  # a mention is handled as app_mention; a top-level message is not ours
            thread = Thread(self._team(body, context), str(event["channel"]), str(thread_ts))
            if not await self._is_bot_thread(client, thread, context.bot_user_id):
                return
        elif kind != "im":
            return
        await self._user_message(body, event, client, context)

    async def _user_message(
        self,
        body: Mapping[str, Any],
        event: Mapping[str, Any],
        client: AsyncWebClient,
        context: Any,
    ) -> None:
        channel, ts = str(event["channel"]), str(event["ts"])
        if not self.seen.first(f"event:{body.get('event_id', '')}", f"msg:{channel}:{ts}"):
            log.info("skipped a repeated delivery of %s:%s", channel, ts)
            return
        thread = Thread.of_message(self._team(body, context), channel, ts, event.get("thread_ts"))
        text = from_slack(str(event.get("text", "")), context.bot_user_id) or "hello"
        await self.turn(client, thread, text, user=str(event.get("user", "")), react_to=ts)

    async def _is_bot_thread(self, client: AsyncWebClient, thread: Thread, bot_user: str) -> bool:
        """Threads the bot answers in; one API look-up for a thread it has not seen yet."""
        if thread.sender in self.bot_threads:
            return True
        if thread.sender in self.other_threads:
            return False
        try:
            replies = await client.conversations_replies(
                channel=thread.channel, ts=thread.ts, limit=100
            )
        except SlackApiError as exc:
            log.warning("cannot read thread %s: %s", thread.sender, exc.response.get("error"))
            return False
        ours = any(m.get("user") == bot_user for m in replies.get("messages") or [])
        (self.bot_threads if ours else self.other_threads).add(thread.sender)
        return ours

    # -- one turn --------------------------------------------------------------------------

    async def turn(
        self,
        client: AsyncWebClient,
        thread: Thread,
        message: str,
        *,
        user: str,
        react_to: str | None = None,
        quote: str | None = None,
    ) -> None:
        """Send ``message`` to Rasa as this thread's conversation and post the replies in it."""
        self.bot_threads.add(thread.sender)
        lock = self._locks.setdefault(thread.sender, asyncio.Lock())
        async with lock:  # one turn at a time per thread, in order; threads run in parallel
            indicator = (
                Indicator(client, thread.channel, react_to, self.working_after)
                if react_to
                else None
            )
            try:
                messages = await self.rasa.send(thread.sender, message, _metadata(thread, user))
                replies = blocks.render_turn(messages, quote) or [blocks.notice(NO_REPLY)]
                self._record_plays(messages, thread, user)
            except BotUnavailable as exc:
                log.error("Rasa unavailable for %s: %s", thread.sender, exc)
                replies = [blocks.notice(UNAVAILABLE)]
            except Exception:
                log.exception("turn failed for %s", thread.sender)
                replies = [blocks.notice(SORRY)]
            finally:
                if indicator is not None:
                    indicator.stop()
            await self.post(client, thread, replies)

    async def post(
        self, client: AsyncWebClient, thread: Thread, replies: list[SlackMessage]
    ) -> None:
        """Post ``replies`` in order; one Slack refuses (bad blocks, rate limit after retries,
        network) is sent again as plain text, so the seller is never left without an answer."""
        for reply in replies:
            if not await self._post_one(client, thread, reply):
                return

    async def _post_one(self, client: AsyncWebClient, thread: Thread, reply: SlackMessage) -> bool:
        for attempt in (reply.blocks, None):  # the message, then its text alone
            try:
                await client.chat_postMessage(
                    channel=thread.channel,
                    thread_ts=thread.ts,
                    text=reply.text,
                    blocks=attempt,
                    unfurl_links=False,
                    unfurl_media=False,
                )
                return True
            except Exception as exc:
                level, then = (logging.WARNING, "trying text") if attempt else (logging.ERROR, "")
                log.log(level, "posting to %s failed: %s %s", thread.sender, _why(exc), then)
        return False

    def _record_plays(self, messages: list[dict[str, Any]], thread: Thread, user: str) -> None:
        for message in messages:
            data = message.get("custom") or {}
            if blocks.reply_type(message) == "play_started" and data.get("phase"):
                self.records.play(
                    PlayRecord(
                        user=user,
                        team=thread.team,
                        channel=thread.channel,
                        thread_ts=thread.ts,
                        playbook=str(data.get("playbook") or ""),
                        phase=str(data["phase"]),
                        persona=data.get("persona"),
                        at=now(),
                    )
                )

    # -- buttons ---------------------------------------------------------------------------

    async def on_rasa_button(
        self, ack: Ack, body: Mapping[str, Any], action: Mapping[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        value = str(action.get("value", ""))
        thread, user = _clicked_in(body)
        if intent_of(value) is None:
            log.warning("ignored a button with a malformed payload: %r", value)
            return
        title = str((action.get("text") or {}).get("text", ""))
        await self.turn(
            client, thread, value, user=user, react_to=_clicked(body), quote=_chose(user, title)
        )

    async def on_done(self, ack: Ack, body: Mapping[str, Any], client: AsyncWebClient) -> None:
        await ack()
        thread, user = _clicked_in(body)
        intent = STOP_INTENT if STOP_INTENT in self.intents else "thank"
        quote = _chose(user, "Done")
        await self.turn(
            client, thread, payload(intent), user=user, react_to=_clicked(body), quote=quote
        )

    async def on_objection(self, ack: Ack, body: Mapping[str, Any], client: AsyncWebClient) -> None:
        await ack()
        thread, user = _clicked_in(body)
        where = {"team": thread.team, "channel": thread.channel, "ts": thread.ts}
        where["clicked"] = _clicked(body) or ""
        try:
            await client.views_open(
                trigger_id=body["trigger_id"], view=blocks.objection_modal(json.dumps(where))
            )
        except Exception as exc:
            log.error("objection form for %s in %s: %s", user, thread.sender, _why(exc))
            await _tell(client, thread, user, NO_FORM)

    async def on_objection_submit(
        self, ack: Ack, body: Mapping[str, Any], view: Mapping[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        where = json.loads(view.get("private_metadata") or "{}")
        thread = Thread(where["team"], where["channel"], where["ts"])
        block_id, action_id = blocks.OBJECTION_INPUT
        said = str(view["state"]["values"][block_id][action_id].get("value") or "").strip()
        user = str(body["user"]["id"])
        message = from_slack(said)
        if not message.lower().startswith(("they", "the buyer", "buyer", "the customer")):
            message = f"the buyer says {message}"
        quote = f"<@{escape(user)}>: the buyer said _“{escape(said)}”_"
        clicked = str(where.get("clicked") or "") or None
        await self.turn(client, thread, message, user=user, react_to=clicked, quote=quote)

    async def on_feedback(
        self, ack: Ack, body: Mapping[str, Any], action: Mapping[str, Any], client: AsyncWebClient
    ) -> None:
        """👍 records at once; 👎 only asks why: the reason click (or Skip) records it, so an
        answer gets one feedback record and one Rasa event."""
        await ack()
        value = str(action["action_id"]).removeprefix(blocks.FEEDBACK_ACTION)
        message = body["message"]
        new_blocks = blocks.after_feedback(message["blocks"], body["user"]["id"], value)
        if value == "not_helpful":
            thread, user = _clicked_in(body)
            if await self._update(client, thread, user, message, new_blocks):
                return
            new_blocks = []  # the reasons cannot be shown: record the 👎 now
        await self._feedback(body, action, client, value, None, new_blocks)

    async def on_reason(
        self, ack: Ack, body: Mapping[str, Any], action: Mapping[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        reason = str(action["action_id"]).removeprefix(blocks.REASON_ACTION)
        new_blocks = blocks.after_reason(body["message"]["blocks"], body["user"]["id"], reason)
        known = reason if reason != blocks.NO_REASON else None
        await self._feedback(body, action, client, "not_helpful", known, new_blocks)

    async def _feedback(
        self,
        body: Mapping[str, Any],
        action: Mapping[str, Any],
        client: AsyncWebClient,
        value: str,
        reason: str | None,
        new_blocks: list[blocks.Block],
    ) -> None:
        """Record the feedback once per answer, update the message, tell Rasa."""
        thread, user = _clicked_in(body)
        message = body["message"]
        if not self.seen.first(f"feedback:{thread.channel}:{message['ts']}"):
            log.info("ignored a second feedback click on %s", message["ts"])
            return
        try:
            about = json.loads(action.get("value") or "{}")
        except ValueError:
            about = {}
        self.records.feedback(
            Feedback(
                user=user,
                team=thread.team,
                channel=thread.channel,
                thread_ts=thread.ts,
                message_ts=str(message["ts"]),
                value=value,
                reason=reason,
                about=about if isinstance(about, dict) else {},
                at=now(),
            )
        )
        if new_blocks and not await self._update(client, thread, user, message, new_blocks):
            await _tell(client, thread, user, FEEDBACK_NOTED)
        intent = FEEDBACK_INTENTS.get(value)
        if intent is not None and intent in self.intents:
            # The bot records it in the tracker too; its "thanks" reply is not posted, the
            # updated message already says thanks.
            entities = {"reason": reason} if reason else None
            try:
                await self.rasa.send(
                    thread.sender, payload(intent, entities), _metadata(thread, user)
                )
            except BotUnavailable as exc:
                log.warning("feedback kept locally only, Rasa unavailable: %s", exc)

    async def _update(
        self,
        client: AsyncWebClient,
        thread: Thread,
        user: str,
        message: Mapping[str, Any],
        new_blocks: list[blocks.Block],
    ) -> bool:
        try:
            await client.chat_update(
                channel=thread.channel,
                ts=message["ts"],
                text=message.get("text", ""),
                blocks=new_blocks,
            )
            return True
        except Exception as exc:
            log.error(
                "updating %s in %s for %s failed: %s",
                message["ts"],
                thread.sender,
                user,
                _why(exc),
            )
            return False

    # -- slash command ---------------------------------------------------------------------

    async def on_command(
        self,
        ack: Ack,
        command: Mapping[str, Any],
        client: AsyncWebClient,
        respond: AsyncRespond,
    ) -> None:
        sub, _, rest = str(command.get("text") or "").strip().partition(" ")
        sub, rest = sub.lower(), rest.strip()
        name = str(command.get("command") or "/pregame")
        if sub in ("", "help"):
            await ack(
                text="How to use Pregame", blocks=blocks.help_blocks(), response_type="ephemeral"
            )
            return
        if sub == "learn" and LEARN_INTENT not in self.intents:
            note = "Learning paths are on their way. Meanwhile, walk through a play."
            await ack(text=note, blocks=blocks.help_blocks(note), response_type="ephemeral")
            return
        starts = {"play": (rest, "your play"), "prep": (f"prep me for {rest}", "your call prep")}
        starts["learn"] = (f"I want to learn {rest}".strip(), "your lesson")
        if sub not in starts:
            note = f"I don't know `{name} {sub}`."
            await ack(text=note, blocks=blocks.help_blocks(note), response_type="ephemeral")
            return
        if not rest and sub != "learn":
            note = f"Tell me about the call, e.g. `{name} {sub} discovery call with a CFO`."
            await ack(text=note, blocks=blocks.help_blocks(note), response_type="ephemeral")
            return
        message, what = starts[sub]
        await ack(text=f"On it: I'm sending {what} to our DM.", response_type="ephemeral")
        user = str(command["user_id"])
        try:
            dm = await client.conversations_open(users=user)
            channel = str(dm["channel"]["id"])
            root = await client.chat_postMessage(
                channel=channel,
                text=f"{name} {sub} {escape(rest)}",
                blocks=[blocks.context(f"<@{escape(user)}>: `{name} {sub}` {escape(rest)}")],
            )
        except Exception as exc:
            log.error("cannot open a DM with %s: %s", user, _why(exc))
            try:
                await respond(text=NO_DM.format(error=_why(exc)), response_type="ephemeral")
            except Exception as again:
                log.error("cannot tell %s either: %r", user, again)
            return
        thread = Thread(str(command.get("team_id", "")), channel, str(root["ts"]))
        await self.turn(client, thread, from_slack(message), user=user, react_to=thread.ts)

    # -- App Home --------------------------------------------------------------------------

    async def on_home(
        self,
        body: Mapping[str, Any],
        event: Mapping[str, Any],
        client: AsyncWebClient,
        context: Any,
    ) -> None:
        if event.get("tab", "home") != "home":
            return
        user = str(event["user"])
        await client.views_publish(user_id=user, view=self.home(user, self._team(body, context)))

    def home(self, user: str, team: str) -> dict[str, Any]:
        playbooks = self.library.playbooks()
        names: dict[tuple[str, str], str] = {}
        for pb in playbooks:
            names.update({(pb.id, ph.id): ph.name for ph in pb.phases})
            names.update({(pb.id, f"persona:{p.id}"): p.name for p in pb.personas})
        plays = []
        for record in self.records.recent_plays(user, team):
            title = names.get((record.playbook, record.phase), record.phase)
            if record.persona:
                persona = names.get((record.playbook, f"persona:{record.persona}"), record.persona)
                title += f" with the {persona}"
            at = datetime.fromisoformat(record.at)
            plays.append(blocks.HomePlay(title, record.channel, at))
        summaries = [
            blocks.HomePlaybook(
                pb.title, [ph.name for ph in pb.phases], [p.name for p in pb.personas]
            )
            for pb in playbooks
        ]
        return blocks.home_view(summaries, plays)

    @staticmethod
    def _team(body: Mapping[str, Any], context: Any) -> str:
        return str(body.get("team_id") or getattr(context, "team_id", None) or "")


def _clicked_in(body: Mapping[str, Any]) -> tuple[Thread, str]:
    """The thread a clicked message belongs to, and who clicked."""
    message = body.get("message") or {}
    container = body.get("container") or {}
    channel = str(container.get("channel_id") or (body.get("channel") or {}).get("id"))
    ts = str(message.get("thread_ts") or message.get("ts") or container.get("message_ts"))
    user = body.get("user") or {}
    team = str((body.get("team") or {}).get("id") or user.get("team_id") or "")
    return Thread(team, channel, ts), str(user.get("id", ""))


def _clicked(body: Mapping[str, Any]) -> str | None:
    """The message a button was clicked in (it gets the working indicator)."""
    container = body.get("container") or {}
    message = body.get("message") or {}
    ts = container.get("message_ts") or message.get("ts")
    return str(ts) if ts else None


def _from_a_person(event: Mapping[str, Any]) -> bool:
    """Not a bot's message (``bot_id``, ``bot_message``) and not an edit."""
    return (
        event.get("subtype") in HANDLED_SUBTYPES
        and not event.get("bot_id")
        and not event.get("edited")
    )


def _why(exc: Exception) -> str:
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error"))
    return repr(exc)


async def _tell(client: AsyncWebClient, thread: Thread, user: str, text: str) -> None:
    """A message only ``user`` sees, in the thread; a failure is only logged."""
    try:
        await client.chat_postEphemeral(
            channel=thread.channel, user=user, thread_ts=thread.ts, text=escape(text)
        )
    except Exception as exc:
        log.error("cannot tell %s in %s: %s", user, thread.sender, _why(exc))


def _chose(user: str, title: str) -> str:
    return f"<@{escape(user)}> chose *{escape(title)}*"


def _metadata(thread: Thread, user: str) -> dict[str, Any]:
    return {
        "slack": {
            "team": thread.team,
            "channel": thread.channel,
            "thread_ts": thread.ts,
            "user": user,
        }
    }
