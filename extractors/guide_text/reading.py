"""Turning a guide's bytes (plain text, Markdown or HTML) into the text the finder reads.

Figures are reported with character offsets, and `--rewrite` must put new values back at those offsets.
Plain text and Markdown are read as they are, so offsets point into the input itself (after decoding).
HTML is reduced to its visible text with block boundaries as newlines: the finder relies on lines to
tell list items and headings from running prose; offsets then point into that visible text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from bs4 import BeautifulSoup, Comment, UnicodeDammit

_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
    "ol", "p", "pre", "section", "table", "tbody", "tfoot", "thead", "title", "tr", "ul",
}  # fmt: skip
_INVISIBLE_TAGS = {"script", "style", "noscript", "template", "head", "svg", "iframe"}
_HTML_SNIFF = re.compile(rb"^\s*(?:<!doctype html|<html|<head|<body|<div|<p[\s>]|<h[1-6][\s>]|<!--)", re.I)
_KINDS = {"text", "markdown", "html"}


class GuideReadError(ValueError):
    """A guide that cannot be read: the message names the input and the reason."""


@dataclass(frozen=True)
class GuideText:
    """The text the finder reads. `offsets_are_input` tells whether `start`/`end` offsets of figures
    point into the decoded input itself (plain text, Markdown) or into extracted visible text (HTML)."""

    name: str
    kind: str
    text: str
    encoding: str | None

    @property
    def offsets_are_input(self) -> bool:
        return self.kind != "html"


def read_guide(data: bytes | str, name: str = "<text>", kind: str | None = None) -> GuideText:
    """Decode `data` and, for HTML, keep only what a reader sees. `kind` is `text`, `markdown` or
    `html`; without it the file suffix of `name` decides, then a sniff of the first bytes."""
    resolved = kind or _kind_from_name(name)
    if resolved is not None and resolved not in _KINDS:
        raise GuideReadError(f"{name}: unknown input kind {resolved!r} (expected text, markdown or html)")
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if resolved is None:
        resolved = "html" if _HTML_SNIFF.match(raw[:512]) else "text"
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise GuideReadError(f"{name}: binary data, not a text, Markdown or HTML guide")
    if isinstance(data, str):
        decoded, encoding = data, None
    else:
        dammit = UnicodeDammit(raw, is_html=resolved == "html")
        if dammit.unicode_markup is None:
            raise GuideReadError(f"{name}: the bytes are not text in any encoding we recognise")
        decoded, encoding = dammit.unicode_markup, dammit.original_encoding
    text = visible_text(decoded) if resolved == "html" else decoded
    if not text.strip():
        raise GuideReadError(f"{name}: holds no text")
    return GuideText(name=name, kind=resolved, text=text, encoding=encoding)


def visible_text(html: str) -> str:
    """The text a browser shows, one block per line, runs of spaces collapsed inside a line."""
    soup = BeautifulSoup(html, "lxml")
    for tag in soup.find_all(_INVISIBLE_TAGS):
        tag.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    pieces: list[str] = []
    for element in soup.descendants:
        if isinstance(element, str):
            pieces.append(str(element))
        elif element.name in {"td", "th"}:
            pieces.append(" | ")
        elif element.name in _BLOCK_TAGS:
            pieces.append("\n- " if element.name == "li" else "\n")
    lines = (" ".join(line.replace("\xa0", " ").split()) for line in "".join(pieces).split("\n"))
    return "\n".join(line for line in lines if line and line != "|")


def _kind_from_name(name: str) -> str | None:
    suffix = PurePosixPath(name.split("?", 1)[0]).suffix.lower()
    if suffix in {".htm", ".html", ".xhtml"}:
        return "html"
    if suffix in {".md", ".markdown"}:
        return "markdown"
    if suffix in {".txt", ".text"}:
        return "text"
    return None
