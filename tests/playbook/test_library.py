from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pregame.playbook.library import PlaybookLibrary
from pregame.playbook.loader import Finding
from pregame.playbook.references import knowledge_references
from pregame.playbook.schema import Playbook
from pregame.retrieval.catalog import KnowledgeCatalog
from tests.support.paths import FIXTURES, ROOT

MINIMAL = FIXTURES / "playbooks" / "valid-minimal.yml"
BAD_CONTENT = FIXTURES / "playbooks" / "bad-content.yml"


def _touch_later(path: Path) -> None:
    """Make sure the mtime moves even on coarse-grained file systems."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_changed_file_is_reloaded(tmp_path: Path) -> None:
    path = tmp_path / "minimal.yml"
    shutil.copy(MINIMAL, path)
    library = PlaybookLibrary(tmp_path)
    library.refresh()
    assert library.get("minimal").phase("discovery").steps[0].title == "Open the call"
    path.write_text(path.read_text().replace("Open the call", "Set the agenda"))
    _touch_later(path)
    library.refresh()
    assert library.get("minimal").phase("discovery").steps[0].title == "Set the agenda"


def test_broken_edit_keeps_last_valid_version(tmp_path: Path) -> None:
    path = tmp_path / "minimal.yml"
    shutil.copy(MINIMAL, path)
    library = PlaybookLibrary(tmp_path)
    library.refresh()
    assert [p.id for p in library.playbooks()] == ["minimal"]
    path.write_text(path.read_text().replace("do: Agree", "doo: Agree"))
    _touch_later(path)
    library.refresh()
    assert library.get("minimal").phase("discovery").steps[0].do.startswith("Agree")
    assert "did you mean 'do'?" in str(library.errors[path])


def test_added_and_deleted_files(tmp_path: Path) -> None:
    library = PlaybookLibrary(tmp_path)
    library.refresh()
    assert library.playbooks() == []
    path = tmp_path / "minimal.yml"
    shutil.copy(MINIMAL, path)
    library.refresh()
    assert [p.id for p in library.playbooks()] == ["minimal"]
    path.unlink()
    library.refresh()
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


def test_lookups_do_not_read_the_disk(tmp_path: Path) -> None:
    path = tmp_path / "minimal.yml"
    library = PlaybookLibrary(tmp_path)
    shutil.copy(MINIMAL, path)
    assert library.playbooks() == [] and library.by_file() == {}, "nothing read before refresh"
    with pytest.raises(KeyError):
        library.get("minimal")
    library.refresh()
    path.write_text(path.read_text().replace("Open the call", "Set the agenda"))
    _touch_later(path)
    assert library.get("minimal").phase("discovery").steps[0].title == "Open the call"
    assert list(library.by_file()) == [path]
    library.refresh()
    assert library.get("minimal").phase("discovery").steps[0].title == "Set the agenda"


def test_playbook_with_an_unknown_reference_is_not_served(tmp_path: Path) -> None:
    catalog = KnowledgeCatalog(ROOT / "knowledge")
    catalog.refresh()
    shutil.copy(BAD_CONTENT, tmp_path / "bad-content.yml")
    shutil.copy(MINIMAL, tmp_path / "minimal.yml")
    library = PlaybookLibrary(tmp_path, checks=[knowledge_references(catalog)])
    library.refresh()
    assert [p.id for p in library.playbooks()] == ["minimal"]
    assert "no knowledge document has the tag" in str(library.errors[tmp_path / "bad-content.yml"])


def test_edit_that_fails_a_check_keeps_the_last_good_version(tmp_path: Path) -> None:
    allowed = {"Open the call"}

    def titles_allowed(playbook: Playbook) -> list[Finding]:
        steps = playbook.phases[0].steps
        return [] if steps[0].title in allowed else [(("phases", 0), "title not allowed")]

    path = tmp_path / "minimal.yml"
    shutil.copy(MINIMAL, path)
    library = PlaybookLibrary(tmp_path, checks=[titles_allowed])
    library.refresh()
    path.write_text(path.read_text().replace("Open the call", "Set the agenda"))
    _touch_later(path)
    library.refresh()
    assert library.get("minimal").phase("discovery").steps[0].title == "Open the call"
    assert "title not allowed" in str(library.errors[path])
    allowed.add("Set the agenda")  # what the check depends on changed, the file did not
    library.refresh()
    assert library.get("minimal").phase("discovery").steps[0].title == "Set the agenda"
    assert path not in library.errors
