"""The handbook's A-Z index: which occupation pages a full refresh visits, and slug lookup through it."""

from __future__ import annotations

import pytest
from conftest import write_replay
from ooh_pages import render_index

from extractors.fact import ParseError
from extractors.http.fetch import FetchError, ReplayFetcher
from extractors.occupations import OccupationError, select_occupations
from extractors.sources.bls_ooh.index import INDEX_URL, fetch_occupation_paths, occupation_paths
from flows.config import DEFAULT_CONFIG

LINKS = [
    ("Medical assistants", "https://www.bls.gov/ooh/healthcare/medical-assistants.htm"),
    ("Autopsy assistant", "https://www.bls.gov/ooh/healthcare/medical-assistants.htm"),
    ("Dental assistants", "/ooh/healthcare/dental-assistants.htm"),
    ("Cashiers", "sales/cashiers.htm"),
    ("Military careers", "https://www.bls.gov/ooh/military/military-careers.htm#tab-1"),
    ("Healthcare", "https://www.bls.gov/ooh/healthcare/home.htm"),
]


def test_index_lists_each_occupation_page_once_and_skips_other_pages():
    assert occupation_paths(render_index(LINKS)) == [
        "healthcare/dental-assistants",
        "healthcare/medical-assistants",
        "military/military-careers",
        "sales/cashiers",
    ]


def test_index_bytes_and_str_read_the_same():
    html = render_index(LINKS)
    assert occupation_paths(html.encode("utf-8")) == occupation_paths(html)


@pytest.mark.parametrize("html", ["", "<html><title>Access Denied</title><body>Access Denied</body></html>"])
def test_a_page_without_occupation_links_lists_nothing(html):
    assert occupation_paths(html) == []


def test_fetched_index_that_links_nothing_is_an_error_naming_its_url(tmp_path):
    replay = write_replay(tmp_path / "r", {INDEX_URL: "<html><body><p>Moved.</p></body></html>"})
    with pytest.raises(ParseError, match="a-z-index.htm"):
        fetch_occupation_paths(ReplayFetcher(replay))


def test_blocked_index_is_a_fetch_error(tmp_path):
    blocked = "<html><head><title>Access Denied</title></head><body>Access Denied</body></html>"
    replay = write_replay(tmp_path / "r", {INDEX_URL: blocked})
    with pytest.raises(FetchError, match="blocked"):
        fetch_occupation_paths(ReplayFetcher(replay))


def test_bare_slug_not_in_config_resolves_through_the_index(tmp_path):
    replay = write_replay(tmp_path / "r", {INDEX_URL: render_index(LINKS)})
    fetcher = ReplayFetcher(replay)
    [dental] = select_occupations(
        DEFAULT_CONFIG.occupations, ["dental-assistants"], lambda: fetch_occupation_paths(fetcher)
    )
    assert (dental.slug, dental.ooh_path) == ("dental-assistants", "healthcare/dental-assistants")


def test_tracked_slug_does_not_need_the_index():
    def no_index() -> list[str]:
        raise AssertionError("the index was consulted for a tracked slug")

    [ma] = select_occupations(DEFAULT_CONFIG.occupations, ["medical-assistants"], no_index)
    assert ma.ooh_path == "healthcare/medical-assistants"


def test_slug_missing_from_index_and_unknown_soc_are_errors_naming_them():
    with pytest.raises(OccupationError, match="astronauts.*A-Z index"):
        select_occupations(
            DEFAULT_CONFIG.occupations, ["astronauts"], lambda: ["healthcare/dental-assistants"]
        )
    with pytest.raises(OccupationError, match="'29-1141'.*SOC code not in the config"):
        select_occupations(DEFAULT_CONFIG.occupations, ["29-1141"], lambda: ["healthcare/registered-nurses"])
