"""Who is who: reps and their teams, managers, and the Slack ids of content owners.

Teams come from the ``pregame_reps`` table (``user_id``, ``team``, ``display_name``,
``is_manager``) when the store has it; a store without it has no teams. Managers are the Slack
user ids configured in ``PREGAME_MANAGERS`` plus the reps marked ``is_manager``. An owner (a
playbook's ``owner`` field, a document's front-matter ``owner``) is reached in Slack through a
user id written in the field itself (``U0123ABCD`` or ``<@U0123ABCD>``) or through
``PREGAME_OWNERS`` (owner name to user id).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import Engine, inspect, select

from pregame.store.models import RepRow

REPS_TABLE = RepRow.__tablename__
SLACK_USER = re.compile(r"[UW][A-Z0-9]{6,}")
MENTION = re.compile(r"<@([UW][A-Z0-9]{6,})(?:\|[^>]*)?>")


@dataclass(frozen=True)
class Rep:
    user_id: str
    team: str
    display_name: str = ""
    is_manager: bool = False


def read_reps(engine: Engine) -> list[Rep]:
    """The reps of the store's ``pregame_reps`` table; none when the table does not exist."""
    if not inspect(engine).has_table(REPS_TABLE):
        return []
    columns = (RepRow.user_id, RepRow.team, RepRow.display_name, RepRow.is_manager)
    with engine.connect() as connection:
        rows = connection.execute(select(*columns).order_by(RepRow.user_id))
        return [
            Rep(str(user), str(team or ""), str(name or ""), bool(manager))
            for user, team, name, manager in rows
        ]


def teams(reps: Iterable[Rep]) -> list[str]:
    """The team names, sorted (reps without a team left out)."""
    return sorted({r.team for r in reps if r.team})


def slack_user_in(owner: str) -> str | None:
    """The Slack user id written in an owner field, if it holds one."""
    mention = MENTION.search(owner)
    if mention:
        return mention.group(1)
    plain = owner.strip()
    return plain if SLACK_USER.fullmatch(plain) else None


@dataclass(frozen=True)
class Roster:
    """Managers (Slack user ids) and how to reach each owner in Slack."""

    managers: frozenset[str] = frozenset()
    owners: Mapping[str, str] = field(default_factory=dict)
    """Owner name (any case) to Slack user id."""

    @classmethod
    def build(
        cls, managers: Iterable[str], owners: Mapping[str, str], reps: Iterable[Rep] = ()
    ) -> Roster:
        chosen = {m.strip() for m in managers if m.strip()}
        chosen |= {r.user_id for r in reps if r.is_manager}
        return cls(frozenset(chosen), {k.strip().casefold(): v for k, v in owners.items()})

    def is_manager(self, user_id: str) -> bool:
        return user_id in self.managers

    def slack_id(self, owner: str) -> str | None:
        """Where to DM ``owner``: the id in the field itself, else the configured one."""
        return slack_user_in(owner) or self.owners.get(owner.strip().casefold())
