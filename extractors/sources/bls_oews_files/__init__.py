"""Source `bls-oews-files`: OEWS estimates from BLS's downloadable zips (every occupation, every year).

A refresh reads the OEWS tables page (https://www.bls.gov/oes/tables.htm) first, as the handbook's A-Z
index is read for `--all-occupations`, takes the latest May year's zip links (or the year the settings
pin) and fetches the zips of the scopes the settings name (default national and states). Each zip is
one *statement* of the source, `bls-oews-files:<scope>`: May 2024's `oesm24nat.zip` is the next version
of May 2023's `oesm23nat.zip`, so the release that loads it rolls every national series forward a year,
and the previous years stay in the history (`facts_as_of`).

The reading itself (columns by name, special values, top codes) is `workbook` in this folder.
"""

from __future__ import annotations

import re
from typing import Self

from pydantic import model_validator

from extractors.fact import ParseError, ParseResult
from extractors.http.screening import check_response
from extractors.http.settings import SettingsError, TableSettings, Text
from extractors.sources.base import PlanRequest, Source, Target
from extractors.sources.bls_oews_files.tables_page import PAGE_URL, SCOPES, year_zips

# What bls.gov and mirrors serve a zip as; an .xlsx taken out of one is accepted too.
ZIP_CONTENT_TYPES = (
    "application/zip",
    "application/x-zip-compressed",
    "application/x-zip",
    "application/octet-stream",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.ms-excel",
)
SOURCE = "bls-oews-files"
_ZIP_NAME = re.compile(r"/oesm\d{2}([a-z0-9]+)\.zip$", re.IGNORECASE)


class BlsOewsFilesSettings(TableSettings):
    """The `[bls_oews_files]` table.

    - `scopes`: which zips to load: `nat` (national), `st` (states), `ma` (metropolitan and
      nonmetropolitan areas), `in4` (national by industry), `all` (all of them in one, ~410,000 rows).
    - `year`: a May reference year ("2023") to load instead of the latest the tables page links.
    - `tables_page`: where the links are found.
    """

    scopes: tuple[Text, ...] = ("nat", "st")
    year: Text | None = None
    tables_page: Text = PAGE_URL

    @model_validator(mode="after")
    def _known(self) -> Self:
        known = ", ".join(SCOPES)
        problems = [f"unknown scope {s!r}; known: {known}" for s in self.scopes if s not in SCOPES]
        if not self.scopes:
            problems.append("scopes must name at least one scope")
        if "all" in self.scopes and len(self.scopes) > 1:
            problems.append("scope 'all' holds every other scope; name it alone")
        if self.year is not None and not re.fullmatch(r"20\d{2}", self.year):
            problems.append(f"year {self.year!r} is not a May reference year such as '2023'")
        if problems:
            raise SettingsError("; ".join(problems))
        return self


def plan(source: Source, request: PlanRequest) -> list[Target]:
    """The chosen year's zips of the configured scopes, found on the tables page (fetched through the
    refresh's fetcher). A page without them is an error naming the page, year and scope."""
    settings = request.settings if isinstance(request.settings, BlsOewsFilesSettings) else None
    settings = settings or BlsOewsFilesSettings()
    if request.fetcher is None:
        return []
    response = check_response(request.fetcher.get(settings.tables_page, source=source.name))
    _, zips = year_zips(response.body, settings.year, tuple(settings.scopes), settings.tables_page)
    return [Target(source.name, url) for url in zips.values()]


def statement_of(url: str) -> str:
    """`.../oesm23nat.zip` -> `bls-oews-files:nat`: each scope's file is one statement across years."""
    found = _ZIP_NAME.search(url.split("?", 1)[0])
    return f"{SOURCE}:{found.group(1).lower()}" if found else url


def parse_oews_files(body: bytes | str, document: str) -> ParseResult:
    """An OEWS zip (or a workbook out of one) as a frame of facts; the reference year from its names."""
    # Imported here: the reader needs pandas, which `laborstats parse` of a page never loads.
    from extractors.sources.bls_oews_files.workbook import read_oews_file

    if isinstance(body, str):
        raise ParseError(document, "an OEWS estimates file is binary (a zip or a workbook), not text")
    read = read_oews_file(body, document)
    return ParseResult(facts=[], warnings=read.warnings, published=read.period, frame=read.facts)


_WAGES = {
    f"{stat}_{basis}": f"USD/{'hour' if basis == 'hourly' else 'year'}"
    for basis in ("hourly", "annual")
    for stat in ("mean_pay", "pay_p10", "pay_p25", "median_pay", "pay_p75", "pay_p90")
}

DEFINITION = Source(
    name=SOURCE,
    title="BLS OEWS downloadable estimate files (oesmYY*.zip), every occupation",
    read=parse_oews_files,
    order=100,
    program="oews",
    precedence=0,
    hosts={"bls": "www.bls.gov"},
    places=(("www.bls.gov", "/oes/special-requests/"), ("www.bls.gov", "/oes/special.requests/")),
    content_types=ZIP_CONTENT_TYPES,
    plan=plan,
    settings=BlsOewsFilesSettings,
    settings_table="bls_oews_files",
    refreshed_by_default=False,
    statement_key=statement_of,
    bulk=True,
    metrics={
        "employment": "jobs",
        **_WAGES,
        "employment_per_1000_jobs": "jobs/1000 jobs",
        "location_quotient": "ratio",
    },
)
