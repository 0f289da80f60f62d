"""Source `bls-ooh`: the BLS Occupational Outlook Handbook's occupation pages (https://www.bls.gov/ooh/).

One page per occupation: quick facts, the pay and outlook tabs, charts' data tables, the projections
table. `parser` reads a page; `index` reads the A-Z index of every occupation page.
"""

from __future__ import annotations

from extractors.sources.base import PlanRequest, Source, Target
from extractors.sources.bls_ooh.index import fetch_occupation_paths
from extractors.sources.bls_ooh.occupations import SOURCE
from extractors.sources.bls_ooh.parser import parse_ooh_page

OOH_ROOT = "https://www.bls.gov/ooh/"


def ooh_url(path: str) -> str:
    """`healthcare/medical-assistants` -> the handbook page URL."""
    path = path.strip("/")
    if not path.endswith(".htm"):
        path += ".htm"
    return OOH_ROOT + path


def plan(source: Source, request: PlanRequest) -> list[Target]:
    """Each chosen occupation's page; with `--all-occupations`, every page the A-Z index links first."""
    paths = [occupation.ooh_path for occupation in request.occupations]
    if request.all_occupations and request.index is not None:
        paths = [*request.index(), *paths]
    return [Target(source.name, ooh_url(path)) for path in dict.fromkeys(paths)]


DEFINITION = Source(
    name=SOURCE,
    title="BLS Occupational Outlook Handbook, occupation pages",
    read=parse_ooh_page,
    order=10,
    program="ooh",
    hosts={"bls": "www.bls.gov"},
    places=(("www.bls.gov", "/ooh/"),),
    plan=plan,
    occupation_index=fetch_occupation_paths,
    metrics={
        "median_pay_annual": "USD/year",
        "median_pay_hourly": "USD/hour",
        "entry_level_education": None,
        "work_experience": None,
        "on_the_job_training": None,
        "employment": "jobs",
        "employment_projected": "jobs",
        "employment_change": "jobs",
        "employment_change_pct": "percent",
        "outlook_category": None,
        "openings_per_year": "jobs/year",
        "industry_employment_share": "percent",
        "industry_median_pay_annual": "USD/year",
        "industry_median_pay_hourly": "USD/hour",
        "pay_p10_annual": "USD/year",
        "pay_p90_annual": "USD/year",
        "pay_p10_hourly": "USD/hour",
        "pay_p90_hourly": "USD/hour",
    },
)
