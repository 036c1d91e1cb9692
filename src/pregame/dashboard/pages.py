"""The dashboard's pages as HTML: one per section, shared by the web app and the report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from jinja2 import Environment, select_autoescape
from markupsafe import Markup

from pregame.insights import charts
from pregame.insights.events import Filters
from pregame.insights.headline import headline
from pregame.insights.readiness import PhaseStatus, Stage
from pregame.insights.service import Insights

ENV = Environment(autoescape=select_autoescape(default=True, default_for_string=True))

PAGE = ENV.from_string("""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pregame insights: {{ title }}</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;color:#222;background:#fafafa}
header{background:#1a237e;color:#fff;padding:.6rem 1.2rem}
header a{color:#fff;margin-right:1rem;text-decoration:none}
header a.here{text-decoration:underline}
main{max-width:1100px;margin:auto;padding:1rem}
section{background:#fff;border:1px solid #ddd;border-radius:6px;padding:1rem;margin:1rem 0}
table{border-collapse:collapse;width:100%;font-size:.9rem}
td,th{border-bottom:1px solid #eee;padding:.3rem;text-align:left;vertical-align:top}
pre{background:#f4f4f4;padding:.5rem;overflow:auto}
.big{font-size:1.6rem;font-weight:bold}.tiles{display:flex;gap:1rem;flex-wrap:wrap}
.tile{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem}
form{font-size:.9rem}
</style>
{{ script }}
</head><body>
<header>{% for name, label in nav %}<a href="{{ link(name) }}"
 class="{{ 'here' if name == current else '' }}">{{ label }}</a>{% endfor %}</header>
<main>
{% if form %}<form method="get">from <input type="date" name="since" value="{{ since }}">
to <input type="date" name="until" value="{{ until }}">
playbook <select name="playbook"><option value="">all</option>
{% for p in playbooks %}<option {{ 'selected' if p == playbook else '' }}>{{ p }}</option>
{% endfor %}</select>
{% if teams %}team <select name="team"><option value="">all</option>
{% for t in teams %}<option {{ 'selected' if t == team else '' }}>{{ t }}</option>
{% endfor %}</select>{% endif %} <button>Apply</button></form>{% endif %}
{{ body }}
</main></body></html>""")


GAP_KINDS = {"question": "unanswered question", "objection": "uncovered objection"}


@dataclass(frozen=True)
class View:
    filters: Filters
    aggregate_only: bool = False


def _table(headers: list[str], rows: list[list[object]]) -> str:
    return str(
        ENV.from_string(
            "<table><tr>{% for h in headers %}<th>{{ h }}</th>{% endfor %}</tr>"
            "{% for row in rows %}<tr>{% for c in row %}<td>{{ c }}</td>{% endfor %}</tr>"
            "{% endfor %}</table>"
        ).render(headers=headers, rows=rows)
    )


def _section(title: str, *parts: str) -> str:
    heading = Markup("<section><h2>{}</h2>").format(title)
    return str(heading + Markup("").join(Markup(p) for p in parts) + Markup("</section>"))


def _help(text: str) -> str:
    return str(Markup("<p>{}</p>").format(text))


def overview(insights: Insights, view: View) -> str:
    a = insights.adoption(view.filters)
    head = headline(insights, view.filters)
    tiles = "".join(
        str(Markup('<div class="tile"><div class="big">{}</div>{}</div>').format(n, label))
        for n, label in [
            (a.sellers, "active sellers"),
            (a.conversations, "conversations"),
            (a.plays, "plays started"),
            (a.briefs, "briefs"),
            (a.content_requests, "content requests"),
            (a.questions, "questions"),
            (head.unanswered, "not answered"),
            (head.thumbs_down, "👎"),
        ]
    )
    top = _table(
        ["gap", "what sellers typed", "times", "sellers"],
        [[GAP_KINDS[g.kind], g.label, g.count, g.sellers] for g in head.gaps],
    )
    return (
        _section("At a glance", f'<div class="tiles">{tiles}</div>')
        + _section("Top content gaps", top)
        + _section("Activity", charts.div(charts.adoption_weeks(a), "chart-overview"))
    )


def adoption(insights: Insights, view: View) -> str:
    a = insights.adoption(view.filters)
    parts = [
        _section(
            "Sellers per week",
            charts.div(charts.adoption_weeks(a), "chart-weeks"),
            _help("New sellers used Pregame for the first time that week."),
        ),
        _section(
            "Plays",
            charts.div(charts.plays_by_phase(a), "chart-plays"),
            _table(
                ["briefs", "content requests", "questions", "objections"],
                [[a.briefs, a.content_requests, a.questions, a.objections]],
            ),
        ),
    ]
    if not view.aggregate_only:
        parts.append(
            _section(
                "Messages per seller",
                _table(["seller", "messages"], [[s, n] for s, n in a.per_seller.items()]),
            )
        )
    return "".join(parts)


def funnel(insights: Insights, view: View) -> str:
    out = []
    for i, f in enumerate(insights.funnel(view.filters)):
        rows = [
            [s.index + 1, s.title, s.reached, s.skipped_quickly, s.jumped_over, s.stopped_here]
            for s in f.steps
        ]
        out.append(
            _section(
                f"{f.playbook} / {f.phase_name}",
                charts.div(charts.funnel_chart(f), f"chart-funnel-{i}"),
                _table(
                    ["step", "title", "reached", "nexted quickly", "jumped over", "stopped here"],
                    rows,
                ),
            )
        )
    return "".join(out) or _section("Play funnel", _help("No plays in this range."))


def content(insights: Insights, view: View) -> str:
    c = insights.content(view.filters)
    return "".join(
        [
            _section(
                "Offered",
                charts.div(charts.content_offered(c), "chart-content"),
                _table(
                    ["document", "owner", "times", "sellers", "how"],
                    [
                        [
                            o.source,
                            o.owner,
                            o.total,
                            o.sellers,
                            ", ".join(f"{k} {n}" for k, n in o.by_kind.items()),
                        ]
                        for o in c.offered
                    ],
                ),
            ),
            _section(
                "Never offered",
                _table(
                    ["document", "title", "owner"],
                    [[d.source, d.title, d.owner] for d in c.never_offered],
                ),
            ),
            _section(
                "Stale",
                _table(["document", "owner", "why"], [[s.source, s.owner, s.why] for s in c.stale]),
            ),
        ]
    )


def questions(insights: Insights, view: View) -> str:
    clusters = insights.unanswered(view.filters)
    rows = [
        [c.count, c.sellers, c.label, " | ".join(c.wordings[1:6]), ", ".join(c.playbooks)]
        for c in clusters
    ]
    return _section(
        "Questions nobody could answer",
        charts.div(
            charts.clusters_chart(clusters, "Unanswered questions by meaning"), "chart-questions"
        ),
        _table(["times", "sellers", "question", "also asked as", "playbooks"], rows),
    )


def objections(insights: Insights, view: View) -> str:
    o = insights.objections(view.filters)
    uncovered = "".join(
        str(
            Markup("<h3>{} ({}x, {} sellers)</h3><pre>{}</pre>").format(
                u.cluster.label, u.cluster.count, u.cluster.sellers, u.snippet
            )
        )
        for u in o.uncovered
    )
    return _section(
        "Known objections",
        charts.div(charts.known_objections(o.known), "chart-known"),
        _table(
            ["playbook", "objection", "times", "sellers"],
            [[k.playbook, k.title, k.count, k.sellers] for k in o.known],
        ),
    ) + _section(
        "Objections no playbook covers",
        charts.div(
            charts.clusters_chart(
                [u.cluster for u in o.uncovered], "Uncovered objections by meaning"
            ),
            "chart-uncovered",
        ),
        _help("Paste a snippet under the playbook's objections: and write the response."),
        uncovered,
    )


def feedback(insights: Insights, view: View) -> str:
    rows = insights.feedback(view.filters)
    return _section(
        "Feedback",
        charts.div(charts.feedback_chart(rows), "chart-feedback"),
        _table(
            ["what", "item", "owner", "helpful", "not helpful", "why not helpful"],
            [[r.kind, r.key, r.owner, r.up, r.down, " | ".join(r.reasons[:5])] for r in rows],
        ),
    )


def _score(best: int | None, passed: bool) -> str:
    if best is None:
        return "-"
    return f"{best}% passed" if passed else f"{best}%"


def _status_row(state: PhaseStatus) -> list[object]:
    done, at = state.progress, state.last_activity
    return [
        state.phase.label,
        _score(done.check_best, done.check_passed),
        _score(done.practice_best, done.practice_passed),
        "ready" if state.stage is Stage.READY else "no",
        at.strftime("%Y-%m-%d %H:%M UTC") if at else Stage.NOT_STARTED.value,
    ]


def readiness(insights: Insights, view: View) -> str:
    r = insights.readiness(view.filters)
    phases = _section(
        "Readiness per phase",
        charts.div(charts.readiness_chart(r), "chart-readiness"),
        _help(
            "A rep is ready for a phase when its knowledge check and its practice have both "
            "passed. The state is as of now: the date range does not apply."
        ),
        _table(
            ["playbook / phase", "ready", "in progress", "not started"],
            [[t.phase.label, t.ready, t.in_progress, t.not_started] for t in r.phases],
        ),
    )
    if not r.reps:
        return phases + _section(
            "Reps",
            _help(
                "No reps on a learning path yet: `pregame learning team set USER TEAM` adds one, "
                "and anyone who opens a lesson appears here."
            ),
        )
    if view.aggregate_only:
        return phases + _section(
            "Reps", _help(f"{len(r.reps)} reps; names are hidden (aggregate-only mode).")
        )
    team = r.team is None
    rows = [
        [line.rep.name, *([line.rep.team or "-"] if team else []), *_status_row(state)]
        for line in r.reps
        for state in line.phases
    ]
    headers = ["rep", *(["team"] if team else []), "playbook / phase", "check", "practice"]
    return phases + _section(
        "Per rep and phase",
        _table([*headers, "ready", "last activity"], rows),
    )


SECTIONS: dict[str, tuple[str, Callable[[Insights, View], str]]] = {
    "overview": ("Overview", overview),
    "adoption": ("Adoption", adoption),
    "funnel": ("Play funnel", funnel),
    "content": ("Content", content),
    "questions": ("Questions", questions),
    "objections": ("Objections", objections),
    "feedback": ("Feedback", feedback),
    "readiness": ("Readiness", readiness),
}


def page(
    name: str,
    body: str,
    script: str,
    link: Callable[[str], str],
    view: View,
    playbooks: list[str],
    form: bool = True,
    teams: list[str] | None = None,
) -> str:
    f = view.filters
    return PAGE.render(
        title=SECTIONS[name][0] if name in SECTIONS else name,
        nav=[(n, label) for n, (label, _) in SECTIONS.items()],
        current=name,
        link=link,
        body=Markup(body),
        script=Markup(script),
        form=form,
        since=f.since.isoformat() if f.since else "",
        until=f.until.isoformat() if f.until else "",
        playbook=f.playbook or "",
        playbooks=playbooks,
        team=f.team or "",
        teams=teams or [],
    )


def report(insights: Insights, view: View) -> str:
    """Every section on one page, plotly.js inlined: one file to mail."""
    body = "".join(
        str(Markup('<h1 id="{}">{}</h1>').format(name, label)) + render(insights, view)
        for name, (label, render) in SECTIONS.items()
    )
    script = f"<script>{charts.plotly_js()}</script>"
    return page("overview", body, script, lambda n: f"#{n}", view, [], form=False)
