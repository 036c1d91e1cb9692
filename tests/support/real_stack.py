"""What the end-to-end tests' ``real_stack`` fixture yields (the fixture is in tests/e2e)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pregame.settings import Settings
from pregame.stack.stack import Endpoints


@dataclass
class RealStack:
    settings: Settings
    endpoints: Endpoints
    playbooks: Path
    data: Path
