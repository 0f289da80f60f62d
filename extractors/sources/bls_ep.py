"""Parser for the Employment Projections table of major occupational groups (source `bls-ep`):
https://www.bls.gov/emp/tables/emp-by-major-occupational-group.htm.

One row per major group (SOC code `NN-0000`) and one for the total (`00-0000`): employment in the base
and projected year, the change over the span in number and percent, and (when the table has it) the
median annual wage. Columns are found by their headings, whatever their order; the years, the span and
the scale ("Numbers in thousands") come from the headings and the caption. A table without a SOC code
column and a percent change column is not this table, and a page without one is refused.

Each group's rank by percent growth over the span is stated too (`growth_rank`, 1 = fastest), since the
guide quotes the rank ("ranked 1st among occupational groups"): it is derived from the table's own
percentages, over the groups only (the total is no group); groups that grow equally share a rank.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.fact import Fact, ParseError, ParseResult
from extractors.parsing.html_page import Table, load_html, tables, text_blocks
from extractors.parsing.numbers import clean_text, parse_number, parse_span
from extractors.parsing.page import text_of
from extractors.sources.base import Source

SOURCE = "bls-ep"
TOTAL = "00-0000"

_GROUP_CODE = re.compile(r"^\d{2}-0000$")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_THOUSANDS = re.compile(r"numbers?\s+in\s+thousands|in\s+thousands", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Columns:
    title: int
    code: int
    change_pct: int
    base: int | None
    projected: int | None
    change: int | None
    wage: int | None


def parse_ep_table(html: bytes | str, document: str) -> ParseResult:
    root = load_html(html)
    if root is None:
        raise ParseError(document, "not an Employment Projections page: no markup")
    candidates = [(table, _columns(table)) for table in tables(root)]
    found = next(((table, columns) for table, columns in candidates if columns is not None), None)
    if found is None:
        raise ParseError(
            document, "no table of occupational groups with a SOC code column and a percent change column"
        )
    table, columns = found
    context = " ".join([table.caption(), *table.columns, *text_blocks(root)[:40]])
    base_year, projected_year = _years(table, columns, context)
    if base_year is None or projected_year is None:
        raise ParseError(
            document, "the table states no base and projected year (e.g. '2024 and projected 2034')"
        )
    span = f"{base_year}-{projected_year}"
    scale = 1000 if _THOUSANDS.search(context) else 1
    wage_year = (
        (_YEAR.findall(table.columns[columns.wage]) or [base_year])[0] if columns.wage is not None else None
    )

    periods = _Periods(base_year, projected_year, span, wage_year, scale)
    facts: list[Fact] = []
    warnings: list[str] = []
    growth: list[tuple[str, str, float]] = []
    for cells in table.rows:
        texts = [clean_text(text_of(cell)) for cell in cells]
        if len(texts) <= max(columns.code, columns.change_pct, columns.title):
            continue
        code = texts[columns.code]
        if not _GROUP_CODE.match(code):
            continue
        title = re.sub(r"\s*\(\d+\)$", "", texts[columns.title])
        row = _row_facts(texts, code, title, columns, periods)
        facts += row
        pct = next((f.value for f in row if f.metric == "employment_change_pct"), None)
        if code == TOTAL:
            continue  # the total is no group: not ranked
        if pct is None:
            warnings.append(f"{document}: {title} ({code}) states no percent change; not ranked")
        else:
            growth.append((code, title, float(pct)))
    if not growth:
        raise ParseError(document, "the occupational groups table has no group with a percent change")
    facts += [
        Fact(SOURCE, "growth_rank", code, title, span, rank, "rank") for code, title, rank in ranks(growth)
    ]
    return ParseResult(facts=facts, warnings=warnings)


@dataclass(frozen=True, slots=True)
class _Periods:
    base: str
    projected: str
    span: str
    wage: str | None
    scale: int  # 1000 when the table is in thousands


def _row_facts(texts: list[str], code: str, title: str, columns: _Columns, periods: _Periods) -> list[Fact]:
    wanted = [
        (columns.base, "employment", periods.base, "jobs", periods.scale),
        (columns.projected, "employment_projected", periods.projected, "jobs", periods.scale),
        (columns.change, "employment_change", periods.span, "jobs", periods.scale),
        (columns.change_pct, "employment_change_pct", periods.span, "percent", 1),
        (columns.wage, "median_pay_annual", periods.wage, "USD/year", 1),
    ]
    facts = []
    for index, metric, period, unit, factor in wanted:
        value = parse_number(texts[index]) if index is not None and index < len(texts) else None
        if value is None or period is None:
            continue
        facts.append(
            Fact(SOURCE, metric, code, title, period, round(value * factor) if factor != 1 else value, unit)
        )
    return facts


def ranks(growth: list[tuple[str, str, float]]) -> list[tuple[str, str, int]]:
    """(code, title, rank by percent change, 1 = fastest); equal growth shares a rank (1, 2, 2, 4)."""
    ordered = sorted(growth, key=lambda row: -row[2])
    return [(code, title, 1 + sum(other > pct for _, _, other in ordered)) for code, title, pct in ordered]


def _columns(table: Table) -> _Columns | None:
    headings = table.columns

    def find(test) -> int | None:
        return next((i for i, heading in enumerate(headings) if test(heading)), None)

    code = find(lambda h: "code" in h)
    change_pct = find(lambda h: "change" in h and "percent" in h)
    if code is None or change_pct is None:
        return None
    title = find(lambda h: "title" in h or "occupation" in h)
    employment = [
        i
        for i, h in enumerate(headings)
        if h.startswith("employment") and "change" not in h and "distribution" not in h and _YEAR.search(h)
    ]
    employment.sort(key=lambda i: _YEAR.findall(headings[i])[-1])
    return _Columns(
        title=title if title is not None else 0,
        code=code,
        change_pct=change_pct,
        base=employment[0] if len(employment) >= 2 else None,
        projected=employment[-1] if len(employment) >= 2 else None,
        change=find(lambda h: "change" in h and ("number" in h or "numeric" in h)),
        wage=find(lambda h: "median" in h and "wage" in h),
    )


def _years(table: Table, columns: _Columns, context: str) -> tuple[str | None, str | None]:
    if columns.base is not None and columns.projected is not None:
        return (
            _YEAR.findall(table.columns[columns.base])[-1],
            _YEAR.findall(table.columns[columns.projected])[-1],
        )
    span = parse_span(table.columns[columns.change_pct]) or parse_span(context)
    if span:
        start, end = span.split("-")
        return start, end
    return None, None


DEFINITION = Source(
    name=SOURCE,
    title="BLS Employment Projections, employment by major occupational group",
    read=parse_ep_table,
    order=40,
    program="ep",
    precedence=1,
    hosts={"bls": "www.bls.gov"},
    places=(("www.bls.gov", "/emp/"),),
    default_urls=("https://www.bls.gov/emp/tables/emp-by-major-occupational-group.htm",),
    metrics={
        "employment": "jobs",
        "employment_projected": "jobs",
        "employment_change": "jobs",
        "employment_change_pct": "percent",
        "median_pay_annual": "USD/year",
        "growth_rank": "rank",
    },
)
