"""The vocabulary every fetcher shares: what a fetch returns, how it fails, and what it may be told.

Kept apart from the fetchers themselves so that live, replaying and recording fetchers (and the screening
of responses) can depend on it without depending on each other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol


@dataclass(frozen=True, slots=True)
class Response:
    """An answer for the *canonical* URL (the real host's), whatever host actually served it."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((value for key, value in self.headers.items() if key.lower() == wanted), None)

    @property
    def content_type(self) -> str | None:
        return self.header("Content-Type")

    @property
    def etag(self) -> str | None:
        return self.header("ETag")

    @property
    def last_modified(self) -> str | None:
        return self.header("Last-Modified")


class FetchError(RuntimeError):
    """A document could not be had; names the URL and why. `blocked` marks a refusal by the host."""

    def __init__(self, url: str, reason: str, *, blocked: bool = False) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.blocked = blocked

    def __reduce__(self):  # keeps the error intact if Prefect pickles a failed task's result
        return (_rebuild_fetch_error, (self.url, self.reason, self.blocked))


def _rebuild_fetch_error(url: str, reason: str, blocked: bool) -> FetchError:
    return FetchError(url, reason, blocked=blocked)


class Cached(Protocol):
    """What is known of the copy of a URL already archived: its hash and the validators it came with.

    A fetcher sends the validators (`If-None-Match`, `If-Modified-Since`); a 304 then means the archived
    bytes under `sha256` are still what the host serves.
    """

    @property
    def sha256(self) -> str: ...

    @property
    def etag(self) -> str | None: ...

    @property
    def last_modified(self) -> str | None: ...


# Given a 200 answer, a reason to ask again (e.g. an API that says it is over capacity), or None.
RetryCheck = Callable[[Response], str | None]


class Fetcher(Protocol):
    def get(self, url: str, *, source: str = "", cached: Cached | None = None) -> Response:
        """The document at `url` (canonical). `source` labels the attempt log; a fetcher that can ask
        conditionally sends `cached`'s validators and may then answer with status 304 and no body."""
        ...

    def post(
        self,
        url: str,
        body: bytes,
        *,
        source: str = "",
        content_type: str = "application/json",
        retry_if: RetryCheck | None = None,
    ) -> Response:
        """The answer to POSTing `body` to `url`. `url` is the document's canonical identity and may carry
        a fragment naming what was asked (`...#series=A,B`); the fragment is never sent. Recorded POSTs
        are told apart by URL and body (see `extractors.http.replay.request_key`)."""
        ...
