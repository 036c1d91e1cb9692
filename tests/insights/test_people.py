from __future__ import annotations

import pytest
from sqlalchemy import create_engine

from pregame.insights.people import Rep, Roster, read_reps, slack_user_in, teams
from pregame.settings import Settings
from pregame.store.database import Database
from pregame.store.progress import Progress


def test_an_owner_field_may_hold_a_slack_id() -> None:
    assert slack_user_in("U012AB3CD") == "U012AB3CD"
    assert slack_user_in("Sales Enablement (<@U012AB3CD>)") == "U012AB3CD"
    assert slack_user_in("<@W012AB3CD|maria>") == "W012AB3CD"
    assert slack_user_in("Sales Enablement") is None
    assert slack_user_in("UX team") is None


def test_the_roster_reaches_owners_by_name_or_id() -> None:
    roster = Roster.build(["U0MANAGER1 "], {"Sales Enablement": "U0SALES01"})
    assert roster.slack_id("sales enablement") == "U0SALES01"
    assert roster.slack_id("<@U0OTHER01>") == "U0OTHER01"
    assert roster.slack_id("Deal Desk") is None
    assert roster.is_manager("U0MANAGER1") and not roster.is_manager("U0SALES01")


def test_reps_marked_as_managers_are_managers() -> None:
    reps = [Rep("U0REP0001", "east"), Rep("U0BOSS001", "east", "Bo", is_manager=True)]
    roster = Roster.build([], {}, reps)
    assert roster.is_manager("U0BOSS001") and not roster.is_manager("U0REP0001")
    assert teams([*reps, Rep("U0NEW0001", "")]) == ["east"]


def test_reps_come_from_the_store_and_none_without_the_table(tmp_path: object) -> None:
    url = f"sqlite:///{tmp_path}/reps.db"
    assert read_reps(create_engine(url)) == []
    db = Database(url)
    db.migrate()
    Progress(db).set_rep("U0REP0001", team="east", display_name="Ana")
    Progress(db).set_rep("U0BOSS001", team="east", is_manager=True)
    assert read_reps(db.engine) == [
        Rep("U0BOSS001", "east", "", True),
        Rep("U0REP0001", "east", "Ana", False),
    ]


def test_managers_and_owners_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREGAME_MANAGERS", "U0MANAGER1, U0MANAGER2")
    monkeypatch.setenv("PREGAME_OWNERS", "Sales Enablement=U0SALES01,Deal Desk=U0DEAL001")
    settings = Settings()
    assert settings.managers == ["U0MANAGER1", "U0MANAGER2"]
    assert settings.owners == {"Sales Enablement": "U0SALES01", "Deal Desk": "U0DEAL001"}
    monkeypatch.setenv("PREGAME_MANAGERS", '["U0MANAGER3"]')
    monkeypatch.setenv("PREGAME_OWNERS", '{"Field Marketing": "U0FIELD01"}')
    assert Settings().managers == ["U0MANAGER3"]
    assert Settings().owners == {"Field Marketing": "U0FIELD01"}
    for name, value in Settings(managers=["U1"], owners={"A b": "U2"}).to_env().items():
        monkeypatch.setenv(name, value)
    assert Settings().managers == ["U1"] and Settings().owners == {"A b": "U2"}


@pytest.mark.parametrize(
    ("name", "value", "error"),
    [
        ("PREGAME_OWNERS", "Sales Enablement", "expected NAME=SLACK_USER_ID"),
        ("PREGAME_MANAGERS", "[U1", "not valid JSON"),
        ("PREGAME_DIGEST_TIMEZONE", "Mars/Olympus", "unknown time zone"),
        ("PREGAME_DIGEST_DAY", "someday", "digest_day"),
    ],
)
def test_bad_people_settings_say_what_is_wrong(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, error: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=error):
        Settings()
