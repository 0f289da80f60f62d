"""The parse cache: a document is parsed once per (URL, sha256 of its bytes, extractor version).

Why per document inside a batch task: a Prefect task run costs 0.1-0.2 s of orchestration, more than
parsing a handbook page, so pages are parsed in batches (see `flows.batches`); the cache stays per
document, in Prefect's own result format (a `ResultStore` with an expiration), in `<warehouse
folder>/parse-cache` so it goes with the warehouse and a test's temporary warehouse never shares one.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

from prefect.filesystems import LocalFileSystem
from prefect.results import ResultStore
from prefect.serializers import PickleSerializer

from extractors.documents import FetchedDocument
from extractors.fact import ParseResult
from extractors.sources import extractor_version

EXPIRES_AFTER = timedelta(days=400)
log = logging.getLogger(__name__)


def parse_cache_key(document: FetchedDocument) -> str:
    """Only plain identifiers go into the key, never the document body, a DataFrame or a session."""
    url_hash = hashlib.sha256(document.url.encode()).hexdigest()[:16]
    version = extractor_version(document.source).replace("/", "-")
    return f"parse-{version}-{document.sha256}-{url_hash}"


def parse_cache_folder(warehouse: Path) -> Path:
    return (warehouse.parent / "parse-cache").resolve()


class ParseCache:
    """Parse results of earlier runs, read and written per document (thread-safe: one file per key)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.store = ResultStore(
            result_storage=LocalFileSystem(basepath=str(folder)),
            serializer=PickleSerializer(),
            cache_result_in_memory=False,
        )

    def get(self, document: FetchedDocument) -> ParseResult | None:
        key = parse_cache_key(document)
        try:
            if not self.store.exists(key):
                return None
            result = self.store.read(key).result
        except Exception as exc:  # an unreadable entry is a miss: the page is parsed again
            log.warning("parse cache entry %s unreadable (%s); parsing %s again", key, exc, document.url)
            return None
        return result if isinstance(result, ParseResult) else None

    def put(self, document: FetchedDocument, result: ParseResult) -> None:
        self.store.write(result, key=parse_cache_key(document), expiration=datetime.now(UTC) + EXPIRES_AFTER)
