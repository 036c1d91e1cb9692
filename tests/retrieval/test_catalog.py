from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from pregame.retrieval.catalog import KnowledgeCatalog
from pregame.retrieval.freshness import Review
from tests.support.paths import ROOT


def _write(folder: Path, name: str, front: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front}\n---\n# Body\n")
    return path


def test_documents_carry_front_matter_titles_and_tags(tmp_path: Path) -> None:
    _write(tmp_path, "deck.md", "title: Pricing deck\ntype: pricing\ntags: [pricing, cfo]")
    _write(tmp_path, "guides/call-guide.md", "tags: renewal")
    _write(tmp_path, "README.md", "title: Read me")
    (tmp_path / "faq.html").write_text("<h1>FAQ</h1>")
    catalog = KnowledgeCatalog(tmp_path)
    catalog.refresh()
    docs = {d.source: d for d in catalog.documents()}
    assert list(docs) == ["deck.md", "guides/call-guide.md"]
    assert docs["deck.md"].title == "Pricing deck" and docs["deck.md"].type == "pricing"
    assert docs["guides/call-guide.md"].title == "Call guide"
    assert docs["guides/call-guide.md"].tags == ("renewal",)
    assert [d.source for d in catalog.resolve("tag:cfo")] == ["deck.md"]
    assert [d.source for d in catalog.resolve("./guides/call-guide.md")] == ["guides/call-guide.md"]
    assert [d.title for d in catalog.resolve("faq.html")] == ["Faq"], "any file can be named"
    assert catalog.resolve("README.md"), "a README is not listed but can be referenced"
    assert catalog.resolve("missing.md") == [] and catalog.resolve("tag:nope") == []


def test_lookups_see_changes_only_after_refresh(tmp_path: Path) -> None:
    catalog = KnowledgeCatalog(tmp_path)
    assert catalog.documents() == [], "nothing is read before the first refresh"
    path = _write(tmp_path, "a.md", "title: First")
    assert catalog.resolve("a.md") == []
    catalog.refresh()
    assert [d.title for d in catalog.resolve("a.md")] == ["First"]
    _write(tmp_path, "a.md", "title: Second")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert [d.title for d in catalog.resolve("a.md")] == ["First"]
    catalog.refresh()
    assert [d.title for d in catalog.resolve("a.md")] == ["Second"]
    path.unlink()
    catalog.refresh()
    assert catalog.resolve("a.md") == [] and catalog.documents() == []


def test_missing_folder_is_empty(tmp_path: Path) -> None:
    catalog = KnowledgeCatalog(tmp_path / "nowhere")
    catalog.refresh()
    assert catalog.documents() == []


def test_project_knowledge_is_catalogued() -> None:
    catalog = KnowledgeCatalog(ROOT / "knowledge")
    catalog.refresh()
    assert catalog.resolve("roi-business-case-guide.md")


def test_documents_carry_their_owner_and_review_dates(tmp_path: Path) -> None:
    _write(tmp_path, "deck.md", "owner: Deal Desk\nlast_reviewed: 2025-10-01\nexpiry: 2026-03-31")
    _write(tmp_path, "bare.md", "title: Bare")
    (tmp_path / "faq.html").write_text(
        '<html><head><meta name="owner" content="Support">'
        '<meta name="last-reviewed" content="2026-10-20"></head><body><h1>FAQ</h1></body></html>'
    )
    (tmp_path / "deck.pdf").write_bytes(b"%PDF-1.4 not read")
    catalog = KnowledgeCatalog(tmp_path)
    catalog.refresh()
    (deck,) = catalog.resolve("deck.md")
    assert deck.review == Review("Deal Desk", dt.date(2025, 10, 1), dt.date(2026, 3, 31))
    (bare,) = catalog.resolve("bare.md")
    assert bare.review == Review()
    (faq,) = catalog.resolve("faq.html")
    assert faq.review == Review("Support", dt.date(2026, 10, 20))
    (pdf,) = catalog.resolve("deck.pdf")
    assert pdf.review == Review(), "a PDF has no place for review dates"
