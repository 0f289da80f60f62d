"""Reproducible fetching: record what hosts served, and answer later from the record with no network.

Two records can be replayed:
- a *replay folder* (`--record DIR` writes one, `--replay DIR` reads it): `manifest.json` in format
  `laborstats-replay/1` mapping each URL to a file, its status and the headers worth keeping;
- the *raw archive* of a warehouse (`--replay-archive WAREHOUSE`): the latest document the warehouse's
  `documents` table holds for each URL, read back from the content-addressed archive next to it (hash
  checked), so any past refresh can be re-run, e.g. after a parser fix, on exactly the bytes it saw.

Either way a URL that is not in the record is an error naming the URL: a replay never falls back to the
network.

POSTs (the BLS API's queries) are recorded too. One URL answers many different bodies, so a recorded POST
is keyed by its URL *and* the SHA-256 of its canonical body (`request_key`): the JSON object with keys
sorted and no whitespace, without `registrationkey` (a secret: it differs per user and must never be
written into a recording) and without `startyear`/`endyear` (derived from today's date, so that a folder
recorded this year still answers next year). Its manifest entry carries `"method": "POST"`,
`"body_sha256"` and the canonical body itself as `"request"`, so a reader can see what was asked. The
archive replays a POST by its document URL alone, which already names what was asked (`#series=...`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from extractors.http.archive import ArchiveError, RawArchive
from extractors.http.response import Cached, Fetcher, FetchError, Response, RetryCheck

MANIFEST = "manifest.json"
MANIFEST_FORMAT = "laborstats-replay/1"
_KEPT_HEADERS = {"content-type", "etag", "last-modified", "retry-after", "date"}
# Body fields left out of a POST's key: a secret, and the year window that follows the calendar.
VOLATILE_BODY_FIELDS = ("registrationkey", "startyear", "endyear")


def canonical_body(body: bytes) -> bytes:
    """A POST body as it is keyed and recorded: a JSON object without its volatile fields, keys sorted,
    compact; any other body as it is."""
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return body
    if isinstance(data, dict):
        data = {key: value for key, value in data.items() if key not in VOLATILE_BODY_FIELDS}
    return json.dumps(data, sort_keys=True, separators=(",", ":")).encode()


def body_sha256(body: bytes) -> str:
    return hashlib.sha256(canonical_body(body)).hexdigest()


def request_key(method: str, url: str, body: bytes | None = None) -> tuple[str, str, str | None]:
    """What tells recorded answers apart: GETs by URL, POSTs by URL and canonical body."""
    if method == "GET":
        return ("GET", url, None)
    return (method, url, body_sha256(body or b""))


def _entry_key(entry: dict) -> tuple[str, str, str | None]:
    method = entry.get("method", "GET")
    return (method, entry["url"], entry.get("body_sha256") if method != "GET" else None)


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
        self.entries = {_entry_key(entry): entry for entry in manifest["responses"]}

    def get(self, url: str, *, source: str = "", cached: Cached | None = None) -> Response:
        return self._answer(url, request_key("GET", url), "not recorded in replay folder")

    def post(
        self,
        url: str,
        body: bytes,
        *,
        source: str = "",
        content_type: str = "application/json",
        retry_if: RetryCheck | None = None,
    ) -> Response:
        key = request_key("POST", url, body)
        return self._answer(url, key, f"POST with body sha256 {key[2]} not recorded in replay folder")

    def _answer(self, url: str, key: tuple[str, str, str | None], missing: str) -> Response:
        entry = self.entries.get(key)
        if entry is None:
            raise FetchError(url, f"{missing} {self.folder}")
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
        self.entries = {_entry_key(e): e for e in existing.get("responses", [])}

    def get(self, url: str, *, source: str = "", cached: Cached | None = None) -> Response:
        response = self.inner.get(url, source=source)
        parts = urlsplit(response.url)
        name = (parts.hostname or "host") + (parts.path or "/index")
        if parts.query:
            name += "_" + re.sub(r"[^A-Za-z0-9]+", "_", parts.query)
        self._write(Path(name.lstrip("/")), response, {"url": response.url})
        return response

    def post(
        self,
        url: str,
        body: bytes,
        *,
        source: str = "",
        content_type: str = "application/json",
        retry_if: RetryCheck | None = None,
    ) -> Response:
        response = self.inner.post(url, body, source=source, content_type=content_type, retry_if=retry_if)
        digest = body_sha256(body)
        parts = urlsplit(response.url)
        name = f"{parts.hostname or 'host'}{parts.path.rstrip('/')}/POST-{digest[:16]}"
        canonical = canonical_body(body)
        try:
            request: object = json.loads(canonical)
        except (UnicodeDecodeError, json.JSONDecodeError):
            request = canonical.decode("utf-8", "replace")
        entry = {"url": response.url, "method": "POST", "body_sha256": digest, "request": request}
        self._write(Path(name), response, entry)
        return response

    def _write(self, relative: Path, response: Response, entry: dict) -> None:
        target = self.folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            target.write_bytes(response.body)
            keep = {k: v for k, v in response.headers.items() if k.lower() in _KEPT_HEADERS}
            entry = {**entry, "file": relative.as_posix(), "status": response.status, "headers": keep}
            self.entries[_entry_key(entry)] = entry
            manifest = {
                "format": MANIFEST_FORMAT,
                "responses": sorted(
                    self.entries.values(), key=lambda e: (e["url"], e.get("body_sha256") or "")
                ),
            }
            tmp = self.folder / (MANIFEST + ".tmp")
            tmp.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
            os.replace(tmp, self.folder / MANIFEST)


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

    def post(
        self,
        url: str,
        body: bytes,
        *,
        source: str = "",
        content_type: str = "application/json",
        retry_if: RetryCheck | None = None,
    ) -> Response:
        """The archived answer for the document `url` names (`...#series=...`); the body is not needed."""
        return self.get(url, source=source)
