"""A small fake of our own boundary, Rasa's REST channel, with per-conversation state."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.support.slack_edge import serve_loopback

NAV = [
    {"title": "Back", "payload": "/previous_step"},
    {"title": "Next", "payload": "/next_step"},
    {"title": "Content", "payload": "/ask_content"},
]


def step(index: int) -> dict[str, Any]:
    return {
        "type": "step",
        "playbook": "b2b-buyer-experience",
        "phase": "discovery",
        "phase_name": "Discovery",
        "step": f"s{index}",
        "index": index,
        "count": 4,
        "title": f"Step title {index + 1}",
        "do": "Confirm the time & agree the agenda.",
        "persona": "cfo",
        "persona_name": "CFO / finance leader",
        "persona_note": "Talk about the close.",
        "channel": None,
        "channel_note": None,
        "questions": ["What made you take this meeting now?"],
        "tips": [],
        "buyer_says": [],
        "buyer_experience": "The buyer feels listened to.",
        "content": [{"title": "Discovery question bank", "source": "discovery.md"}],
        "exit_criteria": [],
    }


@dataclass
class Received:
    sender: str
    message: str
    metadata: dict[str, Any]


@dataclass
class FakeRasa:
    received: list[Received] = field(default_factory=list)
    steps: dict[str, int] = field(default_factory=dict)
    delay: float = 0.0
    port: int = 0
    _runner: web.AppRunner | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        app = web.Application()
        app.add_routes([web.post("/webhooks/rest/webhook", self._webhook)])
        self._runner, self.port = await serve_loopback(app)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def messages_from(self, sender: str) -> list[str]:
        with self._lock:
            return [r.message for r in self.received if r.sender == sender]

    async def _webhook(self, request: web.Request) -> web.Response:
        body = await request.json()
        sender, text = body["sender"], body["message"]
        with self._lock:
            self.received.append(Received(sender, text, body.get("metadata") or {}))
        if self.delay or text == "slow":
            await asyncio.sleep(self.delay or 2.0)
        return web.json_response(self.reply(sender, text))

    def reply(self, sender: str, text: str) -> list[dict[str, Any]]:
        def say(text: str, custom: dict[str, Any] | None = None, buttons: Any = ()) -> list[Any]:
            out: list[dict[str, Any]] = [{"recipient_id": sender, "text": text}]
            if buttons:
                out[0]["buttons"] = list(buttons)
            if custom:
                out.append({"recipient_id": sender, "custom": custom})
            return out

        if "call" in text:
            self.steps[sender] = 0
            started = {
                "type": "play_started",
                "playbook": "b2b-buyer-experience",
                "phase": "discovery",
            }
            started["persona"] = "cfo"
            return say("Got it: *Discovery*.", started) + say("Step 1", step(0), NAV)
        if text in ("/next_step", "/previous_step"):
            index = self.steps.get(sender, 0) + (1 if text == "/next_step" else -1)
            self.steps[sender] = index
            return say(f"Step {index + 1}", step(index), NAV)
        if text == "/ask_content" or "send" in text:
            items = [
                {"title": "ROI guide", "source": "roi.md", "url": "", "why": "recommended"},
                {
                    "title": "Case <study>",
                    "source": "case.md",
                    "url": "https://x.test/c",
                    "why": "",
                },
            ]
            return say("Here is what I'd use: ...", {"type": "content", "items": items}, NAV)
        if text.startswith("echo "):
            return say(text.removeprefix("echo "))
        if text.startswith("/feedback"):
            return []
        return say("Sorry, I didn't get that.", None, [{"title": "Help", "payload": "/help"}])
