"""Parser for OEWS occupation pages (source `bls-oews`): https://www.bls.gov/oes/current/oes319092.htm.

A page states one occupation's May estimates: national employment and mean wages, percentile wages
(hourly and annual, 10th to 90th), industries with the highest employment and the top paying ones, and
states, metropolitan and nonmetropolitan areas with the highest employment, concentration and pay.

The page's layout is not confirmed in detail, so tables are found by what their header cells say (a
"Percentile" table; a table whose first column is "Industry", "State" or "... area"; a table of
employment and mean wages without such a column: the national estimates), and a page without the national
or percentile table is refused naming what is missing. Industry and area tables are optional (a warning
says when none is found).

Dimensions: `industry` is the industry as printed. `area` is `US` for national figures; for a state its
FIPS code (from the row's link to the state page, `oes_ca.htm`, or its name); for a metropolitan or
nonmetropolitan area the code its link carries (`oes_31080.htm` -> `31080`); otherwise the area's name as
printed.

OEWS special values are qualifiers, never numbers: `#` (a wage at or above the top code) becomes the top
code with qualifier `>=` (the code the page's footnote states, else $115.00 an hour / $239,200 a year since
May 2022), `~` (less than 0.5 percent) becomes 0.5 with `<`, and `*` / `**` (wage / employment not
available) and `(8)` (not released) give no fact. A wage printed at the top code carries `>=` too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml.html import HtmlElement

from extractors.fact import Fact, ParseError, ParseResult
from extractors.occupations import detailed_soc_codes
from extractors.parsing.html_page import Table, heading_text, load_html, tables, text_blocks
from extractors.parsing.numbers import clean_text, parse_number
from extractors.parsing.page import text_of
from extractors.parsing.top_code import top_code
from extractors.parsing.us_states import state_fips
from extractors.sources.base import PlanRequest, Source, Target

SOURCE = "bls-oews"

_SOC_TITLE = re.compile(r"^(\d{2}-\d{4})\s+(\S.*)$")
_URL_CODE = re.compile(r"oes(\d{2})(\d{4})\.htm", re.IGNORECASE)
_MAY_YEAR = re.compile(r"\bMay\s+(\d{4})\b")
_TOP_CODES = re.compile(
    r"equal\s+to\s+or\s+greater\s+than\s+\$\s*([\d,.]+)\s+per\s+hour\s+or\s+\$\s*([\d,]+)\s+per\s+year",
    re.IGNORECASE,
)
_PERCENTILE = re.compile(r"(\d{2})\s*(?:%|th|percent)")
_STATE_LINK = re.compile(r"oes_([a-z]{2})\.htm", re.IGNORECASE)
_AREA_LINK = re.compile(r"oes_?(\d{5,7})\.htm", re.IGNORECASE)
_FOOTNOTE = re.compile(r"\(\d+\)")
_NOT_AVAILABLE = {"*", "**", "", "-", "\u2014"}
_WAGE_UNITS = ("USD/hour", "USD/year")
_PERCENTILE_METRICS = {"10": "pay_p10", "25": "pay_p25", "50": "median_pay", "75": "pay_p75", "90": "pay_p90"}
_AREA_HEADINGS = ("state", "area", "metropolitan area", "nonmetropolitan area")


@dataclass(frozen=True, slots=True)
class _Page:
    document: str
    soc_code: str
    title: str
    year: str
    top_codes: dict[str, float]

    def fact(self, metric: str, value: float, unit: str, qualifier: str | None, **dims: str | None) -> Fact:
        return Fact(
            SOURCE, metric, self.soc_code, self.title, self.year, value, unit, qualifier=qualifier, **dims
        )


def column_metric(heading: str) -> tuple[str, str] | None:
    """The metric and unit of an estimates column, by its heading; None for others (RSEs, labels)."""
    if "rse" in heading.split() or "relative standard error" in heading:
        return None
    if "per thousand" in heading or "per 1,000" in heading:
        return ("employment_per_1000_jobs", "jobs/1000 jobs")
    if "location quotient" in heading:
        return ("location_quotient", "ratio")
    if "percent of industry employment" in heading:
        return ("share_of_industry_employment", "percent")
    if "mean" in heading and "hourly" in heading:
        return ("mean_pay_hourly", "USD/hour")
    if "mean" in heading and "annual" in heading:
        return ("mean_pay_annual", "USD/year")
    if heading.startswith("employment"):
        return ("employment", "jobs")
    return None


def parse_oews_page(html: bytes | str, document: str) -> ParseResult:
    root = load_html(html)
    if root is None:
        raise ParseError(document, "not an OEWS occupation page: no markup")
    blocks = text_blocks(root)
    page = _page(root, blocks, document)
    found = [(table, _kind(table)) for table in tables(root)]
    national = [table for table, kind in found if kind == "national"]
    percentiles = [table for table, kind in found if kind == "percentile"]
    missing = [
        what
        for what, present in (
            ("the national estimates table (Employment, Mean hourly wage, Mean annual wage)", national),
            ("the percentile wage table (Percentile, 10% .. 90%)", percentiles),
        )
        if not present
    ]
    if missing:
        raise ParseError(document, f"OEWS page without {' and '.join(missing)}")
    warnings: list[str] = []
    facts = _national_facts(national[0], page, warnings)
    facts += _percentile_facts(percentiles[0], page, warnings)
    industry_tables = [table for table, kind in found if kind == "industry"]
    area_tables = [table for table, kind in found if kind == "area"]
    for table in industry_tables:
        facts += _row_facts(table, page, lambda cell: {"industry": clean_text(text_of(cell))})
    for table in area_tables:
        facts += _row_facts(table, page, lambda cell: {"area": _area(cell)})
    if not industry_tables:
        warnings.append(f"{document}: no industry table (first column 'Industry'); none read")
    if not area_tables:
        warnings.append(f"{document}: no state or area table (first column 'State' or '... area'); none read")
    return ParseResult(facts=facts, warnings=warnings)


def _page(root: HtmlElement, blocks: list[str], document: str) -> _Page:
    text = " ".join(blocks)
    year = _MAY_YEAR.search(text)
    if year is None:
        raise ParseError(document, "OEWS page states no reference period ('May YYYY')")
    from_url = _URL_CODE.search(document)
    url_code = f"{from_url.group(1)}-{from_url.group(2)}" if from_url else None
    headed = [m for m in (_SOC_TITLE.match(block) for block in blocks) if m]
    match = next((m for m in headed if url_code in (None, m.group(1))), None)
    if match is not None:
        soc, title = match.group(1), clean_text(match.group(2))
    else:
        title_element = root.find(".//title")
        title = clean_text(text_of(title_element)) if title_element is not None else ""
        soc = url_code or ""
        if not soc or not title:
            raise ParseError(document, "OEWS page names no occupation (a heading 'NN-NNNN Title')")
    stated = _TOP_CODES.search(text)
    tops = (
        {"USD/hour": float(parse_number(stated.group(1))), "USD/year": parse_number(stated.group(2))}
        if stated
        else {unit: top_code(unit, year.group(1)) for unit in _WAGE_UNITS}
    )
    return _Page(document, soc, title, year.group(1), tops)


def _kind(table: Table) -> str | None:
    if not table.columns:
        return None
    first = table.columns[0]
    if first.startswith("percentile"):
        return "percentile"
    if first.startswith("industry"):
        return "industry"
    if first in _AREA_HEADINGS or first.endswith(" area"):
        return "area"
    metrics = {column_metric(column) for column in table.columns}
    if {("employment", "jobs"), ("mean_pay_hourly", "USD/hour"), ("mean_pay_annual", "USD/year")} <= metrics:
        return "national"
    return None


def read_value(text: str, unit: str, top_codes: dict[str, float]) -> tuple[float, str | None] | None:
    """A cell's figure and qualifier, or None where OEWS prints no estimate."""
    cleaned = clean_text(_FOOTNOTE.sub(" ", text))
    if cleaned in _NOT_AVAILABLE:
        return None
    if cleaned == "#":
        return (top_codes[unit], ">=") if unit in top_codes else None
    if cleaned == "~":
        return (0.5, "<")
    value = parse_number(cleaned)
    if value is None:
        return None
    at_top = unit in top_codes and value >= top_codes[unit]
    return value, ">=" if at_top else None


def _national_facts(table: Table, page: _Page, warnings: list[str]) -> list[Fact]:
    if not table.rows:
        warnings.append(f"{page.document}: the national estimates table has no rows")
        return []
    return _cells_facts(table.columns, table.rows[0], page, {"area": "US"})


def _percentile_facts(table: Table, page: _Page, warnings: list[str]) -> list[Fact]:
    facts: list[Fact] = []
    for cells in table.rows:
        label = heading_text(text_of(cells[0])) if cells else ""
        unit = "USD/hour" if "hourly" in label else "USD/year" if "annual" in label else None
        if unit is None:
            warnings.append(
                f"{page.document}: percentile row {label!r} is neither hourly nor annual; skipped"
            )
            continue
        suffix = "hourly" if unit == "USD/hour" else "annual"
        for heading, cell in zip(table.columns[1:], cells[1:], strict=False):
            percentile = _PERCENTILE.search(heading)
            metric = _PERCENTILE_METRICS.get(percentile.group(1)) if percentile else None
            read = read_value(text_of(cell), unit, page.top_codes) if metric else None
            if read is not None:
                facts.append(page.fact(f"{metric}_{suffix}", read[0], unit, read[1], area="US"))
    return facts


def _row_facts(table: Table, page: _Page, dimension) -> list[Fact]:
    facts: list[Fact] = []
    for cells in table.rows:
        if len(cells) < 2 or not clean_text(text_of(cells[0])):
            continue
        dims = {"area": "US", **dimension(cells[0])}
        facts += _cells_facts(table.columns[1:], cells[1:], page, dims)
    return facts


def _cells_facts(columns: list[str], cells: list[HtmlElement], page: _Page, dims: dict) -> list[Fact]:
    facts = []
    for heading, cell in zip(columns, cells, strict=False):
        metric = column_metric(heading)
        if metric is None:
            continue
        read = read_value(text_of(cell), metric[1], page.top_codes)
        if read is not None:
            facts.append(page.fact(metric[0], read[0], metric[1], read[1], **dims))
    return facts


def _area(cell: HtmlElement) -> str:
    """A state's FIPS code, an area's code from its link, else the printed name."""
    printed = clean_text(_FOOTNOTE.sub(" ", text_of(cell)))
    for anchor in cell.iter("a"):
        href = anchor.get("href") or ""
        if found := _STATE_LINK.search(href):
            fips = state_fips(found.group(1))
            if fips:
                return fips
        if found := _AREA_LINK.search(href):
            code = found.group(1)
            return code[2:] if len(code) == 7 and code.startswith("00") else code
    return state_fips(printed) or printed


OEWS_PAGE = "https://www.bls.gov/oes/current/oes{code}.htm"


def oews_page_url(soc_code: str) -> str:
    return OEWS_PAGE.format(code=soc_code.replace("-", ""))


def plan(source: Source, request: PlanRequest) -> list[Target]:
    """The OEWS page of each detailed SOC code of the chosen occupations."""
    return [Target(source.name, oews_page_url(code)) for code in detailed_soc_codes(request.occupations)]


DEFINITION = Source(
    name=SOURCE,
    title="BLS OEWS occupation pages (national estimates by occupation, industry and area)",
    read=parse_oews_page,
    order=20,
    program="oews",
    precedence=1,
    hosts={"bls": "www.bls.gov"},
    places=(("www.bls.gov", "/oes/"),),
    plan=plan,
    metrics={
        "employment": "jobs",
        "mean_pay_hourly": "USD/hour",
        "mean_pay_annual": "USD/year",
        "pay_p10_hourly": "USD/hour",
        "pay_p25_hourly": "USD/hour",
        "median_pay_hourly": "USD/hour",
        "pay_p75_hourly": "USD/hour",
        "pay_p90_hourly": "USD/hour",
        "pay_p10_annual": "USD/year",
        "pay_p25_annual": "USD/year",
        "median_pay_annual": "USD/year",
        "pay_p75_annual": "USD/year",
        "pay_p90_annual": "USD/year",
        "employment_per_1000_jobs": "jobs/1000 jobs",
        "location_quotient": "ratio",
        # The industry tables' "percent of industry employment": the occupation's share of the industry's
        # jobs, the reverse of the handbook's `industry_employment_share` (the industry's share of the
        # occupation's jobs), so it has a name of its own.
        "share_of_industry_employment": "percent",
    },
)
