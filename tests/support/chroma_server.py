"""A real Chroma server for tests: ``chroma run`` (the binary chromadb ships) on a free
loopback port, serving a folder; a test can pause it (SIGSTOP: it accepts connections and never
answers), resume it, kill it and start it again on the same port and folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.support.servers import free_port


class ChromaServer:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> ChromaServer:
        chroma = Path(sys.executable).with_name("chroma")
        log = (self.folder / "chroma.log").open("ab")
        self.process = subprocess.Popen(
            [str(chroma), "run", "--path", str(self.folder / "db"), "--host", "127.0.0.1",
             "--port", str(self.port)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"chroma run exited: see {self.folder / 'chroma.log'}")
            try:
                if httpx.get(f"{self.url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"chroma run was not ready within {timeout:.0f} s")

    def pause(self) -> None:
        """Stop answering without closing anything: calls to it hang."""
        os.kill(self._pid(), signal.SIGSTOP)

    def resume(self) -> None:
        os.kill(self._pid(), signal.SIGCONT)

    def kill(self) -> None:
        os.kill(self._pid(), signal.SIGKILL)
        assert self.process is not None
        self.process.wait(timeout=10)
        self.process = None

    def stop(self) -> None:
        if self.process is None:
            return
        os.kill(self.process.pid, signal.SIGCONT)  # a paused server cannot handle SIGTERM
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def _pid(self) -> int:
        if self.process is None:
            raise RuntimeError("the Chroma server is not running")
        return self.process.pid
