"""The small two-column tables of the work environment and pay tabs, read by the sentence before them.

Each such table follows a sentence ending "as follows:" that says what its rows are:

- "The largest employers of X were as follows:" -> industries with percent shares,
  `industry_employment_share`;
- "Employment in the detailed occupations that make up X was distributed as follows:" -> detailed
  occupations with jobs, `employment`;
- "In May 2024, the median annual (hourly) wages for X in the top industries ... as follows:" ->
  industries with wages, `industry_median_pay_annual` (`_hourly`);
- "Median annual (hourly) wages for X in May 2024 were as follows:" -> detailed occupations with wages,
  `median_pay_annual` (`_hourly`).

A table after any other sentence is not read: physicians' "mean (average) annual wages ... were as
follows" lists means, which the handbook vocabulary has no metric for, and calling them medians would be
wrong. Units are printed on the first row only (`57%`, then `17`; `$47,560`, then `45,930`), so the unit
comes from the sentence (and the first row) and applies to every row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml.etree import _Element

from extractors.fact import Fact
from extractors.parsing.numbers import parse_number, parse_year
from extractors.parsing.page import lead_in, match_case, sentences, table_rows
from extractors.parsing.top_code import top_code
from extractors.sources.bls_ooh.occupations import SOURCE, Occupations
from extractors.sources.bls_ooh.quick_facts import worded_top_coded

_NAME = r"([^.:;]+?)"
_EMPLOYERS = re.compile(rf"largest\s+employers\s+of\s+{_NAME}\s+(?:were|are|was)\s+as\s+follows", re.I)
_DETAILED_EMPLOYMENT = re.compile(
    rf"employment\s+in\s+the\s+detailed\s+occupations\s+that\s+make\s+up\s+{_NAME}\s+was\s+distributed", re.I
)
_INDUSTRY_PAY = re.compile(
    rf"median\s+(annual|hourly)\s+wages?\s+for\s+{_NAME}\s+in\s+the\s+top\s+industries", re.IGNORECASE
)
_DETAILED_PAY = re.compile(
    rf"median\s+(annual|hourly)\s+wages?\s+for\s+{_NAME}\s+in\s+(?:May\s+)?(\d{{4}})\s+(?:were|are)\s+as\s+follows",
    re.IGNORECASE,
)
_MEAN = re.compile(r"\bmean\b|\baverage\b", re.IGNORECASE)
_PER_HOUR = re.compile(r"per\s+hour|an\s+hour|hourly", re.IGNORECASE)
_YEAR_OF_PAY = re.compile(r"May\s+(\d{4})", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class TableContext:
    """What the rest of the page tells a table: who it is about and which years its figures are for."""

    occupations: Occupations
    base_year: str | None
    pay_year: str | None


def follows_sentence(text: str) -> str:
    """The last sentence of a table's lead-in that says "follows" (the paragraph may start with others)."""
    if "follow" not in text.lower():  # most lead-ins (and no word is split between sentences)
        return ""
    candidates = [s for s in sentences(text) if "follow" in s.lower()]
    return candidates[-1] if candidates else ""


def table_facts(table: _Element, context: TableContext) -> list[Fact]:
    """The table's figures when its lead-in sentence says what they are. The rows are read only then:
    most tables on a page (similar occupations, means) are not read at all."""
    lead = lead_in(table)
    sentence = follows_sentence(lead)
    if not sentence:
        return []
    occupations = context.occupations
    # Each pattern has a word no match can lack: a sentence without it is not searched (`match_case`).
    words = match_case(sentence)
    if "largest" in words and (found := _EMPLOYERS.search(sentence)):
        period = context.base_year or parse_year(lead)
        occ = occupations.named(found.group(1))
        return [
            Fact(SOURCE, "industry_employment_share", occ.soc_code, occ.title, period, value,
                 "percent", industry=label)
            for label, value, _ in _numbers(_label_value_rows(table))
        ] if period else []  # fmt: skip
    if "detailed" in words and (found := _DETAILED_EMPLOYMENT.search(sentence)):
        period = context.base_year or parse_year(lead)
        facts = []
        for label, value, _ in _numbers(_label_value_rows(table)):
            occ = occupations.row(label)
            facts.append(Fact(SOURCE, "employment", occ.soc_code, occ.title, period, value, "jobs"))
        return facts if period else []
    # means are not medians, and the vocabulary has no mean metric
    if ("mean" in words or "average" in words) and _MEAN.search(sentence):
        return []
    if "industries" in words and (found := _INDUSTRY_PAY.search(sentence)):
        period = _pay_year(sentence) or context.pay_year
        rows = _label_value_rows(table)
        unit = _pay_unit(found.group(1), rows)
        metric = "industry_median_pay_hourly" if unit == "USD/hour" else "industry_median_pay_annual"
        occ = occupations.named(found.group(2))
        return [
            Fact(SOURCE, metric, occ.soc_code, occ.title, period, value, unit, industry=label,
                 qualifier=_top_coded(text, value, unit, period))
            for label, value, text in _numbers(rows)
        ] if period else []  # fmt: skip
    if "median" in words and (found := _DETAILED_PAY.search(sentence)):
        period = found.group(3)
        rows = _label_value_rows(table)
        unit = _pay_unit(found.group(1), rows)
        metric = "median_pay_hourly" if unit == "USD/hour" else "median_pay_annual"
        facts = []
        for label, value, text in _numbers(rows):
            occ = occupations.row(label)
            qualifier = _top_coded(text, value, unit, period)
            facts.append(
                Fact(SOURCE, metric, occ.soc_code, occ.title, period, value, unit, qualifier=qualifier)
            )
        return facts
    return []


def _label_value_rows(table: _Element) -> list[tuple[str, str]]:
    """(first cell, last non-empty cell) of each body row; header and footer rows are skipped."""
    rows = []
    for section, cells in table_rows(table, body_only=True):
        if section in ("thead", "tfoot") or len(cells) < 2:
            continue
        values = [c for c in cells[1:] if c and c != cells[0]]
        if cells[0] and values:
            rows.append((cells[0], values[-1]))
    return rows


def _numbers(rows: list[tuple[str, str]]) -> list[tuple[str, int | float, str]]:
    """(label, value, printed text) of the rows that state a number."""
    out = []
    for label, text in rows:
        value = parse_number(text)
        if value is not None:
            out.append((label, value, text))
    return out


def _top_coded(text: str, value: int | float, unit: str, year: str | None) -> str | None:
    """A wage printed at the OEWS top code, or worded "equal to or greater than", is a lower bound."""
    if value >= top_code(unit, year) or worded_top_coded(text):
        return ">="
    return None


def _pay_unit(kind: str, rows: list[tuple[str, str]]) -> str:
    """ "hourly" in the sentence, or "per hour" on the first row, makes the whole table hourly."""
    if kind.lower() == "hourly" or (rows and _PER_HOUR.search(rows[0][1])):
        return "USD/hour"
    return "USD/year"


def _pay_year(sentence: str) -> str | None:
    found = _YEAR_OF_PAY.search(sentence)
    return found.group(1) if found else None
