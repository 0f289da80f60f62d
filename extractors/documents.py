"""Fetching a source document and archiving its bytes before anything reads them.

Archiving first means every fact that is later parsed from a body can be traced to bytes on disk, and a
parser bug can be fixed and re-run on exactly what was served.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from extractors.archive import RawArchive
from extractors.fact import ParseResult
from extractors.fetch import Fetcher, check_response
from extractors.sources import parser_for


@dataclass(frozen=True, slots=True)
class Target:
    source: str
    url: str


@dataclass(frozen=True, slots=True)
class FetchedDocument:
    source: str
    url: str
    sha256: str
    body: bytes
    fetched_at: datetime
    http_status: int
    content_type: str | None


def fetch_and_archive(fetcher: Fetcher, archive: RawArchive, target: Target) -> FetchedDocument:
    response = check_response(fetcher.get(target.url))
    digest = archive.put(response.body)
    return FetchedDocument(
        source=target.source,
        url=target.url,
        sha256=digest,
        body=response.body,
        fetched_at=response.fetched_at,
        http_status=response.status,
        content_type=response.content_type,
    )


def parse_fetched(document: FetchedDocument) -> ParseResult:
    return parser_for(document.source).parse(document.body, document.url)
