"""Sellers' shorthand is spelled out for search, next to the seller's own word."""

from __future__ import annotations

from pregame.retrieval.shorthand import expand


def test_shorthand_gets_its_long_form_appended_once() -> None:
    assert expand("SLA on the ent plan? sla pls") == (
        "SLA on the ent plan? sla pls service level agreement uptime enterprise"
    )


def test_a_query_without_shorthand_is_unchanged() -> None:
    assert expand("who approves a discount above 20%?") == "who approves a discount above 20%?"


def test_only_whole_words_count() -> None:
    assert expand("slack roadmap") == "slack roadmap"
