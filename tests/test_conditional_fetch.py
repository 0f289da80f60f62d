"""Fetch-and-archive with what is already archived: conditional requests and 304s."""

from __future__ import annotations

import gzip

import pytest
from conftest import Served, fast_settings
from ooh_pages import medical_assistants_2025, render

from extractors.documents import Target, fetch_and_archive
from extractors.http.archive import RawArchive
from extractors.http.client import HttpFetcher
from extractors.http.response import FetchError

URL = "https://www.bls.gov/ooh/healthcare/medical-assistants.htm"
PATH = "/ooh/healthcare/medical-assistants.htm"
TARGET = Target("bls-ooh", URL)
PAGE = render(medical_assistants_2025()).encode()
VALIDATED = {"Content-Type": "text/html", "ETag": '"2025"', "Last-Modified": "Thu, 28 Aug 2025 12:00:00 GMT"}


@pytest.fixture
def fetcher(loopback_site) -> HttpFetcher:
    return HttpFetcher({"www.bls.gov": loopback_site.url}, contact="x@example.org", settings=fast_settings())


def archived_files(root) -> list[str]:
    return sorted(p.name for p in root.rglob("*.gz"))


def test_a_304_reuses_the_archived_document(tmp_path, loopback_site, fetcher):
    loopback_site.routes[PATH] = Served(200, PAGE, VALIDATED)
    archive = RawArchive(tmp_path / "raw")
    first = fetch_and_archive(fetcher, archive, TARGET)
    assert (first.etag, first.last_modified, first.not_modified) == (
        '"2025"',
        VALIDATED["Last-Modified"],
        False,
    )
    files = archived_files(tmp_path / "raw")

    second = fetch_and_archive(fetcher, archive, TARGET, cached=first)

    asked = loopback_site.requests[-1]["headers"]
    assert asked["If-None-Match"] == '"2025"' and asked["If-Modified-Since"] == VALIDATED["Last-Modified"]
    assert (second.http_status, second.not_modified) == (304, True)
    assert (second.sha256, second.body) == (first.sha256, PAGE)
    assert archived_files(tmp_path / "raw") == files


def test_a_304_with_a_corrupt_archived_copy_is_an_error_naming_the_file(tmp_path, loopback_site, fetcher):
    loopback_site.routes[PATH] = Served(200, PAGE, VALIDATED)
    archive = RawArchive(tmp_path / "raw")
    first = fetch_and_archive(fetcher, archive, TARGET)
    archive.path_for(first.sha256).write_bytes(gzip.compress(b"not what was served"))
    with pytest.raises(FetchError) as caught:
        fetch_and_archive(fetcher, archive, TARGET, cached=first)
    assert caught.value.url == URL
    assert str(archive.path_for(first.sha256)) in caught.value.reason and "corrupt" in caught.value.reason


def test_without_the_archived_copy_the_request_is_unconditional(tmp_path, loopback_site, fetcher):
    loopback_site.routes[PATH] = Served(200, PAGE, VALIDATED)
    first = fetch_and_archive(fetcher, RawArchive(tmp_path / "one"), TARGET)
    elsewhere = RawArchive(tmp_path / "two")  # an archive that lacks the document
    again = fetch_and_archive(fetcher, elsewhere, TARGET, cached=first)
    assert "If-None-Match" not in loopback_site.requests[-1]["headers"]
    assert (again.http_status, again.not_modified) == (200, False)
    assert elsewhere.get(again.sha256) == PAGE


def test_a_304_to_an_unconditional_request_is_an_error(tmp_path, loopback_site, fetcher):
    loopback_site.routes[PATH] = Served(304, b"", {})
    with pytest.raises(FetchError, match="304 Not Modified to a request that was not conditional"):
        fetch_and_archive(fetcher, RawArchive(tmp_path / "raw"), TARGET)


def test_a_block_page_is_not_archived(tmp_path, loopback_site, fetcher):
    loopback_site.routes[PATH] = Served(200, b"<html><title>Just a moment...</title></html>")
    with pytest.raises(FetchError) as caught:
        fetch_and_archive(fetcher, RawArchive(tmp_path / "raw"), TARGET)
    assert caught.value.blocked and "Just a moment..." in caught.value.reason
    assert archived_files(tmp_path) == []
