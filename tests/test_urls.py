"""`--base-url`: requests go to the stand-in, provenance and discovered links stay canonical."""

from __future__ import annotations

import pytest
from conftest import Served, fast_settings

from extractors.http.client import HttpFetcher
from extractors.http.urls import canonical, parse_base_urls, resolve_link, rewrite
from extractors.sources import hosts

MIRROR = {"www.bls.gov": "http://127.0.0.1:8000/mirror"}
PAGE = "https://www.bls.gov/ooh/a-z-index.htm"


def test_rewrite_and_canonical_are_inverses():
    url = "https://www.bls.gov/ooh/healthcare/medical-assistants.htm?x=1"
    mirrored = rewrite(url, MIRROR)
    assert mirrored == "http://127.0.0.1:8000/mirror/ooh/healthcare/medical-assistants.htm?x=1"
    assert canonical(mirrored, MIRROR) == url
    assert canonical("https://example.org/a", MIRROR) == "https://example.org/a"  # other hosts untouched
    assert canonical("http://127.0.0.1:8000/other/a", MIRROR) == "http://127.0.0.1:8000/other/a"


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("healthcare/medical-assistants.htm", "https://www.bls.gov/ooh/healthcare/medical-assistants.htm"),
        ("/ooh/healthcare/medical-assistants.htm#tab-6", "https://www.bls.gov/ooh/healthcare/medical-assistants.htm"),
        ("https://www.bls.gov/ooh/healthcare/medical-assistants.htm", "https://www.bls.gov/ooh/healthcare/medical-assistants.htm"),
        ("http://127.0.0.1:8000/mirror/ooh/healthcare/medical-assistants.htm", "https://www.bls.gov/ooh/healthcare/medical-assistants.htm"),
        ("https://data.bls.gov/projections/", "https://data.bls.gov/projections/"),
    ],
)  # fmt: skip
def test_links_on_a_mirrored_page_resolve_to_canonical_urls(href, expected):
    assert resolve_link(href, PAGE, MIRROR) == expected
    # the page URL may itself be the mirror's; the answer is the same
    assert resolve_link(href, rewrite(PAGE, MIRROR), MIRROR) == expected


def test_fetching_a_discovered_link_goes_to_the_mirror_and_answers_for_the_canonical_url(loopback_site):
    loopback_site.routes["/ooh/healthcare/medical-assistants.htm"] = Served(200, b"<html>ok</html>")
    base_urls = parse_base_urls([f"bls={loopback_site.url}"], hosts())
    fetcher = HttpFetcher(base_urls, contact="x@example.org", settings=fast_settings())
    # a link on the mirror's index page that points at the mirror itself
    link = resolve_link(f"{loopback_site.url}/ooh/healthcare/medical-assistants.htm", PAGE, base_urls)
    assert link == "https://www.bls.gov/ooh/healthcare/medical-assistants.htm"
    for asked in (link, f"{loopback_site.url}/ooh/healthcare/medical-assistants.htm"):
        response = fetcher.get(asked)
        assert (response.url, response.body) == (link, b"<html>ok</html>")
    assert [r["path"] for r in loopback_site.requests] == ["/ooh/healthcare/medical-assistants.htm"] * 2
