from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pregame.playbook.draft import Draft, Finding
from pregame.playbook.library import PlaybookLibrary
from pregame.playbook.references import knowledge_references
from pregame.playbook.stale import StaleFile, sha256
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

    def titles_allowed(data: Draft) -> list[Finding]:
        title = data["phases"][0]["steps"][0]["title"]
        return [] if title in allowed else [(("phases", 0, "steps", 0, "title"), "not allowed")]

    path = tmp_path / "minimal.yml"
    shutil.copy(MINIMAL, path)
    library = PlaybookLibrary(tmp_path, checks=[titles_allowed])
    library.refresh()
    path.write_text(path.read_text().replace("Open the call", "Set the agenda"))
    _touch_later(path)
    library.refresh()
    assert library.get("minimal").phase("discovery").steps[0].title == "Open the call"
    assert "phases[0].steps[0].title: not allowed" in str(library.errors[path])
    allowed.add("Set the agenda")  # what the check depends on changed, the file did not
    library.refresh()
    assert library.get("minimal").phase("discovery").steps[0].title == "Set the agenda"
    assert path not in library.errors


def test_a_broken_edit_is_reported_as_stale_with_the_version_served(tmp_path: Path) -> None:
    heard: list[list[StaleFile]] = []
    path = tmp_path / "minimal.yml"
    shutil.copy(MINIMAL, path)
    library = PlaybookLibrary(tmp_path, on_stale=heard.append)
    library.refresh()
    good = path.stat().st_mtime_ns / 1e9, sha256(path.read_bytes())
    library.refresh()
    assert heard == [[]], "the first refresh reports (nothing is stale), then only changes"
    path.write_text(path.read_text().replace("do: Agree", "doo: Agree"))
    _touch_later(path)
    library.refresh()
    broken = path.stat().st_mtime_ns / 1e9, sha256(path.read_bytes())
    expected = StaleFile(
        file=path,
        broken_since=broken[0],
        error="21:9: phases[0].steps[0].doo: unknown field 'doo'; did you mean 'do'?",
        problems=1,
        broken_sha256=broken[1],
        served_at=good[0],
        served_sha256=good[1],
        playbook_id="minimal",
    )
    assert library.stale() == [expected] and heard[-1] == [expected]
    path.write_text(path.read_text().replace("title: Open the call", "title: Open"))
    _touch_later(path)
    library.refresh()
    (still,) = library.stale()
    assert still.broken_since == broken[0], "broken since the first broken save"
    assert still.broken_sha256 == sha256(path.read_bytes()) and len(heard) == 3
    path.write_text(path.read_text().replace("doo: Agree", "do: Agree"))
    _touch_later(path)
    library.refresh()
    assert library.stale() == [] and heard[-1] == []


def test_a_file_broken_from_the_start_is_served_from_no_version(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "playbooks" / "unknown-field.yml", tmp_path / "typo.yml")
    library = PlaybookLibrary(tmp_path)
    library.refresh()
    (stale,) = library.stale()
    assert (stale.served_at, stale.served_sha256, stale.playbook_id) == (None, None, None)


def test_a_file_that_starts_failing_a_check_is_broken_since_then(tmp_path: Path) -> None:
    """Saved again unchanged after what a check depends on changed: its content is the one
    served, so it is broken since the library found it failing, not since it was written."""
    allowed = {"Open the call"}

    def titles_allowed(data: Draft) -> list[Finding]:
        title = data["phases"][0]["steps"][0]["title"]
        return [] if title in allowed else [(("phases", 0, "steps", 0, "title"), "not allowed")]

    shutil.copy(MINIMAL, tmp_path / "minimal.yml")
    library = PlaybookLibrary(tmp_path, checks=[titles_allowed], clock=lambda: 1234.5)
    library.refresh()
    allowed.clear()
    _touch_later(tmp_path / "minimal.yml")
    library.refresh()
    (stale,) = library.stale()
    assert stale.broken_since == 1234.5 and stale.broken_sha256 == stale.served_sha256


def test_a_failing_stale_listener_does_not_stop_loading(tmp_path: Path) -> None:
    calls: list[int] = []

    def full_disk(stale: list[StaleFile]) -> None:
        calls.append(len(stale))
        raise OSError("No space left on device")

    shutil.copy(MINIMAL, tmp_path / "minimal.yml")
    library = PlaybookLibrary(tmp_path, on_stale=full_disk)
    library.refresh()
    library.refresh()
    assert [p.id for p in library.playbooks()] == ["minimal"]
    assert calls == [0, 0], "not reported yet, so tried again"


def test_a_file_wrong_in_itself_is_read_again_only_when_it_changes(tmp_path: Path) -> None:
    """A syntax or schema error cannot go away without an edit; a failed check can."""
    calls: list[str] = []

    def counting(data: Draft) -> list[Finding]:
        calls.append(str(data["playbook"]["id"]))
        return []

    shutil.copy(FIXTURES / "playbooks" / "unknown-field.yml", tmp_path / "typo.yml")
    library = PlaybookLibrary(tmp_path, checks=[counting])
    library.refresh()
    library.refresh()
    assert calls == ["typo"], "read once"
    assert library.errors[tmp_path / "typo.yml"].in_file
