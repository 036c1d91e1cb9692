"""`pregame doctor`: each check against a project in a temporary folder."""

from __future__ import annotations

import shutil
import socket
import stat
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from pregame import doctor
from pregame.doctor import Status
from pregame.retrieval import store
from pregame.settings import Settings
from pregame.stack.fingerprint import model_name
from pregame.stack.processes import free_port
from tests.support.paths import FIXTURES


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    (tmp_path / "playbooks").mkdir()
    (tmp_path / "knowledge").mkdir()
    return Settings(
        root=tmp_path,
        data_dir=Path(".pregame"),
        embedding_model=str(tmp_path / "model"),
        rasa_bin=Path(".venv-rasa/bin/rasa"),
        rasa_port=free_port(),
        action_port=free_port(),
    )


def _fake_python(settings: Settings, prints: str, code: int = 0) -> None:
    python = settings.path(settings.rasa_bin).parent / "python"
    python.parent.mkdir(parents=True)
    python.write_text(f"#!/bin/sh\necho '{prints}'\necho 'no rasa' >&2\nexit {code}\n")
    python.chmod(python.stat().st_mode | stat.S_IEXEC)


def test_run_checks_runs_every_check_in_order(settings: Settings) -> None:
    names = [c.name for c in doctor.run_checks(settings)]
    assert names == [
        "app runtime",
        "rasa runtime",
        "embedding model",
        "playbooks",
        "chroma store",
        "rasa model",
        "ports",
    ]


def test_app_runtime_is_this_python(settings: Settings) -> None:
    assert doctor.app_runtime(settings).status is Status.ok


def test_rasa_runtime_missing_says_make_setup(settings: Settings) -> None:
    check = doctor.rasa_runtime(settings)
    assert check.status is Status.fail and "make setup" in check.fix


def test_rasa_runtime_versions(settings: Settings) -> None:
    _fake_python(settings, "3.10.14 3.6.21")
    check = doctor.rasa_runtime(settings)
    assert (check.status, check.detail) == (Status.ok, "Python 3.10.14, Rasa 3.6.21")


def test_rasa_runtime_on_the_wrong_python_fails(settings: Settings) -> None:
    _fake_python(settings, "3.11.2 3.6.21")
    check = doctor.rasa_runtime(settings)
    assert check.status is Status.fail and "remove .venv-rasa" in check.fix


def test_rasa_runtime_that_cannot_import_rasa_fails(settings: Settings) -> None:
    _fake_python(settings, "", code=1)
    check = doctor.rasa_runtime(settings)
    assert check.status is Status.fail and "no rasa" in check.detail


def test_embedding_model(settings: Settings) -> None:
    assert doctor.embedding_model(settings).status is Status.fail
    model = Path(settings.embedding_model)
    model.mkdir()
    (model / "config.json").write_text("{}")
    assert doctor.embedding_model(settings).status is Status.ok


def test_playbooks_none_valid_or_broken(settings: Settings) -> None:
    folder = settings.path(settings.playbooks_dir)
    assert doctor.playbooks(settings).status is Status.warn
    shutil.copy(FIXTURES / "playbooks" / "valid-minimal.yml", folder)
    assert doctor.playbooks(settings) == doctor.Check("playbooks", Status.ok, "1 valid")
    shutil.copy(FIXTURES / "playbooks" / "unknown-field.yml", folder)
    check = doctor.playbooks(settings)
    assert check.status is Status.fail and check.detail == "1 valid, 1 with errors"
    assert "pregame validate" in check.fix


def test_playbooks_apply_the_checks_validate_applies(settings: Settings) -> None:
    """A playbook whose knowledge references do not resolve fails here as in `validate`."""
    shutil.copy(FIXTURES / "playbooks" / "bad-reference.yml", settings.path(settings.playbooks_dir))
    assert doctor.playbooks(settings).status is Status.fail


def test_chroma_store_not_indexed_then_indexed(settings: Settings) -> None:
    check = doctor.chroma_store(settings)
    assert check.status is Status.warn and "pregame index" in check.fix
    client = store.open_client(settings.chroma_dir)
    client.get_or_create_collection(store.KNOWLEDGE).add(
        ids=["a"], documents=["a passage"], embeddings=np.array([[0.1, 0.2]], dtype=np.float32)
    )
    check = doctor.chroma_store(settings)
    assert check.status is Status.ok and "knowledge: 1 chunks" in check.detail


def test_chroma_server_that_does_not_answer_fails(settings: Settings) -> None:
    unreachable = settings.model_copy(
        update={"chroma_host": "127.0.0.1", "chroma_port": free_port()}
    )
    check = doctor.chroma_store(unreachable)
    assert check.status is Status.fail and "PREGAME_CHROMA_HOST" in check.fix


def test_rasa_model_matches_the_training_data(settings: Settings) -> None:
    assert doctor.rasa_model(settings).status is Status.warn
    models = settings.path(settings.models_dir)
    models.mkdir()
    (models / f"{model_name(settings.root)}.tar.gz").write_bytes(b"")
    assert doctor.rasa_model(settings).status is Status.ok


@pytest.fixture
def listening(settings: Settings) -> Iterator[int]:
    with socket.socket() as sock:
        sock.bind((settings.host, settings.rasa_port))
        sock.listen()
        yield settings.rasa_port


def test_ports_free(settings: Settings) -> None:
    assert doctor.ports(settings).status is Status.ok


def test_ports_in_use_warn(settings: Settings, listening: int) -> None:
    check = doctor.ports(settings)
    assert check.status is Status.warn and str(listening) in check.detail
