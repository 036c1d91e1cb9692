from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.slack_edge import LoopThread, MockSlack


@pytest.fixture
def mock_slack() -> Iterator[MockSlack]:
    """A mock Slack Web API on a loopback port, for the Slack app started by `pregame up`."""
    loop = LoopThread()
    slack = MockSlack()
    loop.run(slack.start())
    yield slack
    loop.run(slack.stop())
    loop.close()
