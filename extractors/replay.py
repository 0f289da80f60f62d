"""Reproducible fetching: record what hosts served, and answer later from the record with no network.

Two records can be replayed:
- a *replay folder* (`--record DIR` writes one, `--replay DIR` reads it): `manifest.json` in format
  `laborstats-replay/1` mapping each URL to a file, its status and the headers worth keeping;
- the *raw archive* of a warehouse (`--replay-archive WAREHOUSE`): the latest document the warehouse's
  `documents` table holds for each URL, read back from the content-addressed archive next to it (hash
  checked), so any past refresh can be re-run, e.g. after a parser fix, on exactly the bytes it saw.

Either way a URL that is not in the record is an error naming the URL: a replay never falls back to the
network.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from extractors.archive import ArchiveError, RawArchive
from extractors.response import Cached, Fetcher, FetchError, Response

MANIFEST = "manifest.json"
MANIFEST_FORMAT = "laborstats-replay/1"
_KEPT_HEADERS = {"content-type", "etag", "last-modified", "retry-after", "date"}


class ReplayFetcher:
    """Answers only from a recorded folder; never touches the network."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        manifest_path = self.folder / MANIFEST
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise FetchError(str(manifest_path), "replay folder has no manifest.json") from exc
        except json.JSONDecodeError as exc:
            raise FetchError(str(manifest_path), f"manifest is not valid JSON: {exc}") from exc
        if manifest.get("format") != MANIFEST_FORMAT:
            raise FetchError(str(manifest_path), f"manifest format is not {MANIFEST_FORMAT!r}")
        self.entries: dict[str, dict] = {entry["url"]: entry for entry in manifest["responses"]}

    def get(self, url: str, *, source: str = "", cached: Cached | None = None) -> Response:
        entry = self.entries.get(url)
        if entry is None:
            raise FetchError(url, f"not recorded in replay folder {self.folder}")
        path = self.folder / entry["file"]
        try:
            body = path.read_bytes()
        except OSError as exc:
            raise FetchError(url, f"recorded file {path} unreadable: {exc}") from exc
        return Response(url, int(entry.get("status", 200)), dict(entry.get("headers", {})), body)


class RecordingFetcher:
    """Fetches through another fetcher and writes every answer into a replayable folder.

    It always asks unconditionally: a 304 has no body, and the folder must be able to answer on its own.
    """

    def __init__(self, inner: Fetcher, folder: str | Path) -> None:
        self.inner = inner
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        path = self.folder / MANIFEST
        existing = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        self.entries: dict[str, dict] = {e["url"]: e for e in existing.get("responses", [])}

    def get(self, url: str, *, source: str = "", cached: Cached | None = None) -> Response:
        response = self.inner.get(url, source=source)
        parts = urlsplit(response.url)
        name = (parts.hostname or "host") + (parts.path or "/index")
        if parts.query:
            name += "_" + re.sub(r"[^A-Za-z0-9]+", "_", parts.query)
        relative = Path(name.lstrip("/"))
        target = self.folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            target.write_bytes(response.body)
            keep = {k: v for k, v in response.headers.items() if k.lower() in _KEPT_HEADERS}
            self.entries[response.url] = {
                "url": response.url,
                "file": relative.as_posix(),
                "status": response.status,
                "headers": keep,
            }
            manifest = {
                "format": MANIFEST_FORMAT,
                "responses": sorted(self.entries.values(), key=lambda e: e["url"]),
            }
            tmp = self.folder / (MANIFEST + ".tmp")
            tmp.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
            os.replace(tmp, self.folder / MANIFEST)
        return response


class Archived(Protocol):
    """A document row as the warehouse keeps it (see `warehouse.documents.StoredDocument`)."""

    @property
    def sha256(self) -> str: ...

    @property
    def fetched_at(self) -> datetime: ...

    @property
    def http_status(self) -> int | None: ...

    @property
    def content_type(self) -> str | None: ...

    @property
    def etag(self) -> str | None: ...

    @property
    def last_modified(self) -> str | None: ...


class ArchiveReplayFetcher:
    """Answers from a warehouse's raw archive: for each URL, the bytes of its latest document.

    `origin` (the warehouse path) only names the record in errors. The Response keeps the document's
    original `fetched_at`, so provenance copied into another warehouse still says when the bytes were
    fetched from the host.
    """

    def __init__(self, documents: Mapping[str, Archived], archive: RawArchive, origin: str) -> None:
        self.documents = dict(documents)
        self.archive = archive
        self.origin = origin

    def get(self, url: str, *, source: str = "", cached: Cached | None = None) -> Response:
        document = self.documents.get(url)
        if document is None:
            raise FetchError(url, f"no archived document for this URL in warehouse {self.origin}")
        try:
            body = self.archive.get(document.sha256)
        except ArchiveError as exc:
            raise FetchError(url, f"archived copy unusable: {exc}") from exc
        headers = {
            name: value
            for name, value in (
                ("Content-Type", document.content_type),
                ("ETag", document.etag),
                ("Last-Modified", document.last_modified),
            )
            if value
        }
        return Response(url, document.http_status or 200, headers, body, document.fetched_at)
