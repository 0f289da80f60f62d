"""Live fetching over HTTP, polite and persistent: the one client every source goes through.

- It says who it is: `User-Agent: laborstats/<version> (+contact: $LABORSTATS_CONTACT)`; bls.gov turns
  away anonymous clients.
- It spreads its load: a per-host limit on requests in flight and a minimum gap between starts
  (`HostGate`), shared by every thread.
- It rides out the web as it is: 429 and 5xx answers, refused or dropped connections, timeouts and bodies
  cut short (fewer bytes than Content-Length) are tried again after exponential backoff with jitter, or
  after what `Retry-After` asks (capped); 403, 404 and other answers are returned at once, since asking
  again would only get the same answer.
- It refuses bodies over `max_body_bytes`, reading the body in chunks and stopping past the limit.
- It asks conditionally when told what is already archived, so an unchanged page costs a 304.
- It can POST too (the BLS Public Data API takes its queries as JSON bodies), through the same identity,
  limits, retries and log; a caller may also name answers worth another try that HTTP calls a success
  (`retry_if`: the API says "over capacity" with a 200).

Every attempt is logged (`laborstats.fetch` logger) and recorded in an `AttemptLog`.
"""

from __future__ import annotations

import logging
import os
import random
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urlsplit

import requests

from extractors.http.attempts import AttemptLog, FetchAttempt
from extractors.http.hostgate import HostGate
from extractors.http.response import Cached, FetchError, Response, RetryCheck
from extractors.http.retry import backoff_delay, retry_after_delay
from extractors.http.settings import FetchSettings
from extractors.http.urls import canonical, rewrite

log = logging.getLogger("laborstats.fetch")

CHUNK_BYTES = 64 * 1024
_VALIDATORS = ("If-None-Match", "If-Modified-Since")
# Failures of the transport that another try may cure. ChunkedEncodingError is what requests raises when
# the connection closes before Content-Length bytes arrived.
_TRANSIENT_ERRORS = (
    requests.ConnectionError,
    requests.Timeout,
    requests.exceptions.ChunkedEncodingError,
)


def package_version() -> str:
    try:
        return version("laborstats")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0+unknown"


def user_agent(contact: str | None) -> str:
    return f"laborstats/{package_version()} (+contact: {contact or 'unset'})"


class _BodyError(Exception):
    """The body could not be had whole: `transient` when another try may get it."""

    def __init__(self, message: str, transient: bool) -> None:
        super().__init__(message)
        self.transient = transient


@dataclass(frozen=True, slots=True)
class _Request:
    """One request as asked for: `url` canonical (logged, answered for), `target` where it is sent."""

    method: str
    url: str
    target: str
    source: str
    body: bytes | None
    headers: dict[str, str]
    retry_if: RetryCheck | None


@dataclass(frozen=True, slots=True)
class _Retry:
    reason: str
    delay_s: float


class HttpFetcher:
    def __init__(
        self,
        base_urls: dict[str, str] | None = None,
        contact: str | None = None,
        settings: FetchSettings | None = None,
        attempt_log: AttemptLog | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.base_urls = base_urls or {}
        self.contact = contact if contact is not None else os.environ.get("LABORSTATS_CONTACT")
        if not self.contact:
            message = "LABORSTATS_CONTACT is not set: bls.gov turns away clients that name no contact"
            log.warning(message)
            warnings.warn(message, stacklevel=2)
        self.settings = settings or FetchSettings()
        self.attempt_log = attempt_log if attempt_log is not None else AttemptLog()
        self.gate = HostGate(self.settings.per_host_concurrency, self.settings.min_interval_s, sleep=sleep)
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._rng_lock = threading.Lock()
        self._local = threading.local()

    def _session(self) -> requests.Session:
        # requests.Session is not thread-safe; Prefect runs fetch tasks on a thread pool.
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.headers["User-Agent"] = user_agent(self.contact)
            self._local.session = session
        return session

    def get(self, url: str, *, source: str = "", cached: Cached | None = None) -> Response:
        """The document at `url`, fetched from the stand-in for its host if one is configured.

        `url` may also point at a stand-in (a link found on a mirrored page): it is mapped back, so the
        Response always carries the canonical URL. Returns 200, 304 (only when `cached` was given) or a
        final non-retryable status; raises FetchError when retries run out or the body is refused.
        """
        return self._fetch("GET", url, source, None, _conditional_headers(cached), None)

    def post(
        self,
        url: str,
        body: bytes,
        *,
        source: str = "",
        content_type: str = "application/json",
        retry_if: RetryCheck | None = None,
    ) -> Response:
        """POST `body` to `url` (its fragment, which names the document, is not sent), with the retries,
        limits and log of `get`. A query that only reads (as the BLS API's do) is safe to send again.
        `retry_if` names a reason to try a 200 answer again (backoff as for a 503), or None to keep it."""
        return self._fetch("POST", url, source, body, {"Content-Type": content_type}, retry_if)

    def _fetch(
        self,
        method: str,
        url: str,
        source: str,
        body: bytes | None,
        headers: dict[str, str],
        retry_if: RetryCheck | None,
    ) -> Response:
        url = canonical(url, self.base_urls)
        if not urlsplit(url).scheme or not urlsplit(url).hostname:
            raise FetchError(
                url, "not an absolute URL (resolve links with extractors.http.urls.resolve_link)"
            )
        request = _Request(method, url, rewrite(url, self.base_urls), source, body, headers, retry_if)
        attempts = self.settings.max_attempts
        for attempt in range(1, attempts + 1):
            outcome = self._attempt(request, attempt)
            if isinstance(outcome, Response):
                return outcome
            if attempt == attempts:
                via = f" (via {request.target})" if request.target != url else ""
                raise FetchError(url, f"{outcome.reason}; gave up after {attempts} attempts{via}")
            delay = outcome.delay_s
            log.warning(
                "%s %s attempt %d/%d: %s; retrying in %.2f s",
                method,
                url,
                attempt,
                attempts,
                outcome.reason,
                delay,
            )
            self._sleep(delay)
        raise AssertionError("unreachable: the loop returns or raises")

    def _attempt(self, request: _Request, attempt: int) -> Response | _Retry:
        url, target = request.url, request.target
        host = urlsplit(target).netloc.lower()
        status: int | None = None

        def record(error: str | None) -> None:
            self._record(request, attempt, started_at, started, status, error)

        with self.gate.slot(host):
            started_at = datetime.now(UTC)
            started = time.monotonic()
            try:
                reply = self._session().request(
                    request.method,
                    target,
                    data=request.body,
                    headers=request.headers,
                    timeout=(self.settings.connect_timeout_s, self.settings.read_timeout_s),
                    stream=True,
                )
                try:
                    status = reply.status_code
                    body = self._read_body(reply)
                finally:
                    reply.close()
            except _TRANSIENT_ERRORS as exc:
                error = f"{type(exc).__name__}: {exc}"
                record(error)
                return _Retry(error, self._backoff(attempt))
            except _BodyError as exc:
                record(str(exc))
                if exc.transient:
                    return _Retry(str(exc), self._backoff(attempt))
                raise FetchError(url, str(exc)) from None
            except requests.RequestException as exc:  # invalid URL, too many redirects: no cure in retrying
                error = f"{type(exc).__name__}: {exc}"
                record(error)
                raise FetchError(url, f"request to {target} failed: {error}") from exc
        response = Response(url, status, dict(reply.headers), body, started_at)
        if status in self.settings.retry_statuses:
            reason = f"HTTP {status}"
            record(reason)
            waited = retry_after_delay(response.header("Retry-After"), self.settings)
            return _Retry(reason, waited if waited is not None else self._backoff(attempt))
        if status == 200 and request.retry_if is not None:
            reason = request.retry_if(response)
            if reason is not None:
                record(reason)
                return _Retry(reason, self._backoff(attempt))
        record(None if status in (200, 304) else f"HTTP {status}")
        return response

    def _read_body(self, reply: requests.Response) -> bytes:
        limit = self.settings.max_body_bytes
        declared = reply.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise _BodyError(f"body of {declared} bytes exceeds the limit of {limit} bytes", False)
        chunks: list[bytes] = []
        received = 0
        for chunk in reply.iter_content(CHUNK_BYTES):
            received += len(chunk)
            if received > limit:
                raise _BodyError(f"body exceeds the limit of {limit} bytes; stopped reading", False)
            chunks.append(chunk)
        body = b"".join(chunks)
        # urllib3 normally raises on a short body; check too, in case a transport does not.
        encoded = "Content-Encoding" in reply.headers
        checkable = declared and declared.isdigit() and not encoded and reply.status_code not in (204, 304)
        if checkable and len(body) < int(declared):
            raise _BodyError(f"incomplete body: {len(body)} of {declared} bytes", True)
        return body

    def _backoff(self, attempt: int) -> float:
        with self._rng_lock:
            return backoff_delay(attempt, self.settings, self._rng)

    def _record(
        self,
        request: _Request,
        attempt: int,
        started_at: datetime,
        started: float,
        status: int | None,
        error: str | None,
    ) -> None:
        elapsed_ms = (time.monotonic() - started) * 1000
        conditional = any(name in request.headers for name in _VALIDATORS)
        self.attempt_log.add(
            FetchAttempt(
                request.url, request.source, attempt, started_at, status, error, elapsed_ms, conditional
            )
        )
        outcome = error or f"HTTP {status}"
        log.info("%s %s attempt %d: %s in %.0f ms", request.method, request.url, attempt, outcome, elapsed_ms)


def _conditional_headers(cached: Cached | None) -> dict[str, str]:
    if cached is None:
        return {}
    headers = {}
    if cached.etag:
        headers["If-None-Match"] = cached.etag
    if cached.last_modified:
        headers["If-Modified-Since"] = cached.last_modified
    return headers
