from __future__ import annotations

import os
import shutil
from pathlib import Path

from pregame.playbook.library import PlaybookLibrary
from tests.support.paths import FIXTURES

MINIMAL = FIXTURES / "playbooks" / "valid-minimal.yml"


def _touch_later(path: Path) -> None:
    """Make sure the mtime moves even on coarse-grained file systems."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_changed_file_is_reloaded(tmp_path: Path) -> None:
    path = tmp_path / "minimal.yml"
    shutil.copy(MINIMAL, path)
    library = PlaybookLibrary(tmp_path)
    assert library.get("minimal").phase("discovery").steps[0].title == "Open the call"
    path.write_text(path.read_text().replace("Open the call", "Set the agenda"))
    _touch_later(path)
    assert library.get("minimal").phase("discovery").steps[0].title == "Set the agenda"


def test_broken_edit_keeps_last_valid_version(tmp_path: Path) -> None:
    path = tmp_path / "minimal.yml"
    shutil.copy(MINIMAL, path)
    library = PlaybookLibrary(tmp_path)
    assert [p.id for p in library.playbooks()] == ["minimal"]
    path.write_text(path.read_text().replace("do: Agree", "doo: Agree"))
    _touch_later(path)
    assert library.get("minimal").phase("discovery").steps[0].do.startswith("Agree")
    assert "did you mean 'do'?" in str(library.errors[path])


def test_added_and_deleted_files(tmp_path: Path) -> None:
    library = PlaybookLibrary(tmp_path)
    assert library.playbooks() == []
    path = tmp_path / "minimal.yml"
    shutil.copy(MINIMAL, path)
    assert [p.id for p in library.playbooks()] == ["minimal"]
    path.unlink()
    assert library.playbooks() == []


def test_listener_hears_about_changes_only(tmp_path: Path) -> None:
    heard: list[list[str]] = []
    library = PlaybookLibrary(
        tmp_path, on_change=lambda p: heard.append([b.id for b in p.values()])
    )
    path = tmp_path / "minimal.yml"
    shutil.copy(MINIMAL, path)
    library.refresh()
    library.refresh()
    assert heard == [["minimal"]]
    path.write_text(path.read_text().replace("do: Agree", "doo: Agree"))
    _touch_later(path)
    library.refresh()
    assert heard == [["minimal"]], "an invalid edit changes nothing that is served"
    path.unlink()
    library.refresh()
    assert heard == [["minimal"], []]
