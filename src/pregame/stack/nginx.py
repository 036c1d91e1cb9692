"""nginx (from the OS packages) as the load balancer in front of the replicas.

One ``server`` for the REST channel in front of the Rasa servers, and one for the action
endpoint in front of the action servers. A replica that refuses connections is skipped
(``proxy_next_upstream``), so with two replicas a killed one costs the seller nothing. When no
action server answers at all, the action endpoint answers Rasa with a friendly message instead
of an error, so the seller hears "back in a moment" rather than silence.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pregame.stack.processes import StackError

BACK_SOON = (
    "Sorry, I'm restarting a part of myself right now and couldn't answer that. "
    "Please send it again in a few seconds."
)
ACTION_DOWN = json.dumps(
    {"events": [], "responses": [{"text": BACK_SOON, "custom": {"type": "error"}}]}
)


def nginx_bin() -> str:
    for candidate in (shutil.which("nginx"), "/usr/sbin/nginx"):
        if candidate and Path(candidate).exists():
            return candidate
    raise StackError(
        "Replicas need nginx as their load balancer: install it with `make services` "
        "(or apt-get install nginx)."
    )


@dataclass(frozen=True)
class Balancer:
    """Where nginx listens, and the replicas behind it."""

    host: str
    rasa_port: int
    action_port: int
    rasa_replicas: Sequence[int]
    action_replicas: Sequence[int]
    max_body: str = "64k"


def _upstream(name: str, host: str, ports: Sequence[int]) -> str:
    servers = "\n".join(f"    server {host}:{p} max_fails=1 fail_timeout=2s;" for p in ports)
    return f"  upstream {name} {{\n    least_conn;\n{servers}\n    keepalive 64;\n  }}\n"


def _proxy(upstream: str, read_timeout: int) -> str:
    return (
        f"      proxy_pass http://{upstream};\n"
        "      proxy_http_version 1.1;\n"
        '      proxy_set_header Connection "";\n'
        "      proxy_next_upstream error timeout http_502 http_503 non_idempotent;\n"
        "      proxy_next_upstream_tries 3;\n"
        "      proxy_connect_timeout 2s;\n"
        f"      proxy_read_timeout {read_timeout}s;\n"
    )


def render_config(balancer: Balancer, run_dir: Path) -> str:
    """The whole nginx.conf for this run (no include of the system's configuration)."""
    b = balancer
    temp = run_dir / "nginx"
    user = "user root root;\n" if os.geteuid() == 0 else ""
    action_down = ACTION_DOWN.replace("'", "\\'")
    return (
        f"{user}worker_processes 1;\n"
        "daemon off;\n"
        f"pid {run_dir / 'nginx.pid'};\n"
        f"error_log {run_dir / 'nginx-error.log'} warn;\n"
        "events { worker_connections 4096; }\n"
        "http {\n"
        "  access_log off;\n"
        f"  client_body_temp_path {temp / 'body'};\n"
        f"  proxy_temp_path {temp / 'proxy'};\n"
        f"  fastcgi_temp_path {temp / 'fastcgi'};\n"
        f"  uwsgi_temp_path {temp / 'uwsgi'};\n"
        f"  scgi_temp_path {temp / 'scgi'};\n"
        + _upstream("rasa", b.host, b.rasa_replicas)
        + _upstream("actions", b.host, b.action_replicas)
        + "  server {\n"
        f"    listen {b.host}:{b.rasa_port};\n"
        f"    client_max_body_size {b.max_body};\n"
        "    location / {\n" + _proxy("rasa", 120) + "    }\n"
        "  }\n"
        "  server {\n"
        f"    listen {b.host}:{b.action_port};\n"
        # Rasa sends the action token in the URL, and nginx logs request lines: only crit here.
        f"    error_log {run_dir / 'nginx-error.log'} crit;\n"
        # Rasa posts the whole tracker and domain with each action call: it grows per turn.
        "    client_max_body_size 64m;\n"
        "    client_body_buffer_size 1m;\n"
        "    location / {\n" + _proxy("actions", 60) + "      error_page 502 503 504 = @down;\n"
        "    }\n"
        "    location @down {\n"
        "      default_type application/json;\n"
        f"      return 200 '{action_down}';\n"
        "    }\n"
        "  }\n"
        "}\n"
    )


def write_config(balancer: Balancer, run_dir: Path) -> Path:
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (run_dir / "nginx" / sub).mkdir(parents=True, exist_ok=True)
    path = run_dir / "nginx.conf"
    path.write_text(render_config(balancer, run_dir))
    return path


def nginx_cmd(config: Path) -> list[str]:
    return [nginx_bin(), "-c", str(config), "-p", str(config.parent)]
