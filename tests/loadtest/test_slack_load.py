"""Loads through the real Slack app process: signed events in, replies read from the mock Slack
Web API; errors, cross-talk and each reply's thread checked."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from pregame.cli import Wiring, app
from pregame.loadtest.script import Seller
from pregame.loadtest.slack_run import RunningApp, SlackLoadResult, run_slack, run_slack_load
from pregame.settings import Settings
from pregame.slack.turns import BUSY, NO_REPLY, SORRY, UNAVAILABLE
from tests.loadtest.conftest import SECRET, SlackUnderLoad
from tests.support.paths import ROOT

FAILURES = (UNAVAILABLE, SORRY, BUSY, NO_REPLY)


def load(
    h: SlackUnderLoad, sellers: int = 3, turns: int = 3, secret: str = SECRET, **options: object
) -> SlackLoadResult:
    run = run_slack_load(
        h.events_url,
        secret,
        h.mock.following,
        sellers,
        turns,
        settle=0.3,
        timeout=20,
        failures=FAILURES,
        **options,  # type: ignore[arg-type]
    )
    result: SlackLoadResult = h.loop.run(run, timeout=120)
    return result


def test_three_sellers_get_their_own_replies_in_their_own_threads(
    under_load: SlackUnderLoad,
) -> None:
    result = load(under_load)
    assert (result.errors, result.lost, result.crosstalk, result.misplaced) == (0, 0, 0, 0)
    assert len(result.results) == 9 and not result.failed
    assert all(t.replies >= 1 and t.ack < 3 for t in result.turns_done)
    assert len(set(result.threads.values())) == 3
    for index, root in result.threads.items():
        seller = Seller(index, "")
        posted = under_load.mock.posts_in(result.channel, root)
        said = [p.text for p in posted if p.text.startswith("You said:")]
        # every turn answered in the seller's thread, in order, with the seller's own words
        assert said == [f"You said: {seller.turn(n)}" for n in range(3)]
    d = result.as_dict()
    assert (
        d["target"] == "slack"
        and d["acks_over_3s"] == 0
        and d["replies"] == len([p for p in under_load.mock.posts if p.channel == result.channel])
    )
    assert "Slack: 3 sellers x 3 turns (closed loop)" in result.summary()


def test_at_a_fixed_rate(under_load: SlackUnderLoad) -> None:
    result = load(under_load, rate=10.0)
    assert result.mode == "rate" and len(result.results) == 9
    assert (result.errors, result.crosstalk, result.misplaced) == (0, 0, 0)


def test_a_bot_that_mixes_up_conversations_is_caught(under_load: SlackUnderLoad) -> None:
    under_load.rasa.mixed_up = True
    result = load(under_load, turns=1)
    assert result.crosstalk == 2  # everyone got seller 0's words; seller 0 itself is fine
    assert result.failed


def test_bad_signatures_and_failure_notices_are_errors(under_load: SlackUnderLoad) -> None:
    refused = load(under_load, sellers=2, turns=1, secret="not-the-apps")
    assert refused.errors == 2 and {t.error for t in refused.results} == {"event answered HTTP 401"}
    under_load.rasa.down = True  # the app answers with its "can't reach the coach" notice
    down = load(under_load, sellers=2, turns=1)
    assert down.errors == 2
    assert all(t.error.startswith("answered with a failure notice") for t in down.results)


def test_a_running_app_is_followed_through_the_mocks_post_feed(under_load: SlackUnderLoad) -> None:
    app = RunningApp(under_load.events_url, under_load.mock.url, SECRET)
    result: SlackLoadResult = under_load.loop.run(
        run_slack(app, 2, 2, settle=0.3, timeout=20, failures=FAILURES), timeout=120
    )
    assert len(result.results) == 4 and not result.failed


def test_the_command_starts_its_own_app_and_mock(
    under_load: SlackUnderLoad, tmp_path: Path
) -> None:
    """``pregame loadtest --target slack``: a Slack app of its own against this stack's bot."""
    settings = Settings(root=ROOT, data_dir=tmp_path, rasa_port=under_load.rasa.port)
    args = ["loadtest", "--target", "slack", "--sellers", "2", "--turns", "2", "--json"]
    result = CliRunner().invoke(
        app, [*args, "--settle", "0.3"], obj=Wiring(settings=lambda: settings)
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout[result.stdout.index("{") :])
    assert figures["target"] == "slack" and figures["errors"] == 0 and figures["misplaced"] == 0
    assert (tmp_path / "run" / "loadtest-slack.log").exists()


def test_the_command_says_what_a_running_app_needs() -> None:
    args = ["loadtest", "--target", "slack", "--slack-url", "http://127.0.0.1:9/slack/events"]
    no_mock = CliRunner().invoke(app, args, env={"SLACK_SIGNING_SECRET": "s"})
    assert no_mock.exit_code == 2 and "needs --slack-api" in no_mock.output
    no_secret = CliRunner().invoke(
        app, [*args, "--slack-api", "http://127.0.0.1:9/api/", "--signing-secret-env", "NOPE_X"]
    )
    assert no_secret.exit_code == 2 and "set NOPE_X to the signing secret" in no_secret.output
