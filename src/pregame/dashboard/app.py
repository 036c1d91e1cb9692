"""The dashboard web app (Starlette): one page per section, plotly.js served locally.

Bound to loopback it needs nothing else; bound to any other interface it requires a token,
given once as ``?token=...`` (then kept in a cookie) or as ``Authorization: Bearer ...``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from functools import cache
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from pregame.dashboard.pages import SECTIONS, View, page
from pregame.insights import charts
from pregame.insights.events import Filters
from pregame.insights.service import Insights
from pregame.settings import is_loopback

COOKIE = "pregame_dashboard"
SCRIPT = '<script src="/static/plotly.min.js"></script>'


class DashboardError(ValueError):
    """The dashboard cannot be served as asked (for example: exposed without a token)."""


def check_exposure(host: str, token: str | None) -> None:
    if not is_loopback(host) and not token:
        raise DashboardError(
            f"The dashboard would be reachable from other machines on {host}: set a token "
            "(--token or PREGAME_DASHBOARD_TOKEN), or bind to 127.0.0.1."
        )


@dataclass(frozen=True)
class Options:
    token: str | None = None
    aggregate_only: bool = False


class TokenMiddleware(BaseHTTPMiddleware):
    def __init__(self, app: object, token: str) -> None:
        super().__init__(app)  # type: ignore[arg-type]
        self.token = token

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        given = (
            request.query_params.get("token")
            or request.cookies.get(COOKIE)
            or request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        )
        if not given or not secrets.compare_digest(given, self.token):
            return PlainTextResponse("A dashboard token is required.", status_code=401)
        response = await call_next(request)
        if request.query_params.get("token"):
            response.set_cookie(COOKIE, self.token, httponly=True, samesite="strict")
        return response


def parse_filters(request: Request) -> Filters:
    """The time range and playbook from the query string; bad dates are ignored."""

    def day(name: str) -> date | None:
        try:
            return date.fromisoformat(request.query_params.get(name, ""))
        except ValueError:
            return None

    query = request.query_params
    return Filters(
        day("since"), day("until"), query.get("playbook") or None, query.get("team") or None
    )


@cache
def _plotly_js() -> str:
    return charts.plotly_js()


def create_app(insights: Insights, options: Options | None = None) -> Starlette:
    options = options or Options()
    charts.warm_up()
    insights.warm_up()

    def section(name: str) -> Route:
        async def endpoint(request: Request) -> HTMLResponse:
            view = View(parse_filters(request), options.aggregate_only)
            kept = {k: v for k, v in request.query_params.items() if k != "token" and v}
            query = f"?{urlencode(kept)}" if kept else ""

            def link(target: str) -> str:
                return ("/" if target == "overview" else f"/{target}") + query

            def render() -> str:
                body = SECTIONS[name][1](insights, view)
                playbooks, teams = insights.playbook_ids(), insights.teams()
                return page(name, body, SCRIPT, link, view, playbooks, teams=teams)

            # The queries block: off the event loop, so other requests are still served.
            return HTMLResponse(await run_in_threadpool(render))

        return Route("/" if name == "overview" else f"/{name}", endpoint, name=name)

    async def plotly(_: Request) -> Response:
        return Response(
            _plotly_js(),
            media_type="application/javascript",
            headers={"Cache-Control": "max-age=86400"},
        )

    routes = [section(name) for name in SECTIONS]
    routes.append(Route("/static/plotly.min.js", plotly))
    middleware = [Middleware(TokenMiddleware, token=options.token)] if options.token else []
    return Starlette(routes=routes, middleware=middleware)
