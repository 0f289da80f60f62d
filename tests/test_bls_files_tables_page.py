"""The OEWS tables page -> the zip URLs of a May reference year, on a small page written here."""

from __future__ import annotations

import pytest

from extractors.fact import ParseError
from extractors.sources.bls_oews_files.tables_page import SCOPES, year_zips, zip_links

BLS = "https://www.bls.gov"


def tables_page(years: dict[str, tuple[str, ...]]) -> str:
    """A page shaped like the tables page: one section per May year, links in list items and a table."""
    sections = []
    for year, scopes in years.items():
        yy = year[2:]
        links = "".join(
            f'<li><a href="/oes/special-requests/oesm{yy}{scope}.zip">{scope} (XLS)</a></li>'
            for scope in scopes
        )
        sections.append(
            f"<h3>May {year}</h3><ul>{links}</ul><p><a href='/oes/{year}/may/oes_nat.htm'>html</a></p>"
        )
    return (
        f"<html><body><h1>OEWS Tables</h1>{''.join(sections)}<a href='/oes/home.htm'>home</a></body></html>"
    )


PAGE = tables_page({"2023": SCOPES, "2022": SCOPES, "2021": ("nat", "st")})


def test_latest_year_and_its_default_scopes_as_absolute_urls():
    year, urls = year_zips(PAGE, scopes=("nat", "st"))
    assert year == "2023"
    assert urls == {
        "nat": f"{BLS}/oes/special-requests/oesm23nat.zip",
        "st": f"{BLS}/oes/special-requests/oesm23st.zip",
    }


def test_every_scope_of_a_pinned_year():
    year, urls = year_zips(PAGE, year="2022")
    assert year == "2022"
    assert urls == {scope: f"{BLS}/oes/special-requests/oesm22{scope}.zip" for scope in SCOPES}


def test_links_resolve_against_the_page_they_came_from():
    links = zip_links(PAGE, base_url="http://127.0.0.1:8123/oes/tables.htm")
    assert sorted(links) == ["2021", "2022", "2023"]
    assert links["2021"] == {
        "nat": "http://127.0.0.1:8123/oes/special-requests/oesm21nat.zip",
        "st": "http://127.0.0.1:8123/oes/special-requests/oesm21st.zip",
    }


def test_absolute_links_are_found_too():
    page = PAGE.replace(
        'href="/oes/special-requests/oesm23nat.zip"', f'href="{BLS}/oes/special-requests/oesm23nat.zip"'
    )
    assert year_zips(page, scopes=("nat",))[1] == {"nat": f"{BLS}/oes/special-requests/oesm23nat.zip"}


def test_a_missing_year_or_scope_is_an_error_naming_the_page():
    with pytest.raises(
        ParseError, match=r"tables\.htm: no OEWS files for May 2019; the page has 2021, 2022, 2023"
    ):
        year_zips(PAGE, year="2019")
    with pytest.raises(ParseError, match=r"tables\.htm: May 2021: no link to the ma, all zip"):
        year_zips(PAGE, year="2021", scopes=("nat", "ma", "all"))


def test_a_page_without_zip_links_is_refused():
    with pytest.raises(ParseError, match=r"no OEWS zip links"):
        year_zips("<html><body><p>Maintenance</p></body></html>")


def test_an_unknown_scope_is_a_caller_error():
    with pytest.raises(ValueError, match="unknown OEWS file scope"):
        year_zips(PAGE, scopes=("nat", "county"))


@pytest.mark.parametrize(
    "href",
    [
        "/oes/special.requests/oesm18nat.zip",
        "special.requests/oesm18nat.zip",
        "special-requests/oesm18nat.zip",
    ],
)
def test_links_in_the_folders_older_spelling_or_relative_to_the_page_are_found_too(href):
    page = tables_page({"2018": ("nat", "st")}).replace('"/oes/special-requests/oesm18nat.zip"', f'"{href}"')
    year, urls = year_zips(page, scopes=("nat",))
    folder = "special-requests" if "-" in href else "special.requests"
    assert (year, urls) == ("2018", {"nat": f"{BLS}/oes/{folder}/oesm18nat.zip"})
