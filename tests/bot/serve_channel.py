"""Serve bot/channels' LimitedRestInput in a bare Sanic app, for tests/bot (run under
.venv-rasa's Python: ``serve_channel.py BOT_DIR PORT``).

The stand-in for Rasa echoes each turn as a custom message; a message "wait" is held until
``GET /release``; ``GET /in_flight`` shows the channel's per-sender counts.
"""

from __future__ import annotations

import asyncio
import logging
import sys

bot_dir, port = sys.argv[1], int(sys.argv[2])
sys.path.insert(0, bot_dir)

from channels.limited_rest import LimitedRestInput  # noqa: E402
from rasa.core.channels.channel import UserMessage  # noqa: E402
from sanic import Sanic, response  # noqa: E402
from sanic.request import Request  # noqa: E402
from sanic.response import HTTPResponse  # noqa: E402

logging.basicConfig(
    level=logging.INFO, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s"
)
app = Sanic("channel_test", configure_logging=False)
channel = LimitedRestInput.from_credentials(None)
release: list[asyncio.Event] = []


async def on_new_message(message: UserMessage) -> None:
    if message.text == "silent":  # as when the action server cannot be reached
        return
    if message.text == "wait":
        await release[0].wait()
    await message.output_channel.send_custom_json(
        message.sender_id,
        {
            "sender": message.sender_id,
            "text": message.text,
            "input_channel": message.input_channel,
            "metadata": message.metadata,
        },
    )


class Agent:
    """Rasa's agent as far as the channel asks: is the model loaded? (``GET /load`` loads it.)"""

    ready = "--loading" not in sys.argv

    def is_ready(self) -> bool:
        return self.ready


@app.listener("before_server_start")
async def setup(app: Sanic, loop: object) -> None:
    release.append(asyncio.Event())
    app.ctx.agent = Agent()


@app.get("/load")
async def load(request: Request) -> HTTPResponse:
    Agent.ready = True
    return response.json({"ok": True})


@app.get("/release")
async def do_release(request: Request) -> HTTPResponse:
    release[0].set()
    return response.json({"ok": True})


@app.get("/in_flight")
async def in_flight(request: Request) -> HTTPResponse:
    return response.json(channel.in_flight)


app.blueprint(channel.blueprint(on_new_message), url_prefix="/webhooks/rest")

if __name__ == "__main__":
    app.run(host="127.0.0.1", port=port, workers=1, access_log=False, debug=False)
