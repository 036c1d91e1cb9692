from __future__ import annotations

from pathlib import Path

from pregame.playbook.files import playbook_files, project_root


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


def test_the_project_is_found_from_any_folder_below_it(tmp_path: Path) -> None:
    (tmp_path / "playbooks").mkdir()
    (tmp_path / "pyproject.toml").write_text("")
    deep = tmp_path / "knowledge" / "notes"
    deep.mkdir(parents=True)
    assert project_root(deep) == tmp_path
    assert project_root(tmp_path / "playbooks" / "x.yml") == tmp_path
    assert project_root(tmp_path) == tmp_path


def test_a_data_folder_marks_a_project_too(tmp_path: Path) -> None:
    (tmp_path / "playbooks").mkdir()
    (tmp_path / ".pregame").mkdir()
    assert project_root(tmp_path / "playbooks") == tmp_path


def test_no_project_above(tmp_path: Path) -> None:
    (tmp_path / "playbooks").mkdir()  # playbooks/ alone is not a project
    assert project_root(tmp_path / "playbooks") is None
