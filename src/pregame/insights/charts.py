"""Charts of the insights, drawn with plotly; the JavaScript is served locally or inlined.

Each function takes a query's result and returns a figure; :func:`div` turns one into an HTML
fragment for a page that loads plotly.js itself (no CDN anywhere).
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

from pregame.insights.adoption import Adoption
from pregame.insights.clusters import Cluster
from pregame.insights.content import ContentReport
from pregame.insights.feedback import Rated
from pregame.insights.funnel import PhaseFunnel
from pregame.insights.gaps import KnownObjection
from pregame.insights.readiness import TeamReadiness

UP, DOWN, GREY, BLUE, AMBER = "#2e7d32", "#c62828", "#9e9e9e", "#1565c0", "#ef6c00"


def plotly_js() -> str:
    """plotly.js from the installed package (for /static and the one-file report)."""
    return str(get_plotlyjs())


def _layout(fig: go.Figure, title: str, height: int = 360) -> go.Figure:
    fig.update_layout(
        title=title,
        height=height,
        margin={"l": 40, "r": 20, "t": 50, "b": 40},
        template="plotly_white",
        legend={"orientation": "h"},
    )
    return fig


def div(fig: go.Figure, chart_id: str) -> str:
    """An HTML fragment that draws ``fig`` once plotly.js is on the page."""
    html: Any = pio.to_html(
        fig,
        include_plotlyjs=False,
        full_html=False,
        div_id=chart_id,
        config={"displaylogo": False, "responsive": True},
    )
    return str(html)


def adoption_weeks(data: Adoption) -> go.Figure:
    weeks = [w.week.isoformat() for w in data.weeks]
    fig = go.Figure()
    fig.add_bar(
        x=weeks, y=[w.new_sellers for w in data.weeks], name="new sellers", marker_color=AMBER
    )
    fig.add_bar(
        x=weeks,
        y=[w.returning_sellers for w in data.weeks],
        name="returning sellers",
        marker_color=BLUE,
    )
    fig.add_scatter(
        x=weeks,
        y=[w.conversations for w in data.weeks],
        name="conversations",
        mode="lines+markers",
        marker_color=GREY,
    )
    fig.update_layout(barmode="stack", xaxis={"type": "category"})
    return _layout(fig, "Active sellers and conversations per week")


def plays_by_phase(data: Adoption) -> go.Figure:
    labels = [f"{book} / {phase}" for book, phase in data.plays_by_phase]
    fig = go.Figure(
        go.Bar(x=list(data.plays_by_phase.values()), y=labels, orientation="h", marker_color=BLUE)
    )
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, "Plays started per playbook and phase", 120 + 30 * len(labels))


def funnel_chart(data: PhaseFunnel) -> go.Figure:
    names = [f"{s.index + 1}. {s.title}" for s in data.steps]
    fig = go.Figure()
    fig.add_bar(
        y=names,
        x=[s.reached for s in data.steps],
        orientation="h",
        name="reached",
        marker_color=BLUE,
    )
    fig.add_bar(
        y=names,
        x=[s.skipped for s in data.steps],
        orientation="h",
        name="skipped",
        marker_color=AMBER,
    )
    fig.add_bar(
        y=names,
        x=[s.stopped_here for s in data.steps],
        orientation="h",
        name="stopped here",
        marker_color=DOWN,
    )
    fig.update_yaxes(autorange="reversed")
    title = f"{data.playbook} / {data.phase_name}: {data.runs} runs, {data.exits} reached the exit"
    return _layout(fig, title, 140 + 45 * len(names))


def content_offered(data: ContentReport, top: int = 15) -> go.Figure:
    rows = data.offered[:top]
    fig = go.Figure(
        go.Bar(
            x=[o.total for o in rows], y=[o.title for o in rows], orientation="h", marker_color=BLUE
        )
    )
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, "Documents offered or quoted", 120 + 28 * max(len(rows), 1))


def clusters_chart(clusters: list[Cluster], title: str, top: int = 10) -> go.Figure:
    rows = clusters[:top]
    fig = go.Figure(
        go.Bar(
            x=[c.count for c in rows],
            y=[_short(c.label) for c in rows],
            orientation="h",
            marker_color=AMBER,
        )
    )
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, title, 120 + 28 * max(len(rows), 1))


def known_objections(rows: list[KnownObjection]) -> go.Figure:
    fig = go.Figure(
        go.Bar(
            x=[r.count for r in rows],
            y=[f"{r.title} ({r.playbook})" for r in rows],
            orientation="h",
            marker_color=BLUE,
        )
    )
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, "Known objections raised", 120 + 28 * max(len(rows), 1))


def feedback_chart(rows: list[Rated], top: int = 15) -> go.Figure:
    shown = rows[:top]
    names = [f"{r.kind}: {r.key}" for r in shown]
    fig = go.Figure()
    fig.add_bar(
        y=names, x=[-r.down for r in shown], orientation="h", name="not helpful", marker_color=DOWN
    )
    fig.add_bar(y=names, x=[r.up for r in shown], orientation="h", name="helpful", marker_color=UP)
    fig.update_layout(barmode="relative")
    fig.update_yaxes(autorange="reversed")
    return _layout(fig, "Feedback, worst rated first", 120 + 28 * max(len(shown), 1))


def readiness_chart(data: TeamReadiness) -> go.Figure:
    """Per phase, the reps ready, in progress and not started, stacked."""
    # Playbook id and phase number first: unique, whatever the names' length.
    labels = [
        f"{t.phase.playbook_id} / {t.phase.number}. {_short(t.phase.phase_name, 40)}"
        for t in data.phases
    ]
    fig = go.Figure()
    for name, values, colour in (
        ("ready", [t.ready for t in data.phases], UP),
        ("in progress", [t.in_progress for t in data.phases], AMBER),
        ("not started", [t.not_started for t in data.phases], GREY),
    ):
        fig.add_bar(y=labels, x=values, orientation="h", name=name, marker_color=colour)
    fig.update_layout(barmode="stack")
    fig.update_yaxes(autorange="reversed")
    who = f"team {data.team}" if data.team else "all teams"
    return _layout(
        fig,
        f"Reps per phase: ready, in progress, not started ({who})",
        120 + 28 * max(len(labels), 1),
    )


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def warm_up() -> None:
    """Draw one empty chart, so plotly's first-use setup is not paid by the first page."""
    div(_layout(go.Figure(go.Bar(x=[1], y=["a"], orientation="h")), "warm-up"), "warm-up")
