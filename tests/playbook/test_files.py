from __future__ import annotations

from pathlib import Path

from pregame.playbook.files import playbook_files


def test_folders_give_yml_and_yaml_files_sorted_and_files_are_kept(tmp_path: Path) -> None:
    for name in ("b.yaml", "a.yml", "notes.md", "c.YML.bak"):
        (tmp_path / name).write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "deep.yml").write_text("x")
    other = tmp_path / "sub" / "explicit.txt"
    other.write_text("x")
    assert playbook_files(tmp_path) == [tmp_path / "a.yml", tmp_path / "b.yaml"]
    assert playbook_files(other, tmp_path) == [
        tmp_path / "a.yml",
        tmp_path / "b.yaml",
        other,
    ]
    assert playbook_files(tmp_path / "a.yml", tmp_path) == [tmp_path / "a.yml", tmp_path / "b.yaml"]


def test_missing_folder_gives_nothing(tmp_path: Path) -> None:
    assert playbook_files(tmp_path / "nowhere") == []
