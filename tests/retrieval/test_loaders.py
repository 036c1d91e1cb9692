"""Each format from a small fixture: sections, headings, titles and metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from pregame.retrieval.chunks import file_chunks
from pregame.retrieval.loaders import load_file
from pregame.retrieval.metadata import infer_type
from pregame.retrieval.sources import scan_folder
from tests.support.paths import FIXTURES

CORPUS = FIXTURES / "retrieval" / "corpus"


def _by_heading(path: Path, source: str) -> dict[str, str]:
    return {str(c.metadata["heading"]): c.text for c in file_chunks(path, source)}


def test_markdown_front_matter_becomes_metadata() -> None:
    chunks = file_chunks(CORPUS / "pricing.md", "pricing.md")
    approvals = next(c for c in chunks if "deal desk" in c.text)
    meta = approvals.metadata
    assert meta["title"] == "Pricing and discount guardrails"
    assert meta["heading"] == "Discount approvals"
    assert meta["type"] == "pricing"
    assert meta["phases"] == "negotiation,renewal"
    assert meta["personas"] == "cfo,procurement"
    assert meta["industry"] == "manufacturing"
    assert meta["owner"] == "deal-desk@example.com"
    assert meta["last_reviewed"] == "2025-01-15"
    assert meta["expires"] == "2026-01-15"
    assert meta["url"] == "https://example.com/pricing"


def test_html_sections_follow_headings_and_meta_tags() -> None:
    sections = _by_heading(CORPUS / "security-faq.html", "security-faq.html")
    assert "AES-256" in sections["Encryption"]
    assert "penetration test" in sections["Penetration tests"]
    assert "trust center" in sections[""]
    assert not any(
        text.strip() in {"Encryption", "Penetration tests"} for text in sections.values()
    )
    meta = file_chunks(CORPUS / "security-faq.html", "security-faq.html")[0].metadata
    assert meta["title"] == "Security questionnaire FAQ"
    assert meta["type"] == "objection handling"
    assert meta["personas"] == "ciso,it"
    assert meta["url"] == "https://example.com/security-faq"


def test_pdf_pages_become_sections_with_the_pdf_title() -> None:
    chunks = file_chunks(CORPUS / "renewal-call-guide.pdf", "renewal-call-guide.pdf")
    assert [c.metadata["heading"] for c in chunks] == ["Page 1", "Page 2"]
    assert chunks[0].metadata["title"] == "Renewal call guide"
    assert "ninety days" in chunks[0].text
    assert "price lock" in chunks[1].text
    assert chunks[0].metadata["type"] == "call guide"  # from the file name


def test_plain_text_is_one_section_titled_from_its_name() -> None:
    (chunk,) = file_chunks(CORPUS / "onboarding-notes.txt", "onboarding-notes.txt")
    assert chunk.metadata["title"] == "Onboarding notes"
    assert "shadow five discovery calls" in chunk.text


def test_folder_convention_gives_the_content_type() -> None:
    path = CORPUS / "case-studies" / "acme-manufacturing.md"
    (first, *_) = file_chunks(path, "case-studies/acme-manufacturing.md")
    assert first.metadata["type"] == "case study"
    assert first.metadata["title"] == "Acme Manufacturing cuts month-end close by five days"
    assert infer_type("battlecards/vendor-x.md") == "battlecard"
    assert infer_type("emails/follow-up.md") == "email template"
    assert infer_type("misc/notes.md") == ""


def test_every_fixture_format_is_scanned() -> None:
    scan = scan_folder(CORPUS)
    assert sorted(scan.sources) == [
        "case-studies/acme-manufacturing.md",
        "onboarding-notes.txt",
        "pricing.md",
        "renewal-call-guide.pdf",
        "security-faq.html",
    ]
    assert scan.errors == {}


def test_a_broken_pdf_is_reported_not_raised(tmp_path: Path) -> None:
    (tmp_path / "scanned.pdf").write_bytes(b"%PDF-1.4\nthis is not really a pdf\n")
    (tmp_path / "fine.md").write_text("# Fine\n\ntext")
    scan = scan_folder(tmp_path)
    assert list(scan.sources) == ["fine.md"]
    assert "scanned.pdf" in scan.errors
    with pytest.raises(Exception):  # noqa: B017 - any parser error is acceptable here
        load_file(tmp_path / "scanned.pdf")
