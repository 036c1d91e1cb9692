from __future__ import annotations

from pregame.retrieval.chunks import CHUNK_CHARS, markdown_chunks, split_front_matter

DOC = """---
title: Pricing guide
type: pricing
phases: [negotiation, renewal]
tags: [pricing]
---
# Pricing guide

Intro paragraph.

## Discount guardrails

Up to 10% the AE approves. Above that the deal desk approves.

## Multi-year

""" + ("Multi-year deals lock the price for the whole term. " * 60)


def test_front_matter_is_split_from_body() -> None:
    meta, body = split_front_matter(DOC)
    assert meta["type"] == "pricing"
    assert body.startswith("# Pricing guide")


def test_no_front_matter_means_empty_meta() -> None:
    assert split_front_matter("# Title\ntext") == ({}, "# Title\ntext")


def test_chunks_keep_title_heading_and_metadata() -> None:
    chunks = markdown_chunks("pricing.md", DOC)
    guardrails = next(c for c in chunks if "deal desk" in c.text)
    assert guardrails.metadata["title"] == "Pricing guide"
    assert guardrails.metadata["heading"] == "Discount guardrails"
    assert guardrails.metadata["phases"] == "negotiation,renewal"
    assert guardrails.embed_text.startswith("Pricing guide > Discount guardrails\n")


def test_long_sections_are_split_to_fit_the_model_window() -> None:
    chunks = markdown_chunks("pricing.md", DOC)
    multi = [c for c in chunks if c.metadata["heading"] == "Multi-year"]
    assert len(multi) >= 3
    assert all(len(c.text) <= CHUNK_CHARS for c in chunks)


def test_ids_are_stable_and_hash_follows_content() -> None:
    first = markdown_chunks("pricing.md", DOC)
    again = markdown_chunks("pricing.md", DOC)
    changed = markdown_chunks("pricing.md", DOC.replace("10%", "15%"))
    assert [c.id for c in first] == [c.id for c in again]
    assert first[0].metadata["hash"] == again[0].metadata["hash"]
    assert first[0].metadata["hash"] != changed[0].metadata["hash"]
