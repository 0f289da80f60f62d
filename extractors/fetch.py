"""Getting a document's bytes: live over HTTP, from a recorded folder, or live while recording.

Every fetcher answers `get(url)` with a `Response` for the *canonical* URL (the real host's), whatever
host actually served it, so that provenance in the warehouse never points at a test server or mirror.
"""

from __future__ import annotations

import json
import os
import re
import threading
import warnings
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

import requests

from extractors.urls import rewrite

MANIFEST = "manifest.json"
MANIFEST_FORMAT = "laborstats-replay/1"
_BLOCK_MARKERS = re.compile(
    rb"<title>\s*(Access Denied|Just a moment\.\.\.|Attention Required)", re.IGNORECASE
)


def package_version() -> str:
    try:
        return version("laborstats")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0+unknown"


def user_agent(contact: str | None) -> str:
    return f"laborstats/{package_version()} (+contact: {contact or 'unset'})"


@dataclass(frozen=True, slots=True)
class Response:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def content_type(self) -> str | None:
        for key, value in self.headers.items():
            if key.lower() == "content-type":
                return value
        return None


class FetchError(RuntimeError):
    """A document could not be had; names the URL and why. `blocked` marks a refusal by the host."""

    def __init__(self, url: str, reason: str, *, blocked: bool = False) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.blocked = blocked


class Fetcher(Protocol):
    def get(self, url: str) -> Response: ...


def check_response(response: Response) -> Response:
    """Refuse what is not a document: error statuses and block/challenge pages served with 200."""
    if response.status == 403 or _BLOCK_MARKERS.search(response.body[:4096]):
        hint = ""
        if (urlsplit(response.url).hostname or "").endswith("bls.gov"):
            hint = " (bls.gov refuses clients without a contact: set LABORSTATS_CONTACT)"
        raise FetchError(
            response.url, f"blocked: HTTP {response.status}, access denied page{hint}", blocked=True
        )
    if response.status != 200:
        raise FetchError(response.url, f"HTTP {response.status}")
    if not response.body:
        raise FetchError(response.url, "empty body")
    return response


class HttpFetcher:
    """Live fetching with a User-Agent that names a contact, as bls.gov requires."""

    def __init__(
        self,
        base_urls: dict[str, str] | None = None,
        contact: str | None = None,
        timeout: tuple[float, float] = (10.0, 60.0),
    ) -> None:
        self.base_urls = base_urls or {}
        self.contact = contact if contact is not None else os.environ.get("LABORSTATS_CONTACT")
        if not self.contact:
            warnings.warn(
                "LABORSTATS_CONTACT is not set: bls.gov turns away clients that name no contact",
                stacklevel=2,
            )
        self.timeout = timeout
        self._local = threading.local()

    def _session(self) -> requests.Session:
        # requests.Session is not thread-safe; Prefect runs fetch tasks on a thread pool.
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.headers["User-Agent"] = user_agent(self.contact)
            self._local.session = session
        return session

    def get(self, url: str) -> Response:
        target = rewrite(url, self.base_urls)
        try:
            reply = self._session().get(target, timeout=self.timeout)
        except requests.RequestException as exc:
            raise FetchError(url, f"request to {target} failed: {exc}") from exc
        return Response(url, reply.status_code, dict(reply.headers), reply.content)


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

    def get(self, url: str) -> Response:
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
    """Fetches through another fetcher and writes every answer into a replayable folder."""

    def __init__(self, inner: Fetcher, folder: str | Path) -> None:
        self.inner = inner
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        path = self.folder / MANIFEST
        existing = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        self.entries: dict[str, dict] = {e["url"]: e for e in existing.get("responses", [])}

    def get(self, url: str) -> Response:
        response = self.inner.get(url)
        parts = urlsplit(url)
        name = (parts.hostname or "host") + (parts.path or "/index")
        if parts.query:
            name += "_" + re.sub(r"[^A-Za-z0-9]+", "_", parts.query)
        relative = Path(name.lstrip("/"))
        target = self.folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(response.body)
        keep = {k: v for k, v in response.headers.items() if k.lower() in _KEPT_HEADERS}
        with self._lock:
            self.entries[url] = {
                "url": url,
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


_KEPT_HEADERS = {"content-type", "etag", "last-modified", "retry-after", "date"}


def build_fetcher(
    replay: str | Path | None = None,
    record: str | Path | None = None,
    base_urls: dict[str, str] | None = None,
) -> Fetcher:
    """Replay from a folder, or fetch live (optionally recording what was served)."""
    if replay and record:
        raise ValueError("--replay and --record exclude each other")
    if replay:
        return ReplayFetcher(replay)
    fetcher: Fetcher = HttpFetcher(base_urls=base_urls)
    if record:
        fetcher = RecordingFetcher(fetcher, record)
    return fetcher
