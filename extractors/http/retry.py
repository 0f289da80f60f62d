"""When to try again: exponential backoff with jitter, or what the server's `Retry-After` asks for.

Pure functions of the settings, the attempt number and a random source, so the policy can be tested
without waiting.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from extractors.http.settings import FetchSettings


def backoff_delay(attempt: int, settings: FetchSettings, rng: random.Random) -> float:
    """Seconds to wait after failed attempt `attempt` (1-based) when the server said nothing."""
    ceiling = min(settings.backoff_max_s, settings.backoff_base_s * 2 ** (attempt - 1))
    return ceiling * rng.uniform(1 - settings.jitter, 1)


def retry_after_delay(
    value: str | None, settings: FetchSettings, now: datetime | None = None
) -> float | None:
    """Seconds a `Retry-After` header asks for (delta-seconds or an HTTP date), capped at
    `retry_after_max_s`; None when absent or unreadable (the caller then backs off on its own)."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        seconds = float(text)
    else:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
    return min(seconds, settings.retry_after_max_s)
