"""One real stack for all end-to-end tests: trained Rasa model, action server, Chroma, model."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from pregame.indexing import index_default
from pregame.services import build_services
from pregame.settings import Settings
from pregame.stack.processes import free_port
from pregame.stack.rasa import train
from pregame.stack.stack import Stack
from tests.support.paths import ROOT
from tests.support.real_stack import RealStack


@pytest.fixture(scope="session")
def real_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RealStack]:
    """Started once per test run on free loopback ports, with its own playbooks and store.

    The model is trained here, or reused while its training data's fingerprint is unchanged.
    """
    with stack_with(tmp_path_factory.mktemp("pregame-e2e")) as stack:
        yield stack


@contextmanager
def stack_with(data: Path, *extra_playbooks: Path) -> Iterator[RealStack]:
    """A real stack over a copy of the project's playbooks and the ``extra_playbooks`` files,
    with its data (store, index, run files) in ``data``."""
    playbooks = data / "playbooks"
    shutil.copytree(ROOT / "playbooks", playbooks)
    for extra in extra_playbooks:
        shutil.copy(extra, playbooks / extra.name)
    settings = Settings(
        root=ROOT,
        data_dir=data,
        playbooks_dir=playbooks,
        rasa_port=free_port(),
        action_port=free_port(),
    )
    index_default(build_services(settings))
    model = train(settings).model
    with Stack(
        settings,
        model,
        rasa_port=settings.rasa_port,
        action_port=settings.action_port,
        run_dir=data / "run",
    ) as endpoints:
        yield RealStack(settings, endpoints, playbooks, data)
