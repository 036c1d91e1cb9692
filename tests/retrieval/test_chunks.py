from __future__ import annotations

from pathlib import Path

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


LINKY = "# Partner programme\n\n## Links\n\n" + "\n".join(
    f"- [Deal registration form {i}](https://handbook.example.com/partners/deal-registration/"
    f"form-{i}?utm_source=handbook&utm_medium=link#section-{i}) for reseller onboarding."
    for i in range(40)
)


def test_token_sized_chunks_fit_the_model_window_where_character_sizes_do_not() -> None:
    from pregame.retrieval.chunks import ChunkSize
    from pregame.settings import Settings

    model = Path(Settings().model_path())
    size = ChunkSize.for_model(model)
    assert size.unit == "pieces/256" and size.limit == 254
    by_tokens = markdown_chunks("partners.md", LINKY, size)
    by_chars = markdown_chunks("partners.md", LINKY)
    assert max(size.length(c.embed_text) for c in by_chars) > 254  # links cost many pieces
    assert all(size.length(c.embed_text) <= 254 for c in by_tokens)
    assert "form-39" in by_tokens[-1].text  # nothing dropped


def test_a_long_heading_path_leaves_less_room_for_the_text() -> None:
    from pregame.retrieval.chunks import ChunkSize

    size = ChunkSize(limit=200, overlap=0)
    heading = "A very long heading " * 5
    doc = f"# Guide\n\n## {heading}\n\n" + "word " * 400
    chunks = markdown_chunks("guide.md", doc, size)
    assert all(len(c.embed_text) <= 200 for c in chunks)
    assert all(len(c.text) < 200 - len(heading) + 20 for c in chunks)
