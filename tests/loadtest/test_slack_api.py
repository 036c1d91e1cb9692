"""The load test's mock Slack Web API: answers, the record of posts, the post feed, signing."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

from pregame.loadtest.slack_api import MockSlackApi, Post, follow_posts
from pregame.loadtest.slack_events import BOT_USER, signed_headers


async def started() -> MockSlackApi:
    mock = MockSlackApi()
    await mock.start()
    return mock


def test_it_answers_the_app_and_records_each_post_in_its_thread() -> None:
    async def go() -> tuple[MockSlackApi, dict[str, Any], list[dict[str, Any]]]:
        mock = await started()
        try:
            client = AsyncWebClient(token="xoxb-1", base_url=mock.url)
            auth = await client.auth_test()
            blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "Step 1"}}]
            await client.chat_postMessage(channel="C1", thread_ts="1.0", text="hi", blocks=blocks)
            # a form-encoded post, blocks as a JSON string (as some clients send them)
            await client.api_call(
                "chat.postMessage",
                data={"channel": "C1", "thread_ts": "2.0", "text": "x", "blocks": json.dumps([])},
            )
            replies = await client.conversations_replies(channel="C1", ts="1.0")
            return mock, {"user_id": auth["user_id"]}, list(replies["messages"])
        finally:
            await mock.stop()

    mock, auth, thread = asyncio.run(go())
    assert auth["user_id"] == BOT_USER
    first, second = mock.posts
    assert (first.channel, first.thread_ts, first.text) == ("C1", "1.0", "hi")
    assert first.blocks[0]["text"]["text"] == "Step 1" and "Step 1" in first.content
    assert (second.thread_ts, second.blocks) == ("2.0", [])
    assert first.at <= second.at
    assert [p.ts for p in mock.posts_in("C1", "1.0")] == [first.ts]
    # the bot's thread, as the app's "is this thread ours?" look-up reads it
    assert thread == [{"user": BOT_USER, "ts": first.ts, "thread_ts": "1.0", "text": "hi"}]
    assert [c.method for c in mock.calls] == [
        "auth.test",
        "chat.postMessage",
        "chat.postMessage",
        "conversations.replies",
    ]


def test_the_post_feed_reaches_a_follower_in_another_event_loop() -> None:
    seen: list[Post] = []

    async def go() -> None:
        mock = await started()
        try:
            async with follow_posts(mock.url, seen.append):
                async with httpx.AsyncClient() as http:
                    body = {"channel": "C9", "thread_ts": "5.0", "text": "hello"}
                    await http.post(f"{mock.url}chat.postMessage", json=body)
                for _ in range(100):
                    if seen:
                        break
                    await asyncio.sleep(0.02)
        finally:
            await mock.stop()

    asyncio.run(go())
    assert [(p.channel, p.thread_ts, p.text) for p in seen] == [("C9", "5.0", "hello")]


def test_following_nothing_is_a_clear_error() -> None:
    async def go(url: str) -> None:
        async with follow_posts(url, print):
            pass

    with pytest.raises(ConnectionError, match="cannot follow the posts of a mock Slack Web API"):
        asyncio.run(go("http://127.0.0.1:9/api/"))
    with pytest.raises(ValueError, match="not the URL of a mock Slack Web API"):
        asyncio.run(go("127.0.0.1:3101"))


def test_requests_are_signed_the_way_slack_checks_them() -> None:
    body = '{"type": "event_callback"}'
    headers = signed_headers("s3cret", body)
    verifier = SignatureVerifier("s3cret")
    ts, signature = headers["X-Slack-Request-Timestamp"], headers["X-Slack-Signature"]
    assert verifier.is_valid(body, ts, signature)
    assert not SignatureVerifier("other").is_valid(body, ts, signature)
    with pytest.raises(ValueError, match="empty signing secret"):
        signed_headers("", body)
