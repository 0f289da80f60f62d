"""POSTs through the shared client, and their record and replay (the BLS API's queries)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from conftest import Served, fast_settings

from extractors.http.archive import RawArchive
from extractors.http.client import HttpFetcher
from extractors.http.replay import ArchiveReplayFetcher, RecordingFetcher, ReplayFetcher, request_key
from extractors.http.response import FetchError

ENDPOINT = "https://api.bls.gov/publicAPI/v2/timeseries/data/"
DOCUMENT = ENDPOINT + "#series=OEUN000000000000031909213"
PATH = "/publicAPI/v2/timeseries/data/"
ANSWER = b'{"status": "REQUEST_SUCCEEDED", "message": [], "Results": {"series": []}}'
JSON = {"Content-Type": "application/json;charset=UTF-8"}


def body(series: list[str], key: str | None = None, years: tuple[str, str] = ("2007", "2026")) -> bytes:
    data: dict = {"seriesid": series, "startyear": years[0], "endyear": years[1]}
    if key:
        data["registrationkey"] = key
    return json.dumps(data).encode()


def fetcher(site, **settings) -> HttpFetcher:
    return HttpFetcher(
        {"api.bls.gov": site.url}, contact="data@example.org", settings=fast_settings(**settings)
    )


def test_a_post_goes_to_the_stand_in_with_our_identity_and_answers_for_the_document(loopback_site):
    loopback_site.routes[PATH] = Served(200, ANSWER, JSON)
    live = fetcher(loopback_site)
    sent = body(["OEUN000000000000031909213"])

    response = live.post(DOCUMENT, sent, source="bls-api")

    assert (response.url, response.status, response.body) == (DOCUMENT, 200, ANSWER)
    [request] = loopback_site.requests
    assert request["method"] == "POST" and request["path"] == PATH  # the fragment is not sent
    assert request["body"] == sent
    assert request["headers"]["Content-Type"] == "application/json"
    assert request["headers"]["User-Agent"].endswith("(+contact: data@example.org)")
    [attempt] = live.attempt_log.records()
    assert (attempt.url, attempt.source, attempt.http_status, attempt.conditional) == (
        DOCUMENT,
        "bls-api",
        200,
        False,
    )


def test_a_post_is_retried_on_server_errors_and_on_what_retry_if_names(loopback_site):
    busy = b'{"status": "REQUEST_FAILED_OVER_CAPACITY", "message": ["try later"]}'
    loopback_site.routes[PATH] = [
        Served(503, b"busy", JSON),
        Served(200, busy, JSON),
        Served(200, ANSWER, JSON),
    ]
    live = fetcher(loopback_site)

    def over_capacity(response):
        return "over capacity" if b"OVER_CAPACITY" in response.body else None

    response = live.post(DOCUMENT, body(["A"]), source="bls-api", retry_if=over_capacity)

    assert response.body == ANSWER
    assert [(a.http_status, a.error) for a in live.attempt_log.records()] == [
        (503, "HTTP 503"),
        (200, "over capacity"),
        (200, None),
    ]
    assert [r["body"] for r in loopback_site.requests] == [body(["A"])] * 3


def test_a_post_that_stays_over_capacity_fails_naming_the_reason(loopback_site):
    loopback_site.routes[PATH] = Served(200, b'{"status": "REQUEST_FAILED_OVER_CAPACITY"}', JSON)
    with pytest.raises(FetchError) as caught:
        fetcher(loopback_site, max_attempts=2).post(DOCUMENT, body(["A"]), retry_if=lambda r: "over capacity")
    assert caught.value.url == DOCUMENT
    assert "over capacity; gave up after 2 attempts" in caught.value.reason


def test_request_key_ignores_the_key_the_year_window_and_key_order():
    one = request_key("POST", ENDPOINT, body(["A", "B"], key="k1", years=("2006", "2025")))
    other = request_key(
        "POST", ENDPOINT, b'{"endyear": "2026", "seriesid": ["A", "B"], "registrationkey": "k2"}'
    )
    assert one == other
    assert one != request_key("POST", ENDPOINT, body(["A", "C"]))
    assert request_key("GET", ENDPOINT) == ("GET", ENDPOINT, None)


def test_a_recorded_post_replays_whatever_the_key_and_year_and_never_stores_the_key(tmp_path, loopback_site):
    loopback_site.routes[PATH] = Served(200, ANSWER, JSON)
    folder = tmp_path / "rec"
    recorder = RecordingFetcher(fetcher(loopback_site), folder)
    recorder.post(DOCUMENT, body(["OEUN000000000000031909213"], key="0123456789abcdef0123456789abcdef"))

    manifest = json.loads((folder / "manifest.json").read_text())
    [entry] = manifest["responses"]
    assert entry["method"] == "POST" and entry["url"] == DOCUMENT
    assert entry["request"] == {"seriesid": ["OEUN000000000000031909213"]}
    assert "0123456789abcdef" not in (folder / "manifest.json").read_text()
    assert (folder / entry["file"]).read_bytes() == ANSWER

    replay = ReplayFetcher(folder)
    later = replay.post(DOCUMENT, body(["OEUN000000000000031909213"], years=("2010", "2029")))
    assert (later.url, later.body) == (DOCUMENT, ANSWER)
    with pytest.raises(FetchError) as caught:
        replay.post(DOCUMENT, body(["OEUN000000000000031909201"]))
    assert "POST with body sha256" in caught.value.reason and str(folder) in caught.value.reason
    with pytest.raises(FetchError):
        replay.get(DOCUMENT)  # a GET of the same URL is another request


def test_the_archive_replays_a_post_by_its_document_url(tmp_path):
    archive = RawArchive(tmp_path / "raw")
    sha = archive.put(ANSWER)

    @dataclass
    class Stored:
        sha256: str = sha
        fetched_at: datetime = datetime(2026, 1, 2, tzinfo=UTC)
        http_status: int | None = 200
        content_type: str | None = "application/json"
        etag: str | None = None
        last_modified: str | None = None

    replay = ArchiveReplayFetcher({DOCUMENT: Stored()}, archive, "wh.duckdb")
    assert replay.post(DOCUMENT, body(["anything"])).body == ANSWER
    with pytest.raises(FetchError, match="no archived document"):
        replay.post(ENDPOINT + "#series=OTHER", body(["OTHER"]))
