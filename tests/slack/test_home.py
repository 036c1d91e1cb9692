"""The App Home: the view, and the tab published when opened."""

from __future__ import annotations

import json
from datetime import datetime

from pregame.slack.home import HomePlay, HomePlaybook, home_view
from tests.support.slack_edge import mention
from tests.support.slack_harness import (
    Harness,
    posted_in,
)


def test_home_view() -> None:
    playbooks = [HomePlaybook("B2B", ["Discovery", "Demo"], ["CFO"])]
    plays = [HomePlay("Discovery with the CFO", "C1", datetime(2025, 3, 4))]
    view = home_view(playbooks, plays)
    body = json.dumps(view)
    assert view["type"] == "home"
    assert "*B2B*\\nPhases: Discovery, Demo\\nBuyers: CFO" in body
    assert "Discovery with the CFO* in <#C1>, Mar 04" in body
    empty = json.dumps(home_view([], []))
    assert "No playbooks are loaded yet" in empty and "None yet" in empty


def test_home_tab_lists_playbooks_and_recent_plays(harness: Harness) -> None:
    harness.event(mention("discovery call", "100.1"), "Ev1")
    posted_in(harness, "100.1", 2)
    harness.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"}, "Ev2")
    (published,) = harness.slack.wait_for("views.publish")
    assert published["user_id"] == "U1"
    home = json.dumps(published["view"])
    assert "B2B buyer experience playbook" in home
    assert "Discovery with the CFO" in home and "<#C1>" in home
    assert "Get started" in home
