"""The running system: Rasa and action servers (one or several replicas each), nginx in front of
replicas, a Chroma server when configured; all on loopback ports, stopped as one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

import httpx

from pregame.rasa_client import RasaClient
from pregame.settings import Settings, is_loopback
from pregame.stack.action_server import TOKEN_VAR
from pregame.stack.endpoints import action_env, rasa_env, server_base_env, write_endpoints
from pregame.stack.nginx import Balancer, nginx_cmd, write_config
from pregame.stack.processes import Process, StackError, Supervisor, free_port, port_in_use
from pregame.stack.rasa import action_server_cmd, chroma_server_cmd, rasa_server_cmd
from pregame.stack.secrets import StackSecrets, stack_secrets
from pregame.stack.store import prepare_store

log = logging.getLogger(__name__)

PROBE_TIMEOUT = 2.0


@dataclass(frozen=True)
class Endpoints:
    rasa_url: str
    action_url: str
    rasa_replicas: tuple[str, ...] = ()
    action_replicas: tuple[str, ...] = ()
    token: str = field(default="", repr=False)


class Stack:
    """Context manager: ``with Stack(...) as endpoints:`` starts everything, stops on exit.

    With ``settings.replicas`` above one, that many Rasa servers and action servers run on free
    loopback ports behind nginx, which listens on ``rasa_port`` and ``action_port``; any
    replica serves any turn (conversations live in the SQL store, and with ``redis_url`` set
    Rasa's lock store keeps a conversation's turns in order across replicas).
    ``transport`` carries the health checks and the warm-up (tests swap the network with it).
    ``before_actions`` runs after the Rasa servers are launched (they take the longest to
    load) and before any action server starts: the stack's index sync, so no action server
    reads an index that is being written.
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
        before_actions: Callable[[], None] | None = None,
    ) -> None:
        self.settings = settings
        self.before_actions = before_actions
        self.model = model
        self.rasa_port = rasa_port
        self.action_port = action_port
        self.run_dir = run_dir or settings.run_dir
        self.timeout = timeout
        self.transport = transport
        self.supervisor = Supervisor(self.run_dir, transport=transport)
        self._clients: list[RasaClient] = []

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
        settings, host = self.settings, self.settings.host
        self.supervisor.reclaim_stale()
        for port in (self.rasa_port, self.action_port):
            if port_in_use(port, host):
                raise StackError(
                    f"Port {port} on {host} is already in use by another program. Stop it, "
                    "or choose other ports with PREGAME_RASA_PORT / PREGAME_ACTION_PORT."
                )
        if settings.replicas > 1 and not settings.redis_url:
            raise StackError(
                "Replicas need a shared lock store so a conversation's turns stay in order: "
                "set PREGAME_REDIS_URL (redis://host:6379/0)."
            )
        if settings.replicas > 1 and not settings.database_url:
            log.warning("replicas on the SQLite store: fine for a trial, use PostgreSQL in "
                        "production (PREGAME_DATABASE_URL)")  # fmt: skip
        secrets = stack_secrets(settings.path(settings.data_dir))
        prepare_store(settings)
        self._start_chroma()
        replicas = settings.replicas
        balanced = replicas > 1
        action_ports = (
            [free_port(host) for _ in range(replicas)] if balanced else [self.action_port]
        )
        rasa_ports = [free_port(host) for _ in range(replicas)] if balanced else [self.rasa_port]
        action_url = f"http://{host}:{self.action_port}/webhook"
        endpoints, store_secrets = write_endpoints(settings, action_url, self.run_dir)
        rasas = [
            self.supervisor.start(
                _name("rasa", i, balanced),
                rasa_server_cmd(settings, self.model, port, endpoints, secrets.rasa_token),
                cwd=settings.root,
                env=rasa_env(settings, secrets, store_secrets),
            )
            for i, port in enumerate(rasa_ports)
        ]
        if self.before_actions is not None:
            self.before_actions()  # while Rasa loads its model: indexing, for example
        actions = [
            self.supervisor.start(
                _name("actions", i, balanced),
                action_server_cmd(settings, port),
                cwd=settings.root,
                env=action_env(settings, secrets, index_writer=i == 0),
            )
            for i, port in enumerate(action_ports)
        ]
        if balanced:
            config = write_config(
                Balancer(host, self.rasa_port, self.action_port, rasa_ports, action_ports),
                self.run_dir,
            )
            nginx = self.supervisor.start(
                "nginx", nginx_cmd(config), cwd=self.run_dir, env=server_base_env()
            )
            self.supervisor.wait_ready(
                nginx, f"http://{host}:{self.rasa_port}", 20, self._listening(self.rasa_port)
            )
        for process, port in zip(actions, action_ports, strict=True):
            self.supervisor.wait_ready(process, f"http://{host}:{port}/health", self.timeout)
        for process, port in zip(rasas, rasa_ports, strict=True):
            self._wait_rasa(process, f"http://{host}:{port}", secrets)
        for port in action_ports:
            warm_up(f"http://{host}:{port}/webhook", self.timeout, self.transport, secrets)
        for port in rasa_ports:
            warm_up_nlu(f"http://{host}:{port}", self.timeout, self.transport, secrets)
        return Endpoints(
            f"http://{host}:{self.rasa_port}",
            action_url,
            tuple(f"http://{host}:{p}" for p in rasa_ports),
            tuple(f"http://{host}:{p}/webhook" for p in action_ports),
            secrets.rasa_token,
        )

    def stop(self) -> None:
        self.supervisor.stop_all()
        for client in self._clients:
            client.close()
        self._clients.clear()

    def _listening(self, port: int) -> Callable[[], bool]:
        host = self.settings.host
        return lambda: port_in_use(port, host)

    def _wait_rasa(self, process: Process, base: str, secrets: StackSecrets) -> None:
        # Kept open while the stack runs: the supervisor probes a restarted Rasa with it too.
        status = RasaClient(
            base, timeout=PROBE_TIMEOUT, transport=self.transport, token=secrets.rasa_token
        )
        self._clients.append(status)
        self.supervisor.wait_ready(process, f"{base}/status", self.timeout, status.ready)

    def _start_chroma(self) -> None:
        """A Chroma server for the action servers when the settings point at this machine."""
        settings = self.settings
        if not settings.chroma_host or not is_loopback(settings.chroma_host):
            return
        if port_in_use(settings.chroma_port, settings.chroma_host):
            return  # already serving (started by hand or by another tool)
        chroma = self.supervisor.start(
            "chroma", chroma_server_cmd(settings), cwd=settings.root, env=server_base_env()
        )
        url = f"http://{settings.chroma_host}:{settings.chroma_port}/api/v2/heartbeat"
        self.supervisor.wait_ready(chroma, url, self.timeout)


def _name(kind: str, index: int, balanced: bool) -> str:
    return f"{kind}-{index + 1}" if balanced else kind


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


def warm_up(
    webhook: str,
    timeout: float,
    transport: httpx.BaseTransport | None = None,
    secrets: StackSecrets | None = None,
) -> None:
    """Load the embedding model and playbooks in an action server before the first turn."""
    params = {"token": secrets.action_token} if secrets else {}
    with httpx.Client(transport=transport, timeout=timeout) as http:
        response = http.post(webhook, json=WARM_UP, params=params)
    if response.status_code != 200:
        raise StackError(f"The action server failed to warm up: {response.text[:500]}")


WARM_UP_TEXT = "I have a discovery call with the CFO tomorrow"


def warm_up_nlu(
    base: str,
    timeout: float,
    transport: httpx.BaseTransport | None = None,
    secrets: StackSecrets | None = None,
) -> None:
    """Run the NLU pipeline once in a Rasa server before the first turn: its first parse builds
    the classifier's compute graph (about 0.4 s, 8x a warm turn), which no seller should wait
    for. A parse creates no conversation."""
    params = {"token": secrets.rasa_token} if secrets else {}
    with httpx.Client(transport=transport, timeout=timeout) as http:
        response = http.post(f"{base}/model/parse", json={"text": WARM_UP_TEXT}, params=params)
    if response.status_code != 200:
        raise StackError(f"Rasa failed to warm up: {response.text[:500]}")


__all__ = ["TOKEN_VAR", "Endpoints", "Stack", "warm_up", "warm_up_nlu"]
