"""Getting a document's bytes: live over HTTP, from a recorded folder or archive, or live while recording.

This module is the fetch layer's front door: it re-exports the pieces (`http`, `replay`, `response`,
`screening`) and builds the fetcher a refresh asks for. Every fetcher answers `get(url)` with a
`Response` for the *canonical* URL (the real host's), whatever host actually served it, so that
provenance in the warehouse never points at a test server or mirror.
"""

from __future__ import annotations

from pathlib import Path

from extractors.http.attempts import AttemptLog, FetchAttempt
from extractors.http.client import HttpFetcher, package_version, user_agent
from extractors.http.replay import (
    MANIFEST,
    MANIFEST_FORMAT,
    ArchiveReplayFetcher,
    RecordingFetcher,
    ReplayFetcher,
)
from extractors.http.response import Cached, Fetcher, FetchError, Response
from extractors.http.screening import check_response
from extractors.http.settings import FetchSettings


def build_fetcher(
    replay: str | Path | None = None,
    record: str | Path | None = None,
    base_urls: dict[str, str] | None = None,
    *,
    settings: FetchSettings | None = None,
    attempt_log: AttemptLog | None = None,
) -> Fetcher:
    """Replay from a folder, or fetch live (optionally recording what was served)."""
    if replay and record:
        raise ValueError("--replay and --record exclude each other")
    if replay:
        return ReplayFetcher(replay)
    fetcher: Fetcher = HttpFetcher(base_urls=base_urls, settings=settings, attempt_log=attempt_log)
    if record:
        fetcher = RecordingFetcher(fetcher, record)
    return fetcher


__all__ = [
    "MANIFEST",
    "MANIFEST_FORMAT",
    "ArchiveReplayFetcher",
    "AttemptLog",
    "Cached",
    "FetchAttempt",
    "FetchError",
    "FetchSettings",
    "Fetcher",
    "HttpFetcher",
    "RecordingFetcher",
    "ReplayFetcher",
    "Response",
    "build_fetcher",
    "check_response",
    "package_version",
    "user_agent",
]
