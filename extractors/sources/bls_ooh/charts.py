"""The bar charts of the pay and job outlook tabs: the occupation beside its broader group and all
occupations.

Each chart is a definition list (`dl`: `dt` label, `dd` bar with the printed figure) after a title
paragraph: "Median annual wages, May 2024" (or hourly) or "Percent change in employment, projected
2024–34". Bars for the page's own occupations repeat the text's figures (and dedupe with them); the others
("Computer occupations", "Total, all occupations") are figures the page states about those groups, which
carry no SOC code on the page, so their title identifies them.
"""

from __future__ import annotations

import re

from extractors.fact import Fact
from extractors.parsing.numbers import parse_number, parse_span
from extractors.parsing.page import PageTree, lead_in, match_case, text_of
from extractors.parsing.top_code import top_code
from extractors.sources.bls_ooh.occupations import SOURCE, Occupations
from extractors.sources.bls_ooh.quick_facts import worded_top_coded

_PAY_CHART = re.compile(r"^median\s+(annual|hourly)\s+wages?,?\s+may\s+(\d{4})$", re.IGNORECASE)
_CHANGE_CHART = re.compile(r"^percent\s+change\s+in\s+employment,?\s+projected\s+(.+)$", re.IGNORECASE)

_PER_HOUR = re.compile(r"per\s+hour|an\s+hour", re.IGNORECASE)


def chart_facts(tree: PageTree, occupations: Occupations) -> list[Fact]:
    if tree.root is None:
        return []
    facts: list[Fact] = []
    for chart in tree.definition_lists:
        title = lead_in(chart)
        words = match_case(title)  # each title pattern has its word; most lead-ins are not chart titles
        pay = _PAY_CHART.match(title) if "median" in words else None
        change = _CHANGE_CHART.match(title) if "percent" in words else None
        if pay is None and change is None:
            continue
        span = parse_span(change.group(1)) if change else None
        if change is not None and span is None:
            continue
        for label, text in _bars(chart):
            value = parse_number(text.split("$", 1)[-1]) if pay else parse_number(text)
            if value is None:
                continue
            occupation = occupations.row(label)
            if pay is not None:
                hourly = pay.group(1).lower() == "hourly" or (
                    "hour" in match_case(text) and _PER_HOUR.search(text) is not None
                )
                unit = "USD/hour" if hourly else "USD/year"
                metric = "median_pay_hourly" if hourly else "median_pay_annual"
                year = pay.group(2)
                qualifier = ">=" if value >= top_code(unit, year) or worded_top_coded(text) else None
                facts.append(Fact(SOURCE, metric, occupation.soc_code, occupation.title, year, value, unit,
                                  qualifier=qualifier))  # fmt: skip
            else:
                facts.append(Fact(SOURCE, "employment_change_pct", occupation.soc_code, occupation.title,
                                  span, value, "percent"))  # fmt: skip
    return facts


def _bars(chart) -> list[tuple[str, str]]:
    """(dt label, following dd text) pairs; the chart's unlabelled legend row is skipped."""
    bars: list[tuple[str, str]] = []
    label = ""
    for child in chart:
        if child.tag == "dt":
            label = text_of(child)
        elif child.tag == "dd" and label:
            bars.append((label, text_of(child)))
            label = ""
    return bars
