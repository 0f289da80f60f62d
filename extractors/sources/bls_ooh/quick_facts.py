"""The quick facts table of a handbook page: pay, education, experience, training, jobs and outlook.

Found by its header cell "Quick Facts: <title>", read by its row labels ("2024 Median Pay", "Number of
Jobs, 2024", ...), so a reordered or shortened table still reads right.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from lxml.etree import _Element

from extractors.fact import Fact, FactValue
from extractors.parsing.numbers import is_missing, parse_number, parse_span, parse_year
from extractors.parsing.page import PageTree, table_rows, text_of
from extractors.sources.bls_ooh.occupations import SOURCE, Occupation

_PAY_ANNUAL = re.compile(r"\$\s*([\d,]+(?:\.\d+)?)\s*(?:per|a|an)\s+year", re.IGNORECASE)
_PAY_HOURLY = re.compile(r"\$\s*([\d,]+(?:\.\d+)?)\s*(?:per|an|a)\s+hour", re.IGNORECASE)
_TITLE_PREFIX = re.compile(r"^quick facts\s*:?\s*", re.IGNORECASE)
_PARENTHESISED = re.compile(r"\(([^)]+)\)")
TOP_CODED = re.compile(r"equal\s+to\s+or\s+greater\s+than|or\s+more\b", re.IGNORECASE)


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
    """The rows as facts about `occ`; a row that cannot be read is a warning, not the page's failure."""
    facts: list[Fact] = []
    span = rows.span

    def add(metric: str, period: str, value: FactValue, unit: str | None, q: str | None = None) -> None:
        facts.append(Fact(SOURCE, metric, occ.soc_code, occ.title, period, value, unit, qualifier=q))

    def pay(label: str, text: str) -> None:
        year = parse_year(label)
        if year is None:
            warnings.append(f"{document}: quick facts row '{label}' has no year; pay not read")
            return
        qualifier = ">=" if TOP_CODED.search(text) else None
        annual, hourly = _PAY_ANNUAL.search(text), _PAY_HOURLY.search(text)
        if annual:
            add("median_pay_annual", year, parse_number(annual.group(1)), "USD/year", qualifier)
        if hourly:
            add("median_pay_hourly", year, parse_number(hourly.group(1)), "USD/hour", qualifier)
        if not annual and not hourly and not is_missing(text):
            warnings.append(f"{document}: quick facts pay '{text}' states no amount")

    def category(metric: str) -> Callable[[str, str], None]:
        def read(_label: str, text: str) -> None:
            if span and not is_missing(text):
                add(metric, span, text, None)

        return read

    def jobs(label: str, text: str) -> None:
        year, value = parse_year(label), parse_number(text)
        if year and value is not None:
            add("employment", year, value, "jobs")

    def outlook(_label: str, text: str) -> None:
        value = parse_number(text)
        if span and value is not None:
            add("employment_change_pct", span, value, "percent")
        found = _PARENTHESISED.search(text)
        if span and found:
            add("outlook_category", span, found.group(1).strip(), None)

    def change(_label: str, text: str) -> None:
        value = parse_number(text)
        if span and value is not None:
            add("employment_change", span, value, "jobs")

    readers: list[tuple[Callable[[str], bool], Callable[[str, str], None]]] = [
        (lambda lower: "median pay" in lower, pay),
        (lambda lower: lower.startswith("typical entry-level education"), category("entry_level_education")),
        (lambda lower: lower.startswith("work experience"), category("work_experience")),
        (lambda lower: lower.startswith("on-the-job training"), category("on_the_job_training")),
        (lambda lower: lower.startswith("number of jobs"), jobs),
        (lambda lower: lower.startswith("job outlook"), outlook),
        (lambda lower: lower.startswith("employment change"), change),
    ]
    for label, text in rows.rows:
        lower = label.lower()
        for matches, read in readers:
            if matches(lower):
                read(label, text)
                break
    return facts
