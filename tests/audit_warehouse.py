"""A small warehouse for `laborstats audit` tests: two releases of dental hygienists' figures (the
handbook's 2024 and 2025 editions, OEWS May 2023 and May 2024, the 2024-34 projections workbook), plus
a few occupations known only to one source, so that titles from every source are exercised.

Built with `figure_facts.load` (real normalisation, real `load_release`), as the figures tests build
the sources whose parsers they do not run. Values are the figures such sources state.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from figure_facts import Document, Release, fact, load

DH = "29-1292"
DH_URL = "https://www.bls.gov/ooh/healthcare/dental-hygienists.htm"
MA_URL = "https://www.bls.gov/ooh/healthcare/medical-assistants.htm"
OEWS_URL = "https://www.bls.gov/oes/20{yy}/may/oes291292.htm"
EP_URL = "https://www.bls.gov/emp/ind-occ-matrix/occupation.xlsx"
DENTISTS = "Offices of Dentists"


def _ooh(metric, value, unit, period, soc=DH, title="Dental hygienists", **extra):
    return fact("bls-ooh", metric, value, unit, period, soc, occupation=title, **extra)


def _oews(metric, value, unit, period, soc=DH, title="Dental Hygienists", **extra):
    return fact("bls-oews", metric, value, unit, period, soc, occupation=title, **extra)


def handbook_2024() -> list:
    return [
        _ooh("employment", 219200, "jobs", "2023"),
        _ooh("employment_change_pct", 9, "percent", "2023-2033"),
        _ooh("employment_change", 19000, "jobs", "2023-2033"),
        _ooh("openings_per_year", 15300, "jobs/year", "2023-2033"),
        _ooh("median_pay_annual", 87530, "USD/year", "2023"),
        _ooh("median_pay_hourly", 42.08, "USD/hour", "2023"),
        _ooh("pay_p10_annual", 65110, "USD/year", "2023"),
        _ooh("industry_median_pay_annual", 88450, "USD/year", "2023", industry="Offices of dentists"),
        _ooh("employment", 783900, "jobs", "2023", soc="31-9092", title="Medical assistants"),
    ]


def handbook_2025() -> list:
    return [
        _ooh("employment", 226400, "jobs", "2024"),
        _ooh("employment_change_pct", 7, "percent", "2024-2034"),
        _ooh("employment_change", 15800, "jobs", "2024-2034"),
        _ooh("openings_per_year", 15400, "jobs/year", "2024-2034"),
        _ooh("median_pay_annual", 94260, "USD/year", "2024"),
        _ooh("median_pay_hourly", 45.32, "USD/hour", "2024"),
        _ooh("pay_p10_annual", 68450, "USD/year", "2024"),
        _ooh("industry_median_pay_annual", 94800, "USD/year", "2024", industry="Offices of dentists"),
        _ooh("employment", 811000, "jobs", "2024", soc="31-9092", title="Medical assistants"),
    ]


def oews(year: str) -> list:
    may_2024 = year == "2024"
    return [
        _oews("mean_pay_annual", 130790 if may_2024 else 125590, "USD/year", year, area="06"),
        _oews("mean_pay_annual", 93710 if may_2024 else 91010, "USD/year", year),
        _oews("pay_p25_annual", 80120 if may_2024 else 77090, "USD/year", year),
        _oews("employment", 198830 if may_2024 else 190480, "jobs", year, industry=DENTISTS),
        _oews("mean_pay_annual", 94050 if may_2024 else 90980, "USD/year", year, industry=DENTISTS),
        _oews("employment", 459600 if may_2024 else 451800, "jobs", year, soc="29-2052",
              title="Pharmacy Technicians"),
        # a broad group stated beside its one detailed occupation, under the same title (OEWS files do)
        _oews("employment", 148000 if may_2024 else 145740, "jobs", year, soc="29-1070",
              title="Physician Assistants"),
        _oews("employment", 148000 if may_2024 else 145740, "jobs", year, soc="29-1071",
              title="Physician Assistants"),
    ]  # fmt: skip


def projections() -> list:
    return [
        fact("bls-ep", "employment_change_pct", 50.4, "percent", "2024-2034", "49-9081",
             occupation="Wind turbine service technicians"),
    ]  # fmt: skip


def build(warehouse: Path) -> Path:
    """Two releases: the older figures (release 1), then the newer ones (release 2)."""
    first = datetime(2024, 9, 5, 12, tzinfo=UTC)
    second = datetime(2025, 9, 4, 12, tzinfo=UTC)
    load(
        warehouse,
        Release(
            [
                Document(DH_URL, "bls-ooh", handbook_2024(), first),
                Document(OEWS_URL.format(yy="23"), "bls-oews", oews("2023"), first),
            ]
        ),
    )
    load(
        warehouse,
        Release(
            [
                Document(DH_URL, "bls-ooh", handbook_2025(), second),
                Document(OEWS_URL.format(yy="24"), "bls-oews", oews("2024"), second),
                Document(EP_URL, "bls-ep", projections(), second),
            ]
        ),
    )
    return warehouse
