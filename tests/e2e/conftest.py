"""One real stack for all end-to-end tests: trained Rasa model, action server, Chroma, model."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

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
    data = tmp_path_factory.mktemp("pregame-e2e")
    playbooks = data / "playbooks"
    shutil.copytree(ROOT / "playbooks", playbooks)
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
