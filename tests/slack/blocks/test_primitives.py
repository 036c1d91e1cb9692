"""Block Kit primitives and Slack's limits."""

from __future__ import annotations

from pregame.slack.blocks import primitives as kit


def test_long_text_is_split_under_slack_limits() -> None:
    text = "\n".join("x" * 999 for _ in range(7)) + "\n" + "y" * 7000
    sections = kit.section(text)
    assert all(len(s["text"]["text"]) <= kit.SECTION_LIMIT for s in sections)
    assert "".join(s["text"]["text"].replace("\n", "") for s in sections) == text.replace("\n", "")
    header = kit.header("h" * 400)["text"]["text"]
    assert len(header) == kit.HEADER_LIMIT


def test_cut_sections_never_split_a_link_or_an_entity() -> None:
    line = "*<https://x.test/doc|A &amp; B guide>*  `doc.md`"
    docs = "\n".join([line] * 100)
    text = kit.raw_section(docs)["text"]["text"]
    assert len(text) <= kit.SECTION_LIMIT and text.endswith("…")
    assert all(part == line for part in text.removesuffix("…").split("\n"))

    one_line = "<https://x.test/a|" + "a" * 2990 + "> tail"
    context = kit.context(one_line)["elements"][0]["text"]
    assert context == "…", "the link is not cut in half"

    entities = "x" * 2998 + "&amp;" * 10
    sections = kit.section("x" * 2998 + "&" * 10)
    assert "".join(s["text"]["text"] for s in sections) == entities
    assert all(s["text"]["text"].endswith(("x", ";")) for s in sections)
