from __future__ import annotations

from pregame.insights.catalog import Catalog
from pregame.insights.events import BotEvent, Filters, UserEvent
from pregame.insights.funnel import _phase_funnel, _runs
from pregame.insights.service import Insights
from pregame.insights.timeline import Said


def test_discovery_funnel_from_the_fixture(insights: Insights) -> None:
    funnels = {(f.playbook, f.phase): f for f in insights.funnel(Filters())}
    discovery = funnels[("b2b-buyer-experience", "discovery")]
    assert discovery.runs == 5 and discovery.exits == 1
    assert [s.reached for s in discovery.steps] == [5, 5, 5, 4]
    assert discovery.steps[0].title == "Open the call and agree the agenda"
    assert sum(s.skipped_quickly for s in discovery.steps) > 0
    assert sum(s.stopped_here for s in discovery.steps) == discovery.runs - discovery.exits


def test_the_playbook_filter(insights: Insights) -> None:
    assert {f.playbook for f in insights.funnel(Filters(playbook="events-and-partners"))} == {
        "events-and-partners"
    }


def _step(at: float, index: int) -> BotEvent:
    return BotEvent(
        "s",
        at,
        {
            "type": "step",
            "playbook": "p",
            "phase": "x",
            "index": index,
            "count": 5,
            "step": f"s{index}",
            "title": f"T{index}",
        },
    )


def test_jumped_over_quick_next_and_stop() -> None:
    bots = [
        BotEvent("s", 0.0, {"type": "play_started", "playbook": "p", "phase": "x"}),
        _step(0.0, 0),
        _step(10.0, 1),
        _step(11.0, 4),
    ]
    said = Said(
        [UserEvent("s", 9.0, "next_step", "next"), UserEvent("s", 10.5, "go_to", "go to step 5")]
    )
    (run,) = _runs(bots)
    f = _phase_funnel("p", "x", [run], said, Catalog(), quick_seconds=5.0)
    assert [s.reached for s in f.steps] == [1, 1, 0, 0, 1]
    assert [s.jumped_over for s in f.steps] == [0, 0, 1, 1, 0]
    assert [s.skipped_quickly for s in f.steps] == [0, 1, 0, 0, 0]
    assert [s.stopped_here for s in f.steps] == [0, 0, 0, 0, 1]
    assert f.exits == 0
