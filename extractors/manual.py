"""Documents a person saved from a browser, made ready for the raw archive (`laborstats archive add`).

Some sites block scripts whatever they do; a person can still open the page and save it. Before such a
file is archived as the URL's document it is checked as a fetched page would be, and more: it must not be
a block or challenge page (saving one by mistake is easy), and it must parse into facts for its source,
so that a refresh which falls back on it (see `extractors.documents`) finds figures, not an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from extractors.fact import ParseError, ParseResult
from extractors.http.response import Response
from extractors.http.screening import block_marker
from extractors.sources import all_sources, parser_for


class ManualDocumentError(ValueError):
    """The file cannot stand for the URL's document; the message names the file and why."""


@dataclass(frozen=True, slots=True)
class ManualDocument:
    source: str
    content_type: str
    result: ParseResult


def source_for(url: str, configured: Mapping[str, tuple[str, ...]]) -> str | None:
    """The source whose document `url` is: a configured page's source, else by host and path."""
    for source, urls in configured.items():
        if url in urls:
            return source
    parts = urlsplit(url)
    host, path = (parts.hostname or "").lower(), parts.path or "/"
    return next(
        (
            source.name
            for source in all_sources()
            for h, prefix in source.places
            if host == h and path.startswith(prefix)
        ),
        None,
    )


def prepare(url: str, file: str, body: bytes, source: str) -> ManualDocument:
    """Check a saved file as the document of `url` for `source`; raises ManualDocumentError."""
    parser = parser_for(source)
    content_type = "application/json" if body.lstrip()[:1] in (b"{", b"[") else "text/html"
    if content_type not in parser.content_types:
        raise ManualDocumentError(
            f"{file}: looks like {content_type}, but {source} serves {parser.content_types}"
        )
    marker = block_marker(Response(url, 200, {"Content-Type": content_type}, body))
    if marker is not None:
        raise ManualDocumentError(
            f"{file}: a {marker!r} page, not the document; save the page once the site shows it"
        )
    try:
        result = parser.parse(body, url)
    except ParseError as exc:
        raise ManualDocumentError(f"{file}: not a {source} document for {url}: {exc.reason}") from exc
    if not result.facts:
        raise ManualDocumentError(f"{file}: parses to no facts for {source}")
    return ManualDocument(source, content_type, result)
