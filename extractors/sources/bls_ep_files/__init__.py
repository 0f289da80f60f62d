"""Source `bls-ep-files`: the Employment Projections occupation workbook
(https://www.bls.gov/emp/ind-occ-matrix/occupation.xlsx), Table 1.2, every occupation of the matrix.

BLS replaces the workbook at the same URL with each edition (2023-33, then 2024-34), so the URL is the
statement: the release that loads a new edition rolls each occupation's series to the new years. The
reading itself is `extractors.sources.bls_ep_files.workbook`.
"""

from __future__ import annotations

from extractors.fact import ParseError, ParseResult
from extractors.sources.base import Source

SOURCE = "bls-ep-files"
WORKBOOK_URL = "https://www.bls.gov/emp/ind-occ-matrix/occupation.xlsx"
XLSX_CONTENT_TYPES = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/octet-stream",
    "application/zip",
    "application/vnd.ms-excel",
)


def parse_ep_files(body: bytes | str, document: str) -> ParseResult:
    """Table 1.2 of the occupation workbook as a frame of facts."""
    # Imported here: the reader needs pandas, which `laborstats parse` of a page never loads.
    from extractors.sources.bls_ep_files.workbook import read_ep_workbook

    if isinstance(body, str):
        raise ParseError(document, "the projections workbook is binary (.xlsx), not text")
    read = read_ep_workbook(body, document)
    return ParseResult(facts=[], warnings=read.warnings, published=read.period, frame=read.facts)


DEFINITION = Source(
    name=SOURCE,
    title="BLS Employment Projections occupation workbook (occupation.xlsx, Table 1.2)",
    read=parse_ep_files,
    order=110,
    program="ep",
    precedence=0,
    hosts={"bls": "www.bls.gov"},
    places=(("www.bls.gov", "/emp/ind-occ-matrix/"),),
    content_types=XLSX_CONTENT_TYPES,
    default_urls=(WORKBOOK_URL,),
    refreshed_by_default=False,
    bulk=True,
    metrics={
        "employment": "jobs",
        "employment_projected": "jobs",
        "employment_change": "jobs",
        "employment_change_pct": "percent",
        "openings_per_year": "jobs/year",
        "median_pay_annual": "USD/year",
        "entry_level_education": None,
        "work_experience": None,
        "on_the_job_training": None,
    },
)
