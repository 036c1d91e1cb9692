"""Build tests/fixtures/insights/events.db from real conversations through the running stack.

Start a stack of its own first (other ports, its own data folder), then run this script:

    PREGAME_DATA_DIR=/tmp/insights-data .venv/bin/pregame index
    PREGAME_RASA_PORT=5105 PREGAME_ACTION_PORT=5155 PREGAME_DATA_DIR=/tmp/insights-data \
        .venv/bin/pregame up &
    .venv/bin/python scripts/insights_fixture.py --rasa http://127.0.0.1:5105 \
        --tracker /tmp/insights-data/run/tracker.db --out tests/fixtures/insights/events.db

The conversations cover plays (read step by step, skipped with quick "next"s, jumped over),
briefs, content, known and unknown objections, answered and unanswerable questions, and
feedback with reasons, from several sellers. Some steps are read for a while (``--dwell``
seconds) so the fixture has both read and skipped steps. Only the ``events`` table and
Pregame's own tables are copied into the fixture.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from pathlib import Path

from pregame.rasa_client import RasaClient

DWELL = "<dwell>"
"""A pause in a script: the seller reads the step before moving on."""
NONE_OF_THESE = "<none of these>"
"""The seller answers "which objection is closest?" with "something else" (if it was asked)."""

CONVERSATIONS: dict[str, list[str]] = {
    "seller-ana": [
        "I have a discovery call with a CFO tomorrow",
        DWELL,
        "next",
        DWELL,
        "next",
        DWELL,
        "next",
        DWELL,
        "next",
        DWELL,
        "next",
        "that was helpful",
    ],
    "seller-ben": [
        "discovery call with a CFO",
        "next",
        "next",
        "jump to step 4",
        DWELL,
        "what should I send them?",
        "not helpful, too long",
        "stop the play",
    ],
    "seller-cara": [
        "prep me for my call with the CFO at Acme, evaluation stage",
        "that was helpful",
        "they say we're too expensive",
        "that was helpful",
        "the buyer says they are locked into a three year contract with their current vendor",
    ],
    "seller-dan": [
        "meeting their CTO next week",
        "it's a demo",
        DWELL,
        "next",
        "next",
        "what should I send them?",
        "that was helpful",
        "they say they need their data hosted in the EU for compliance",
        "how do I build a business case?",
        "not helpful, it did not answer my question",
    ],
    "seller-eve": [
        "they keep saying its too pricey compared to what they pay now",
        "what's our parental leave policy?",
        "their contract with the incumbent vendor runs for two more years, they can't switch",
        "not helpful, missing the answer",
    ],
    "seller-finn": [
        "booth conversation at a trade show next week",
        DWELL,
        "next",
        "next",
        "next",
        "what should I send them?",
        "how do I submit my expense report?",
        "customer asks whether our data can stay in European data centres",
    ],
    "seller-gia": [
        "prep me for my call with the procurement lead at Globex, negotiation stage",
        "not helpful, too generic",
        "where do I file expenses for travel?",
        "what is the parental leave policy for new hires?",
        "they say the contract with their current supplier locks them in for three years",
    ],
    "seller-hal": [
        "discovery call with a CFO",
        DWELL,
        "next",
        "show me the whole play",
        "jump to step 5",
        "next",
        "next",
        "that was helpful",
        "they say we're too expensive",
        "not helpful, too long",
    ],
    "seller-ivy": [
        "how do I build a business case?",
        "that was helpful",
        "what does the security overview say about encryption?",
        "who won the football game last night?",
        "they worry we are a startup and might go under in two years",
    ],
    "seller-jo": [
        "I have a discovery call with a CFO tomorrow",
        "next",
        "next",
        "next",
        "what should I send them?",
        "that was helpful",
        "what's the dress code for the sales kickoff?",
    ],
    "seller-ana#2": [
        "prep me for my call with the CFO at Initech, evaluation stage",
        "they say legal needs our data processing agreement before anything else",
        "what's the dress code for the sales kickoff party?",
        "not helpful, missing the answer",
    ],
    "seller-ben#2": [
        "demo with their IT team on thursday",
        DWELL,
        "next",
        "next",
        "they say their IT team wants everything hosted in Europe",
        "stop the play",
    ],
    "seller-kim": [
        "they need it to run fully on premises, no cloud at all",
        NONE_OF_THESE,
        "how many vacation days do new hires get?",
        "they want everything installed on their own servers on site",
        NONE_OF_THESE,
        "not helpful, missing the answer",
    ],
    "seller-lee": [
        "the buyer says we don't integrate with SAP so it's a non-starter",
        NONE_OF_THESE,
        "what is the policy on parental leave?",
        "their IT says no SAP integration means no deal",
        NONE_OF_THESE,
    ],
    "seller-mo": [
        "discovery call with a CFO",
        "next",
        DWELL,
        "next",
        "their board froze all new spending until next year",
        NONE_OF_THESE,
        "how many vacation days do I get?",
        "not helpful, did not answer",
    ],
    "seller-ana#3": [
        "they say budgets are frozen until the next fiscal year",
        NONE_OF_THESE,
        "they say their on-prem policy rules out any cloud software",
        NONE_OF_THESE,
        "that was helpful",
    ],
}


def drive(
    rasa_url: str, dwell: float, only: set[str] | None = None, out: object = sys.stdout
) -> int:
    """Send every conversation (or those named in ``only``); returns how many messages went."""
    client = RasaClient(rasa_url, timeout=120.0)
    sent = 0
    for name, script in CONVERSATIONS.items():
        if only is not None and name not in only:
            continue
        sender = name.split("#", 1)[0]
        kinds: list[str] = []
        for text in script:
            if text == DWELL:
                time.sleep(dwell)
                continue
            if text == NONE_OF_THESE:
                if "choose_objection" not in kinds:
                    continue
                text = '/raise_objection{"objection":"none"}'
            replies = client.send(sender, text)
            kinds = [str((m.get("custom") or {}).get("type", "text")) for m in replies]
            print(f"{sender}: {text!r} -> {kinds}", file=out)  # type: ignore[call-overload]
            sent += 1
    return sent


TABLES = ("events", "pregame_feedback", "pregame_plays")


def copy_tables(sources: list[Path], out: Path) -> None:
    """Copy the events table and Pregame's tables (those that exist) into a fresh file."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    target = sqlite3.connect(out)
    try:
        for source in sources:
            target.execute("ATTACH DATABASE ? AS src", (str(source),))
            names = {
                r[0]
                for r in target.execute("SELECT name FROM src.sqlite_master WHERE type='table'")
            }
            for table in TABLES:
                if table not in names:
                    continue
                exists = target.execute(
                    "SELECT 1 FROM main.sqlite_master WHERE name=?", (table,)
                ).fetchone()
                if not exists:
                    sql = target.execute(
                        "SELECT sql FROM src.sqlite_master WHERE name=?", (table,)
                    ).fetchone()[0]
                    target.execute(sql)
                target.execute(f"INSERT INTO main.{table} SELECT * FROM src.{table}")
            target.commit()
            target.execute("DETACH DATABASE src")
        target.execute("VACUUM")
    finally:
        target.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rasa", default="http://127.0.0.1:5105")
    parser.add_argument("--tracker", type=Path, default=Path("/tmp/insights-data/run/tracker.db"))
    parser.add_argument("--store", type=Path, default=Path("/tmp/insights-data/pregame.db"))
    parser.add_argument("--out", type=Path, default=Path("tests/fixtures/insights/events.db"))
    parser.add_argument("--dwell", type=float, default=6.0)
    parser.add_argument("--copy-only", action="store_true")
    parser.add_argument("--only", default="", help="Comma-separated conversation names.")
    args = parser.parse_args()
    if not args.copy_only:
        only = set(args.only.split(",")) if args.only else None
        print(f"sent {drive(args.rasa, args.dwell, only)} messages")
    sources = [p for p in (args.tracker, args.store) if p.exists()]
    copy_tables(sources, args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
