"""The live HTTP client against a server on 127.0.0.1: identity, retries, limits, refusals, attempt log."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass
from email.utils import format_datetime

import pytest
from conftest import Served, fast_settings

from extractors.http.attempts import AttemptLog
from extractors.http.client import HttpFetcher
from extractors.http.hostgate import HostGate
from extractors.http.response import FetchError

PAGE = b"<html><title>Medical Assistants</title><body>811,000 jobs</body></html>"
CANONICAL = "https://www.bls.gov/ooh/healthcare/medical-assistants.htm"
PATH = "/ooh/healthcare/medical-assistants.htm"


@dataclass(frozen=True)
class Known:
    sha256: str
    etag: str | None
    last_modified: str | None


def fetcher_for(site, *, contact="data-team@example.org", sleep=None, **settings) -> HttpFetcher:
    extra = {"sleep": sleep} if sleep is not None else {}
    return HttpFetcher(
        {"www.bls.gov": site.url}, contact=contact, settings=fast_settings(**settings), **extra
    )


def test_user_agent_names_the_contact_and_the_answer_keeps_the_canonical_url(loopback_site):
    loopback_site.routes[PATH] = Served(200, PAGE)
    response = fetcher_for(loopback_site).get(CANONICAL)
    assert (response.url, response.status, response.body) == (CANONICAL, 200, PAGE)
    agent = loopback_site.requests[0]["headers"]["User-Agent"]
    assert agent.startswith("laborstats/") and agent.endswith("(+contact: data-team@example.org)")


def test_a_fetcher_without_contact_warns(loopback_site, monkeypatch):
    monkeypatch.delenv("LABORSTATS_CONTACT", raising=False)
    with pytest.warns(UserWarning, match="LABORSTATS_CONTACT is not set"):
        HttpFetcher({"www.bls.gov": loopback_site.url}, settings=fast_settings())


def test_server_errors_are_retried_and_every_attempt_is_logged(loopback_site):
    loopback_site.routes[PATH] = [Served(503, b"busy"), Served(502, b"bad gateway"), Served(200, PAGE)]
    fetcher = fetcher_for(loopback_site)
    response = fetcher.get(CANONICAL, source="bls-ooh")
    assert response.body == PAGE
    attempts = fetcher.attempt_log.records()
    assert [(a.attempt, a.http_status, a.error) for a in attempts] == [
        (1, 503, "HTTP 503"),
        (2, 502, "HTTP 502"),
        (3, 200, None),
    ]
    assert {(a.url, a.source, a.conditional) for a in attempts} == {(CANONICAL, "bls-ooh", False)}
    assert all(a.elapsed_ms >= 0 for a in attempts)


def test_retries_run_out_with_an_error_naming_url_status_and_attempts(loopback_site):
    loopback_site.routes[PATH] = Served(500, b"oops")
    fetcher = fetcher_for(loopback_site, max_attempts=3)
    with pytest.raises(FetchError) as caught:
        fetcher.get(CANONICAL)
    assert caught.value.url == CANONICAL
    assert "HTTP 500" in str(caught.value) and "gave up after 3 attempts" in str(caught.value)
    assert loopback_site.url in str(caught.value)  # says where the request actually went
    assert len(loopback_site.hits(PATH)) == 3


@pytest.mark.parametrize("status", [403, 404])
def test_refusals_and_missing_pages_are_not_retried(loopback_site, status):
    loopback_site.routes[PATH] = Served(status, b"<html><title>No</title></html>")
    fetcher = fetcher_for(loopback_site)
    response = fetcher.get(CANONICAL)
    assert response.status == status
    assert len(loopback_site.hits(PATH)) == 1
    assert [a.error for a in fetcher.attempt_log.records()] == [f"HTTP {status}"]


def test_retry_after_seconds_is_honoured(loopback_site):
    loopback_site.routes[PATH] = [Served(429, b"slow down", {"Retry-After": "7"}), Served(200, PAGE)]
    slept: list[float] = []
    fetcher_for(loopback_site, sleep=slept.append).get(CANONICAL)
    assert slept == [7.0]


def test_retry_after_http_date_is_honoured_and_capped(loopback_site):
    from datetime import UTC, datetime, timedelta

    later = format_datetime(datetime.now(UTC) + timedelta(hours=1), usegmt=True)
    loopback_site.routes[PATH] = [Served(503, b"maintenance", {"Retry-After": later}), Served(200, PAGE)]
    slept: list[float] = []
    fetcher_for(loopback_site, sleep=slept.append, retry_after_max_s=30).get(CANONICAL)
    assert slept == [30.0]  # an hour asked, the cap obeyed


def test_without_retry_after_the_backoff_grows_exponentially_with_jitter(loopback_site):
    loopback_site.routes[PATH] = [Served(503, b"")] * 3 + [Served(200, PAGE)]
    slept: list[float] = []
    fetcher_for(loopback_site, sleep=slept.append, backoff_base_s=1, backoff_max_s=3, jitter=0.5).get(
        CANONICAL
    )
    assert len(slept) == 3
    for delay, ceiling in zip(slept, [1, 2, 3], strict=True):  # 1, 2, then 4 capped at 3
        assert ceiling * 0.5 <= delay <= ceiling


def test_a_body_cut_short_is_retried(loopback_site):
    loopback_site.routes[PATH] = [Served(200, PAGE * 50, cut=True), Served(200, PAGE * 50)]
    fetcher = fetcher_for(loopback_site)
    assert fetcher.get(CANONICAL).body == PAGE * 50
    first, second = fetcher.attempt_log.records()
    assert first.http_status == 200 and "IncompleteRead" in first.error
    assert (second.http_status, second.error) == (200, None)


def test_connection_errors_are_retried_logged_and_reported(monkeypatch):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = AttemptLog()
    fetcher = HttpFetcher(
        {"www.bls.gov": f"http://127.0.0.1:{port}"},
        contact="x@example.org",
        settings=fast_settings(max_attempts=2),
        attempt_log=log,
    )
    with pytest.raises(FetchError) as caught:
        fetcher.get(CANONICAL, source="bls-ooh")
    assert "ConnectionError" in caught.value.reason and "gave up after 2 attempts" in caught.value.reason
    assert [(a.attempt, a.http_status) for a in log.records()] == [(1, None), (2, None)]
    assert all("ConnectionError" in a.error for a in log.records())


@pytest.mark.parametrize("send_length", [True, False])
def test_bodies_over_the_size_limit_are_refused(loopback_site, send_length):
    loopback_site.routes[PATH] = Served(200, b"x" * 300_000, send_length=send_length)
    fetcher = fetcher_for(loopback_site, max_body_bytes=100_000)
    with pytest.raises(FetchError) as caught:
        fetcher.get(CANONICAL)
    assert "exceeds the limit of 100000 bytes" in str(caught.value)
    assert len(loopback_site.hits(PATH)) == 1  # not retried: it would be just as large


def test_no_more_than_the_per_host_limit_is_in_flight(loopback_site):
    for i in range(8):
        loopback_site.routes[f"/ooh/page{i}.htm"] = Served(200, PAGE, delay_s=0.15)
    fetcher = fetcher_for(loopback_site, per_host_concurrency=2)
    errors: list[BaseException] = []

    def fetch(i: int) -> None:
        try:
            fetcher.get(f"https://www.bls.gov/ooh/page{i}.htm")
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=fetch, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    assert len(loopback_site.requests) == 8
    assert loopback_site.max_in_flight == 2  # the limit held, and requests did run side by side


def test_request_starts_to_one_host_are_spaced_by_the_minimum_interval(loopback_site):
    """The gate's schedule, read from a clock that stands still: the second and third requests to one host
    wait one and two intervals, whichever thread comes first. (Times seen by the server would also show
    the machine's scheduling delays.)"""
    for i in range(3):
        loopback_site.routes[f"/ooh/page{i}.htm"] = Served(200, PAGE)
    fetcher = fetcher_for(loopback_site, min_interval_s=0.2)
    waits: list[float] = []
    lock = threading.Lock()

    def sleep(seconds: float) -> None:
        with lock:
            waits.append(seconds)
        time.sleep(seconds)

    fetcher.gate = HostGate(fetcher.settings.per_host_concurrency, 0.2, clock=lambda: 100.0, sleep=sleep)
    threads = [
        threading.Thread(target=fetcher.get, args=(f"https://www.bls.gov/ooh/page{i}.htm",)) for i in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(loopback_site.requests) == 3
    assert sorted(waits) == pytest.approx([0.2, 0.4])


def test_conditional_request_sends_validators_and_returns_304(loopback_site):
    etag, modified = '"v1"', "Thu, 28 Aug 2025 12:00:00 GMT"
    loopback_site.routes[PATH] = Served(200, PAGE, {"Content-Type": "text/html", "ETag": etag})
    fetcher = fetcher_for(loopback_site)
    response = fetcher.get(CANONICAL, cached=Known("0" * 64, etag, modified))
    assert (response.status, response.body) == (304, b"")
    headers = loopback_site.requests[0]["headers"]
    assert (headers["If-None-Match"], headers["If-Modified-Since"]) == (etag, modified)
    [attempt] = fetcher.attempt_log.records()
    assert (attempt.http_status, attempt.error, attempt.conditional) == (304, None, True)


def test_a_relative_url_is_refused_with_a_hint(loopback_site):
    with pytest.raises(FetchError, match="not an absolute URL"):
        fetcher_for(loopback_site).get("/ooh/healthcare/medical-assistants.htm")
    assert loopback_site.requests == []
