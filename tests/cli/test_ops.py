"""`pregame forget` and `pregame loadtest` from the command line."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pregame.cli import Wiring, app
from pregame.settings import Settings
from pregame.store.database import Database
from pregame.store.records import PlayRecord, Records

runner = CliRunner()


class Echo(BaseHTTPRequestHandler):
    """A stand-in REST channel that answers each seller with their own words."""

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        reply = json.dumps([{"recipient_id": body["sender"], "text": body["message"]}]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def rest_channel() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_loadtest_prints_the_figures(rest_channel: str) -> None:
    result = runner.invoke(
        app, ["loadtest", "--sellers", "3", "--turns", "4", "--url", rest_channel, "--json"]
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout[result.stdout.index("{") :])
    assert figures["sellers"] == 3 and figures["errors"] == 0 and figures["crosstalk"] == 0


def test_loadtest_against_nothing_fails_with_errors() -> None:
    result = runner.invoke(
        app, ["loadtest", "--sellers", "1", "--turns", "1", "--url", "http://127.0.0.1:9"]
    )
    assert result.exit_code == 1
    assert "1 errors" in result.stdout


def test_forget_asks_then_deletes(tmp_path: Path) -> None:
    settings = Settings(root=tmp_path)
    db = Database(settings.database)
    db.migrate()
    Records(db).play(PlayRecord("U1", "T1", "C1", "1.0", "pb", "discovery", None))
    wiring = Wiring(settings=lambda: settings)

    refused = runner.invoke(app, ["forget", "--user", "U1"], input="n\n", obj=wiring)
    assert refused.exit_code == 1 and len(Records(db).recent_plays("U1", "T1")) == 1

    done = runner.invoke(app, ["forget", "--user", "U1", "--yes"], obj=wiring)
    assert done.exit_code == 0, done.output
    assert "1 record(s)" in done.stdout
    assert Records(db).recent_plays("U1", "T1") == []
