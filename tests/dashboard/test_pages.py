from __future__ import annotations

import re

from pregame.dashboard.pages import SECTIONS, View, report
from pregame.insights.events import Filters
from pregame.insights.service import Insights


def test_the_report_is_one_self_contained_file(insights: Insights) -> None:
    html = report(insights, View(Filters()))
    assert not re.search(r"<script[^>]+src=", html), "no external scripts"
    assert not re.search(r"<link[^>]+href=", html)
    for name in SECTIONS:
        assert f'id="{name}"' in html
    assert html.count("Plotly.newPlot") >= len(SECTIONS)


def test_the_report_in_aggregate_only_mode(insights: Insights) -> None:
    assert "seller-ana" not in report(insights, View(Filters(), aggregate_only=True))
