"""Bot messages as the REST channel returns them, and the buttons in rendered blocks."""

from __future__ import annotations

from typing import Any


def msg(text: str, custom: dict[str, Any] | None = None, buttons: Any = None) -> dict[str, Any]:
    out: dict[str, Any] = {"text": text}
    if custom is not None:
        out["custom"] = custom
    if buttons:
        out["buttons"] = buttons
    return out


def elements(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
