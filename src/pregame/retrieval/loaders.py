"""File formats in, LangChain ``Document`` sections out: Markdown, plain text, HTML and PDF.

Every format goes through a LangChain loader (``BaseLoader``) and, where the format has headings,
a LangChain header splitter, so each section carries its heading path. PDF pages are read with
pypdf; HTML headings are split by ``HTMLHeaderTextSplitter`` (BeautifulSoup underneath).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from langchain_core.document_loaders import BaseLoader
from langchain_core.documents import Document

FORMATS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}
HEADING_KEYS = ("h1", "h2", "h3")


@dataclass
class LoadedFile:
    """One file's own metadata (front matter, HTML meta tags, PDF info) and its sections.

    Each section's ``metadata`` holds its heading path under ``h1``..``h3`` (when it has one).
    """

    meta: dict[str, Any] = field(default_factory=dict)
    sections: list[Document] = field(default_factory=list)


class TextFileLoader(BaseLoader):
    """The whole file as one UTF-8 document (Markdown, plain text, HTML source)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def lazy_load(self) -> Iterator[Document]:
        text = self.path.read_bytes().decode("utf-8")
        yield Document(page_content=text, metadata={"source": str(self.path)})


class PdfPageLoader(BaseLoader):
    """One document per PDF page (pypdf); the PDF's title, if it has one, in each metadata."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def lazy_load(self) -> Iterator[Document]:
        from pypdf import PdfReader

        reader = PdfReader(self.path)
        info = reader.metadata
        title = str(info.title) if info is not None and info.title else ""
        for number, page in enumerate(reader.pages, 1):
            yield Document(
                page_content=page.extract_text() or "",
                metadata={"source": str(self.path), "page": number, "title": title},
            )


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """YAML front matter (between ``---`` lines at the top) and the body after it."""
    if not text.startswith("---"):
        return {}, text
    end = text.find("\n---", 3)
    if end == -1:
        return {}, text
    meta = yaml.safe_load(text[3:end]) or {}
    body = text[end + 4 :].lstrip("\n")
    return (meta if isinstance(meta, dict) else {}), body


def markdown_sections(text: str) -> LoadedFile:
    from langchain_text_splitters import MarkdownHeaderTextSplitter

    meta, body = split_front_matter(text)
    splitter = MarkdownHeaderTextSplitter(
        [("#", "h1"), ("##", "h2"), ("###", "h3")], strip_headers=True
    )
    return LoadedFile(meta, splitter.split_text(body))


def html_sections(html: str) -> LoadedFile:
    from bs4 import BeautifulSoup
    from langchain_text_splitters import HTMLHeaderTextSplitter

    soup = BeautifulSoup(html, "html.parser")
    meta: dict[str, Any] = {}
    if soup.title and soup.title.string:
        meta["title"] = soup.title.string.strip()
    for tag in soup.find_all("meta"):
        name, content = tag.get("name"), tag.get("content")
        if isinstance(name, str) and isinstance(content, str) and name.strip():
            meta[name.strip().lower().replace("-", "_")] = content.strip()
    canonical = soup.find("link", rel="canonical")
    if canonical is not None and isinstance(canonical.get("href"), str):
        meta.setdefault("url", canonical.get("href"))
    splitter = HTMLHeaderTextSplitter([(h, h) for h in HEADING_KEYS])
    return LoadedFile(meta, _merge_sections(splitter.split_text(html), str(meta.get("title", ""))))


def _merge_sections(pieces: list[Document], title: str) -> list[Document]:
    """One section per heading path: the splitter yields headings and paragraphs separately."""
    merged: list[Document] = []
    for piece in pieces:
        headings = {str(v) for v in piece.metadata.values()} | {title}
        text = piece.page_content.strip()
        if not text or text in headings:
            continue
        if merged and merged[-1].metadata == piece.metadata:
            merged[-1].page_content += "\n\n" + text
        else:
            merged.append(Document(page_content=text, metadata=dict(piece.metadata)))
    return merged


def pdf_sections(path: Path) -> LoadedFile:
    pages = list(PdfPageLoader(path).lazy_load())
    meta: dict[str, Any] = {}
    if pages and pages[0].metadata.get("title"):
        meta["title"] = pages[0].metadata["title"]
    sections = [
        Document(page_content=p.page_content, metadata={"h1": f"Page {p.metadata['page']}"})
        for p in pages
        if p.page_content.strip()
    ]
    if not sections:
        raise ValueError("no extractable text (a scanned PDF needs OCR first)")
    return LoadedFile(meta, sections)


def load_file(path: Path) -> LoadedFile:
    """Sections of one file; raises on a file that cannot be parsed."""
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise ValueError(f"unsupported format {path.suffix!r}")
    if kind == "pdf":
        return pdf_sections(path)
    (document,) = TextFileLoader(path).load()
    if kind == "markdown":
        return markdown_sections(document.page_content)
    if kind == "html":
        return html_sections(document.page_content)
    return LoadedFile({}, [Document(page_content=document.page_content, metadata={})])
