"""Fetching a source document and archiving its bytes before anything reads them.

Archiving first means every fact that is later parsed from a body can be traced to bytes on disk, and a
parser bug can be fixed and re-run on exactly what was served.

When the archive already holds the URL's latest document, the request is conditional; a 304 answer means
those archived bytes are still current, so they are read back (hash-checked) and parsed again, and no
new document is recorded.

A target with a body is POSTed (the BLS API's queries); its URL is the document's identity (see
`extractors.sources.bls_api.query`) and it is never asked conditionally.

When the host blocks the request (a 401/403 or a challenge page) and the URL's latest document is one a
person added by hand (`laborstats archive add`), that copy is parsed instead, with a warning saying so:
the person saved it precisely because the site blocks scripts. A hand-added copy older than the URL's
latest fetched document is not used (the fetched one's facts already stand).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from extractors.fact import ParseResult
from extractors.http.archive import ArchiveError, RawArchive
from extractors.http.response import Cached, Fetcher, FetchError, Response
from extractors.http.screening import check_response
from extractors.parsing.page import decode, http_charset
from extractors.sources import parser_for
from extractors.sources.base import Target

__all__ = ["FetchedDocument", "Target", "fetch_and_archive", "parse_fetched"]

MANUAL = "manual"  # documents.origin of a document a person added by hand


@dataclass(frozen=True, slots=True)
class FetchedDocument:
    source: str
    url: str
    sha256: str
    body: bytes
    fetched_at: datetime
    http_status: int | None
    content_type: str | None
    etag: str | None = None
    last_modified: str | None = None
    # True when the host answered 304 and `body` was read back from the archive: not a new document.
    not_modified: bool = False
    # Why these bytes were used in place of the host's answer (a hand-added copy of a blocked page).
    note: str | None = None


def fetch_and_archive(
    fetcher: Fetcher, archive: RawArchive, target: Target, cached: Cached | None = None
) -> FetchedDocument:
    """Fetch `target` (conditionally, if `cached` describes a document the archive still has), check the
    response, archive its bytes, and return them with their provenance."""
    if cached is not None and not archive.contains(cached.sha256):
        cached = None  # nothing to fall back on after a 304: ask for the whole document
    parser = parser_for(target.source)
    try:
        if target.body is not None:
            response = fetcher.post(target.url, target.body, source=target.source, retry_if=parser.retry_if)
        else:
            response = fetcher.get(target.url, source=target.source, cached=cached)
        if response.status == 304:
            return _not_modified(archive, target, cached, response)
        check_response(response, parser.content_types, target.source)
        if parser.check is not None:
            parser.check(response)
    except FetchError as exc:
        if exc.blocked and getattr(cached, "origin", None) == MANUAL:
            return _added_by_hand(archive, target, cached, exc)
        raise
    digest = archive.put(response.body)
    return FetchedDocument(
        source=target.source,
        url=target.url,
        sha256=digest,
        body=response.body,
        fetched_at=response.fetched_at,
        http_status=response.status,
        content_type=response.content_type,
        etag=response.etag,
        last_modified=response.last_modified,
    )


def _not_modified(
    archive: RawArchive, target: Target, cached: Cached | None, response: Response
) -> FetchedDocument:
    if cached is None:
        raise FetchError(target.url, "HTTP 304 Not Modified to a request that was not conditional")
    try:
        body = archive.get(cached.sha256)
    except ArchiveError as exc:
        raise FetchError(
            target.url, f"HTTP 304 Not Modified, but the archived copy is unusable: {exc}"
        ) from exc
    return FetchedDocument(
        source=target.source,
        url=target.url,
        sha256=cached.sha256,
        body=body,
        fetched_at=response.fetched_at,
        http_status=304,
        content_type=None,
        etag=cached.etag,
        last_modified=cached.last_modified,
        not_modified=True,
    )


def _added_by_hand(
    archive: RawArchive, target: Target, cached: Cached, blocked: FetchError
) -> FetchedDocument:
    """The hand-added copy in place of a blocked fetch. It is already in `documents` (as `manual`), so
    loading it adds no document row; its facts point at it."""
    try:
        body = archive.get(cached.sha256)
    except ArchiveError as exc:
        raise FetchError(target.url, f"{blocked.reason}; the copy added by hand is unusable: {exc}") from exc
    added_at: datetime | None = getattr(cached, "fetched_at", None)
    when = f" on {added_at:%Y-%m-%d}" if added_at else ""
    return FetchedDocument(
        source=target.source,
        url=target.url,
        sha256=cached.sha256,
        body=body,
        fetched_at=added_at or datetime.now().astimezone(),
        http_status=getattr(cached, "http_status", None),
        content_type=getattr(cached, "content_type", None),
        note=f"{target.url}: live fetch {blocked.reason}; parsed the copy added by hand{when} instead",
    )


def parse_fetched(document: FetchedDocument) -> ParseResult:
    """Parse a fetched document. A charset the HTTP header declared decodes it here, since the parser only
    sees the body; without one the parser's own decoding weighs the BOM and `<meta charset>`."""
    charset = http_charset(document.content_type)
    body = decode(document.body, charset) if charset else document.body
    result = parser_for(document.source).parse(body, document.url)
    if document.note is None:
        return result
    return ParseResult(result.facts, [document.note, *result.warnings], result.published, result.frame)
