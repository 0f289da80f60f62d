"""The quick facts table of a handbook page: pay, education, experience, training, jobs and outlook.

Found by its header cell "Quick Facts: <title>", read by its row labels ("2024 Median Pay", "Number of
Jobs, 2024", ...), so a reordered or shortened table still reads right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml.etree import _Element

from extractors.fact import Fact
from extractors.parsing.numbers import is_missing, parse_number, parse_span, parse_year
from extractors.parsing.page import PageTree, match_case, table_rows, text_of
from extractors.sources.bls_ooh.occupations import SOURCE, Occupation

_PAY_ANNUAL = re.compile(r"\$\s*([\d,]+(?:\.\d+)?)\s*(?:per|a|an)\s+year", re.IGNORECASE)
_PAY_HOURLY = re.compile(r"\$\s*([\d,]+(?:\.\d+)?)\s*(?:per|an|a)\s+hour", re.IGNORECASE)
_TITLE_PREFIX = re.compile(r"^quick facts\s*:?\s*", re.IGNORECASE)
_PARENTHESISED = re.compile(r"\(([^)]+)\)")
TOP_CODED = re.compile(r"equal\s+to\s+or\s+greater\s+than|or\s+more\b", re.IGNORECASE)


def worded_top_coded(text: str) -> bool:
    """Whether a text words its amount as top-coded ("equal to or greater than", "or more"): `TOP_CODED`,
    searched only in a text with a word it needs ("equal", "more"). Most cells are plain figures, and a
    case-insensitive pattern cannot skip ahead to its first word (see `match_case`)."""
    words = match_case(text)
    return ("equal" in words or "more" in words) and TOP_CODED.search(text) is not None


@dataclass
class QuickFactRows:
    """The table's title and its (label, value text) rows, before they are tied to an occupation."""

    title: str
    rows: list[tuple[str, str]]
    span: str | None = None
    pay_year: str | None = None
    jobs_year: str | None = None
    pay_units: set[str] = field(default_factory=set)


def find_quick_facts(tree: PageTree) -> _Element | None:
    for table in tree.tables():
        header = next(table.iter("th"), None)
        if header is not None and text_of(header).lower().startswith("quick facts"):
            return table
    return None


def read_rows(table: _Element) -> QuickFactRows:
    header = text_of(next(table.iter("th")))
    title = _TITLE_PREFIX.sub("", header)
    rows = [
        (cells[0], cells[-1]) for _, cells in table_rows(table) if len(cells) >= 2 and cells[0] != cells[-1]
    ]
    result = QuickFactRows(title, rows)
    # The outlook span also dates the category rows (education, experience, training), which BLS assigns
    # per projections cycle.
    for label, text in rows:
        lower = label.lower()
        if lower.startswith(("job outlook", "employment change")):
            result.span = result.span or parse_span(label)
        elif "median pay" in lower:
            result.pay_year = parse_year(label)
            if _PAY_ANNUAL.search(text):
                result.pay_units.add("USD/year")
            if _PAY_HOURLY.search(text):
                result.pay_units.add("USD/hour")
        elif lower.startswith("number of jobs"):
            result.jobs_year = parse_year(label)
    return result


def quick_facts(rows: QuickFactRows, occ: Occupation, document: str, warnings: list[str]) -> list[Fact]:
    """The rows as facts about `occ`; a row that cannot be read is a warning, not the page's failure.

    A row is read by the first of these its label matches: median pay, entry-level education, work
    experience, on-the-job training, number of jobs, job outlook, employment change."""
    facts: list[Fact] = []
    span = rows.span
    soc, title = occ.soc_code, occ.title
    for label, text in rows.rows:
        lower = label.lower()
        if "median pay" in lower:
            _pay(label, text, occ, document, facts, warnings)
        elif lower.startswith(_CATEGORY_LABELS):
            metric = next(m for prefix, m in _CATEGORIES if lower.startswith(prefix))
            if span and not is_missing(text):
                facts.append(Fact(SOURCE, metric, soc, title, span, text, None))
        elif lower.startswith("number of jobs"):
            year, value = parse_year(label), parse_number(text)
            if year and value is not None:
                facts.append(Fact(SOURCE, "employment", soc, title, year, value, "jobs"))
        elif lower.startswith("job outlook"):
            value = parse_number(text)
            if span and value is not None:
                facts.append(Fact(SOURCE, "employment_change_pct", soc, title, span, value, "percent"))
            found = _PARENTHESISED.search(text)
            if span and found:
                facts.append(Fact(SOURCE, "outlook_category", soc, title, span, found.group(1).strip(), None))
        elif lower.startswith("employment change"):
            value = parse_number(text)
            if span and value is not None:
                facts.append(Fact(SOURCE, "employment_change", soc, title, span, value, "jobs"))
    return facts


# The category rows, dated by the outlook span (BLS assigns them per projections cycle).
_CATEGORIES = (
    ("typical entry-level education", "entry_level_education"),
    ("work experience", "work_experience"),
    ("on-the-job training", "on_the_job_training"),
)
_CATEGORY_LABELS = tuple(prefix for prefix, _ in _CATEGORIES)


def _pay(
    label: str, text: str, occ: Occupation, document: str, facts: list[Fact], warnings: list[str]
) -> None:
    """ "$44,200 per year $21.25 per hour" -> the annual and hourly medians (either may be missing)."""
    year = parse_year(label)
    if year is None:
        warnings.append(f"{document}: quick facts row '{label}' has no year; pay not read")
        return
    qualifier = ">=" if worded_top_coded(text) else None
    annual, hourly = _PAY_ANNUAL.search(text), _PAY_HOURLY.search(text)
    if annual:
        facts.append(Fact(SOURCE, "median_pay_annual", occ.soc_code, occ.title, year,
                          parse_number(annual.group(1)), "USD/year", qualifier=qualifier))  # fmt: skip
    if hourly:
        facts.append(Fact(SOURCE, "median_pay_hourly", occ.soc_code, occ.title, year,
                          parse_number(hourly.group(1)), "USD/hour", qualifier=qualifier))  # fmt: skip
    if not annual and not hourly and not is_missing(text):
        warnings.append(f"{document}: quick facts pay '{text}' states no amount")
