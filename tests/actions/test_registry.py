"""The action server's own registry loads every action the domain names, and nothing else."""

from __future__ import annotations

import yaml
from rasa_sdk.executor import ActionExecutor

from tests.support.paths import ROOT


def test_every_domain_action_is_registered_by_the_action_server() -> None:
    executor = ActionExecutor()
    executor.register_package("actions")
    domain = yaml.safe_load((ROOT / "bot" / "domain.yml").read_text())
    custom = {a for a in domain["actions"] if not a.startswith("utter_")}
    registered = set(executor.actions)
    assert custom <= registered, f"not registered: {custom - registered}"
    assert registered - custom == {"action_pregame_warm_up"}
