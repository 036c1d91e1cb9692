"""The running system: action server and Rasa server on loopback ports, stopped as one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import httpx

from pregame.rasa_client import RasaClient
from pregame.settings import Settings
from pregame.stack.processes import StackError, Supervisor, port_in_use
from pregame.stack.rasa import action_server_cmd, child_env, rasa_server_cmd, write_endpoints

PROBE_TIMEOUT = 2.0


@dataclass(frozen=True)
class Endpoints:
    rasa_url: str
    action_url: str


class Stack:
    """Context manager: ``with Stack(...) as endpoints:`` starts both servers, stops on exit.

    ``transport`` carries the health checks and the warm-up (tests swap the network with it).
    """

    def __init__(
        self,
        settings: Settings,
        model: Path,
        *,
        rasa_port: int,
        action_port: int,
        run_dir: Path | None = None,
        timeout: float = 180.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.settings = settings
        self.model = model
        self.rasa_port = rasa_port
        self.action_port = action_port
        self.run_dir = run_dir or settings.run_dir
        self.timeout = timeout
        self.transport = transport
        self.supervisor = Supervisor(self.run_dir, transport=transport)

    def __enter__(self) -> Endpoints:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> Endpoints:
        host = self.settings.host
        self.supervisor.reclaim_stale()
        for port in (self.rasa_port, self.action_port):
            if port_in_use(port, host):
                raise StackError(
                    f"Port {port} on {host} is already in use by another program. Stop it, "
                    "or choose other ports with PREGAME_RASA_PORT / PREGAME_ACTION_PORT."
                )
        root = self.settings.root
        env = {**child_env(), **self.settings.to_env(), "SANIC_HOST": host}
        actions = self.supervisor.start(
            "actions", action_server_cmd(self.settings, self.action_port), cwd=root, env=env
        )
        endpoints = write_endpoints(self.settings, self.action_port, self.run_dir)
        rasa = self.supervisor.start(
            "rasa",
            rasa_server_cmd(self.settings, self.model, self.rasa_port, endpoints),
            cwd=root,
            env=env,
        )
        action_base = f"http://{host}:{self.action_port}"
        rasa_base = f"http://{host}:{self.rasa_port}"
        self.supervisor.wait_ready(actions, f"{action_base}/health", self.timeout)
        status = RasaClient(rasa_base, timeout=PROBE_TIMEOUT, transport=self.transport)
        try:
            self.supervisor.wait_ready(rasa, f"{rasa_base}/status", self.timeout, status.ready)
        finally:
            status.close()
        warm_up(f"{action_base}/webhook", self.timeout, self.transport)
        return Endpoints(rasa_base, f"{action_base}/webhook")

    def stop(self) -> None:
        self.supervisor.stop_all()


WARM_UP = {
    "next_action": "action_pregame_warm_up",
    "sender_id": "pregame-warm-up",
    "tracker": {
        "sender_id": "pregame-warm-up",
        "slots": {},
        "latest_message": {},
        "events": [],
        "paused": False,
        "followup_action": None,
        "active_loop": {},
        "latest_action_name": None,
    },
    "domain": {},
    "version": "3.6.21",
}


def warm_up(webhook: str, timeout: float, transport: httpx.BaseTransport | None = None) -> None:
    """Load the embedding model and playbooks in the action server before the first turn."""
    with httpx.Client(transport=transport, timeout=timeout) as http:
        response = http.post(webhook, json=WARM_UP)
    if response.status_code != 200:
        raise StackError(f"The action server failed to warm up: {response.text[:500]}")
