"""The dashboard in a real headless browser: Debian's chromium driven by Playwright.

`scripts/browser.sh` installs both (the OS package and the Python package); Playwright's own
browser download is never used.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from pregame.dashboard.app import create_app
from pregame.dashboard.pages import SECTIONS
from pregame.insights.service import Insights
from tests.support.servers import free_port

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="chromium is missing: run scripts/browser.sh"
)


@pytest.fixture
def dashboard_url(insights: Insights) -> Iterator[str]:
    port = free_port()
    config = uvicorn.Config(create_app(insights), host="127.0.0.1", port=port, log_level="error")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the dashboard did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_every_page_draws_its_charts(dashboard_url: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            for name in SECTIONS:
                path = "/" if name == "overview" else f"/{name}"
                response = page.goto(dashboard_url + path)
                assert response is not None and response.status == 200
                page.wait_for_selector(".js-plotly-plot .main-svg", timeout=15_000)
                charts = page.locator(".js-plotly-plot")
                assert charts.count() >= 1
                drawn = page.eval_on_selector_all(
                    ".js-plotly-plot",
                    "els => els.map(e => (e.data || []).length)",
                )
                assert all(n > 0 for n in drawn), f"{name}: a chart has no traces"
                assert page.locator(".js-plotly-plot .main-svg").count() >= 1
                shot = tmp_path / f"{name}.png"
                page.screenshot(path=str(shot), full_page=True)
                assert shot.stat().st_size > 10_000
            assert errors == []
        finally:
            browser.close()
