"""Record and replay: a recorded folder, and a warehouse's raw archive."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from conftest import Served, fast_settings

from extractors.http.archive import RawArchive
from extractors.http.client import HttpFetcher
from extractors.http.replay import ArchiveReplayFetcher, RecordingFetcher, ReplayFetcher
from extractors.http.response import FetchError

URL = "https://www.bls.gov/ooh/healthcare/medical-assistants.htm"
PATH = "/ooh/healthcare/medical-assistants.htm"
PAGE = b"<html><title>Medical Assistants</title></html>"


def test_recording_writes_a_folder_that_replays_the_same_answers(tmp_path, loopback_site):
    headers = {"Content-Type": "text/html", "ETag": '"e1"', "X-Served-By": "cache-7"}
    loopback_site.routes[PATH] = Served(200, PAGE, headers)
    live = HttpFetcher({"www.bls.gov": loopback_site.url}, contact="x@example.org", settings=fast_settings())
    folder = tmp_path / "rec"
    recorder = RecordingFetcher(live, folder)

    @dataclass
    class Known:
        sha256: str = "0" * 64
        etag: str | None = '"e1"'
        last_modified: str | None = None

    recorded = recorder.get(URL, cached=Known())  # recording asks unconditionally: a 304 has no body
    assert recorded.status == 200 and "If-None-Match" not in loopback_site.requests[0]["headers"]

    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["format"] == "laborstats-replay/1"
    [entry] = manifest["responses"]
    assert entry["url"] == URL and entry["status"] == 200
    kept = {k: v for k, v in entry["headers"].items() if k != "Date"}  # the server adds a Date
    assert kept == {"Content-Type": "text/html", "ETag": '"e1"'}  # X-Served-By is not kept
    assert (folder / entry["file"]).read_bytes() == PAGE

    replayed = ReplayFetcher(folder).get(URL)
    assert (replayed.url, replayed.status, replayed.body, replayed.etag) == (URL, 200, PAGE, '"e1"')


def test_replay_of_an_unrecorded_url_names_it(tmp_path):
    folder = tmp_path / "rec"
    folder.mkdir()
    (folder / "manifest.json").write_text(json.dumps({"format": "laborstats-replay/1", "responses": []}))
    missing = "https://www.bls.gov/ooh/healthcare/dental-assistants.htm"
    with pytest.raises(FetchError) as caught:
        ReplayFetcher(folder).get(missing)
    assert caught.value.url == missing and str(folder) in caught.value.reason


@dataclass(frozen=True)
class Row:
    sha256: str
    fetched_at: datetime
    http_status: int | None = 200
    content_type: str | None = "text/html"
    etag: str | None = '"e1"'
    last_modified: str | None = None


def test_archive_replay_answers_with_archived_bytes_and_original_fetch_time(tmp_path):
    archive = RawArchive(tmp_path / "raw")
    digest = archive.put(PAGE)
    when = datetime(2025, 8, 28, 12, 0, tzinfo=UTC)
    fetcher = ArchiveReplayFetcher({URL: Row(digest, when)}, archive, "wh.duckdb")
    response = fetcher.get(URL)
    assert (response.url, response.status, response.body, response.fetched_at) == (URL, 200, PAGE, when)
    assert (response.content_type, response.etag) == ("text/html", '"e1"')

    missing = "https://www.bls.gov/ooh/healthcare/dental-assistants.htm"
    with pytest.raises(FetchError) as caught:
        fetcher.get(missing)
    assert caught.value.url == missing and "wh.duckdb" in caught.value.reason


def test_archive_replay_refuses_a_corrupt_file_and_names_it(tmp_path):
    archive = RawArchive(tmp_path / "raw")
    digest = archive.put(PAGE)
    archive.path_for(digest).write_bytes(gzip.compress(b"tampered"))
    fetcher = ArchiveReplayFetcher({URL: Row(digest, datetime.now(UTC))}, archive, "wh.duckdb")
    with pytest.raises(FetchError) as caught:
        fetcher.get(URL)
    assert str(archive.path_for(digest)) in caught.value.reason and "corrupt" in caught.value.reason
