"""OEWS series ids of the BLS Public Data API: building them from what we track, and reading them back.

An OEWS series id is 25 characters: `OE` (the survey), `U` (not seasonally adjusted), the area type (`N`
national, `S` state, `M` metropolitan or nonmetropolitan area), the area code (7; national `0000000`, a
state its 2-digit FIPS code and `00000`, a metro area its CBSA code zero-padded to 7), the industry (6;
`000000` all industries), the SOC code without its dash (6) and the data type (2). The national annual
median wage of medical assistants (31-9092) is `OEUN000000000000031909213`.

The API answers with series ids only, so the ids are the one place that says what a figure is about;
both directions live here so they cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ALL_INDUSTRIES = "000000"

# Data type -> (metric, unit). 02 and 05 are relative standard errors of the estimates: not figures.
DATA_TYPES: dict[str, tuple[str, str]] = {
    "01": ("employment", "jobs"),
    "03": ("mean_pay_hourly", "USD/hour"),
    "04": ("mean_pay_annual", "USD/year"),
    "06": ("pay_p10_hourly", "USD/hour"),
    "07": ("pay_p25_hourly", "USD/hour"),
    "08": ("median_pay_hourly", "USD/hour"),
    "09": ("pay_p75_hourly", "USD/hour"),
    "10": ("pay_p90_hourly", "USD/hour"),
    "11": ("pay_p10_annual", "USD/year"),
    "12": ("pay_p25_annual", "USD/year"),
    "13": ("median_pay_annual", "USD/year"),
    "14": ("pay_p75_annual", "USD/year"),
    "15": ("pay_p90_annual", "USD/year"),
    "16": ("employment_per_1000_jobs", "jobs/1000 jobs"),
    "17": ("location_quotient", "ratio"),
}

_SERIES = re.compile(r"^OEU([NSM])(\d{7})(\d{6})(\d{6})(\d{2})$")
_SOC = re.compile(r"^(\d{2})-(\d{4})$")


class SeriesError(ValueError):
    """An area or SOC code that cannot be made into an OEWS series id, or an id that is not one."""


@dataclass(frozen=True, slots=True)
class Area:
    """Where an estimate is for: `kind` N/S/M, the 7-character `code` of the series id, and `label`, the
    fact's area (`US`, a state's FIPS code `06`, a metro area's CBSA code `31080`)."""

    kind: str
    code: str
    label: str


NATIONAL = Area("N", "0000000", "US")


def state(fips: str) -> Area:
    fips = fips.strip()
    if not re.fullmatch(r"\d{2}", fips):
        raise SeriesError(f"state {fips!r}: expected a 2-digit FIPS code, e.g. '06' for California")
    return Area("S", fips + "00000", fips)


def metro(code: str) -> Area:
    code = code.strip()
    if not re.fullmatch(r"\d{5}|\d{7}", code):
        raise SeriesError(f"metro area {code!r}: expected a 5-digit CBSA code (e.g. '31080') or 7 digits")
    return Area("M", code.zfill(7), code)


def series_id(area: Area, soc_code: str, data_type: str, industry: str = ALL_INDUSTRIES) -> str:
    match = _SOC.match(soc_code)
    if match is None:
        raise SeriesError(f"SOC code {soc_code!r} is not NN-NNNN")
    if data_type not in DATA_TYPES:
        raise SeriesError(f"data type {data_type!r} is not one of {sorted(DATA_TYPES)}")
    return f"OEU{area.kind}{area.code}{industry}{match.group(1)}{match.group(2)}{data_type}"


def occupation_series(area: Area, soc_code: str) -> list[str]:
    """Every estimate of one occupation in one area, all industries."""
    return [series_id(area, soc_code, data_type) for data_type in DATA_TYPES]


@dataclass(frozen=True, slots=True)
class Series:
    """A series id read back: what its figures are about."""

    series_id: str
    area: Area
    industry: str
    soc_code: str
    data_type: str

    @property
    def metric(self) -> str:
        return DATA_TYPES[self.data_type][0]

    @property
    def unit(self) -> str:
        return DATA_TYPES[self.data_type][1]


def read_series_id(value: str) -> Series:
    """Raises SeriesError for an id that is not an OEWS estimate this project reads."""
    match = _SERIES.match(value.strip())
    if match is None:
        raise SeriesError(f"{value!r} is not an OEWS series id (OEU + N/S/M + 7 + 6 + 6 + 2 digits)")
    kind, code, industry, soc, data_type = match.groups()
    if data_type not in DATA_TYPES:
        raise SeriesError(
            f"{value}: data type {data_type} is not an estimate (02/05 are relative standard errors)"
        )
    if kind == "N":
        area = NATIONAL
    elif kind == "S":
        area = Area(kind, code, code[:2])
    else:
        area = Area(kind, code, code[2:] if code.startswith("00") else code)
    return Series(value.strip(), area, industry, f"{soc[:2]}-{soc[2:]}", data_type)
