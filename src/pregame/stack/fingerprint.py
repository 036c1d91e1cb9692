"""A fingerprint of everything a Rasa model is trained from, to retrain only on change."""

from __future__ import annotations

import hashlib
from pathlib import Path

TRAINING_INPUTS = ("config.yml", "bot/domain.yml", "bot/data", "bot/requirements.lock")


def training_files(root: Path) -> list[Path]:
    files: list[Path] = []
    for name in TRAINING_INPUTS:
        path = root / name
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.yml") if p.is_file()))
        elif path.is_file():
            files.append(path)
    return files


def fingerprint(root: Path) -> str:
    digest = hashlib.sha256()
    for path in training_files(root):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:12]


def model_name(root: Path) -> str:
    return f"pregame-{fingerprint(root)}"
