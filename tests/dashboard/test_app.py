from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from pregame.dashboard.app import DashboardError, Options, check_exposure, create_app
from pregame.dashboard.pages import SECTIONS
from pregame.insights.service import Insights

PATHS = ["/" if n == "overview" else f"/{n}" for n in SECTIONS]


@pytest.mark.parametrize("path", PATHS)
def test_every_page_renders_its_charts(insights: Insights, path: str) -> None:
    page = TestClient(create_app(insights)).get(path)
    assert page.status_code == 200
    assert '<script src="/static/plotly.min.js"></script>' in page.text
    assert "Plotly.newPlot" in page.text
    assert "cdn" not in page.text.lower()


def test_plotly_is_served_locally(insights: Insights) -> None:
    js = TestClient(create_app(insights)).get("/static/plotly.min.js")
    assert js.status_code == 200 and "plotly" in js.text[:2000].lower()


def test_filters_from_the_query_string(insights: Insights) -> None:
    client = TestClient(create_app(insights))
    page = client.get("/adoption?since=2027-01-01&playbook=complex-deals")
    assert 'value="2027-01-01"' in page.text and "seller-ana" not in page.text
    assert 'href="/funnel?since=2027-01-01&amp;playbook=complex-deals"' in page.text


def test_aggregate_only_hides_seller_names(insights: Insights) -> None:
    named = TestClient(create_app(insights)).get("/adoption").text
    hidden = TestClient(create_app(insights, Options(aggregate_only=True))).get("/adoption").text
    assert "seller-ana" in named and "seller-ana" not in hidden


def test_a_token_is_required_when_set(insights: Insights) -> None:
    client = TestClient(create_app(insights, Options(token="s3cret")))
    assert client.get("/").status_code == 401
    assert client.get("/", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    assert client.get("/?token=s3cret").status_code == 200
    assert client.get("/feedback").status_code == 200, "the cookie keeps the session"


def test_exposed_only_with_a_token() -> None:
    check_exposure("127.0.0.1", None)
    check_exposure("localhost", None)
    check_exposure("0.0.0.0", "t")
    with pytest.raises(DashboardError):
        check_exposure("0.0.0.0", None)
