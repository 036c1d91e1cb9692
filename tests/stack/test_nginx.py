"""nginx in front of the replicas: a real nginx on loopback, real upstream servers."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from pregame.stack.nginx import BACK_SOON, Balancer, nginx_cmd, render_config, write_config
from pregame.stack.processes import free_port, port_in_use

pytestmark = pytest.mark.skipif(
    shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists(),
    reason="nginx is installed by scripts/services.sh (make services)",
)


class Named(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = json.dumps({"server": self.server.server_port}).encode()  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def serve() -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Named)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def balancer(tmp_path: Path) -> Iterator[tuple[Balancer, list[ThreadingHTTPServer]]]:
    servers = [serve(), serve()]
    ports = [s.server_port for s in servers]
    dead = free_port()  # an action server that is down
    b = Balancer("127.0.0.1", free_port(), free_port(), ports, [dead])
    config = write_config(b, tmp_path)
    process = subprocess.Popen(nginx_cmd(config), stderr=subprocess.PIPE)
    try:
        for _ in range(100):
            if port_in_use(b.rasa_port):
                break
            process.poll()
            assert process.returncode is None, process.stderr.read() if process.stderr else ""
            threading.Event().wait(0.05)
        yield b, servers
    finally:
        process.terminate()
        process.wait(10)
        for s in servers:
            s.shutdown()


def test_turns_are_spread_over_the_replicas_and_skip_a_dead_one(
    balancer: tuple[Balancer, list[ThreadingHTTPServer]],
) -> None:
    b, servers = balancer
    url = f"http://127.0.0.1:{b.rasa_port}/webhooks/rest/webhook"
    seen = {httpx.post(url, json={}).json()["server"] for _ in range(6)}
    assert seen == {s.server_port for s in servers}
    servers[0].shutdown()
    servers[0].server_close()
    after = [httpx.post(url, json={}).status_code for _ in range(4)]
    assert after == [200] * 4


def test_no_action_server_means_a_friendly_answer_for_rasa(
    balancer: tuple[Balancer, list[ThreadingHTTPServer]],
) -> None:
    b, _ = balancer
    reply = httpx.post(
        f"http://127.0.0.1:{b.action_port}/webhook",
        json={"next_action": "x"},
        params={"token": "token-canary"},
    )
    assert reply.status_code == 200
    assert reply.json()["responses"][0]["text"] == BACK_SOON


def test_the_action_token_never_reaches_a_log(
    balancer: tuple[Balancer, list[ThreadingHTTPServer]], tmp_path: Path
) -> None:
    b, _ = balancer
    for _ in range(3):  # the upstream is down: nginx has errors to log
        httpx.post(f"http://127.0.0.1:{b.action_port}/webhook?token=token-canary", json={})
    logs = " ".join(p.read_text() for p in tmp_path.glob("nginx*.log"))
    assert "token-canary" not in logs


def test_big_bodies_are_refused_at_the_door(
    balancer: tuple[Balancer, list[ThreadingHTTPServer]],
) -> None:
    b, _ = balancer
    reply = httpx.post(f"http://127.0.0.1:{b.rasa_port}/x", content=b"x" * 100_000)
    assert reply.status_code == 413


def test_config_names_every_replica(tmp_path: Path) -> None:
    text = render_config(Balancer("127.0.0.1", 1, 2, [11, 12], [21, 22]), tmp_path)
    for port in (11, 12, 21, 22):
        assert f"server 127.0.0.1:{port} " in text
    assert "listen 127.0.0.1:1;" in text and "listen 127.0.0.1:2;" in text
