"""A record of every HTTP attempt, failures included, so a refresh can be audited after the fact.

A source that failed after five retries leaves no document behind; the attempt log is what says which
statuses and errors it met, when, and how long each took. The flow stores it in the `fetch_log` table.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class FetchAttempt:
    url: str  # canonical URL
    source: str
    attempt: int  # 1 for the first try
    started_at: datetime
    http_status: int | None  # None when no response arrived (connection error, timeout, cut body)
    error: str | None  # None for a usable answer (200, 304)
    elapsed_ms: float
    conditional: bool  # whether validators (If-None-Match / If-Modified-Since) were sent


class AttemptLog:
    """Thread-safe list of attempts; fetch tasks run on Prefect's thread pool and share one log."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._attempts: list[FetchAttempt] = []

    def add(self, attempt: FetchAttempt) -> None:
        with self._lock:
            self._attempts.append(attempt)

    def records(self) -> list[FetchAttempt]:
        with self._lock:
            return sorted(self._attempts, key=lambda a: (a.started_at, a.url, a.attempt))
