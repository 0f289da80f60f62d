"""Parser for ZipRecruiter salary pages (source `ziprecruiter`), e.g.
https://www.ziprecruiter.com/Salaries/Medical-Administration-Assistant-Salary.

A page states the average pay for a job title in the United States "as of" a date, as an annual figure
with its hourly, weekly and monthly equivalents, and lists the highest paying cities (city, annual
salary, monthly pay, weekly pay, hourly wage). Figures are read from the sentences that state them ("As
of <date>, the average annual pay for a <title> in the United States is $44,460 a year", "$21.38 an
hour", "$855/week", "$3,705/month") and from the cities table, found by its headings. The period of
every figure is the as-of year; national figures have area `US`, a city's its name as printed
("Soledad, CA"). `occupation` is the job title as the page names it.

ZipRecruiter blocks many scripts: a challenge page is screened out before parsing (a blocked source), and
one saved by mistake and handed to the parser is refused naming it, rather than read as no figures.
"""

from __future__ import annotations

import re

from extractors.fact import Fact, ParseError, ParseResult
from extractors.parsing.html_page import load_html, page_sentences, tables, text_blocks
from extractors.parsing.numbers import clean_text, parse_number
from extractors.parsing.page import text_of
from extractors.sources.base import Source

SOURCE = "ziprecruiter"

_AMOUNT = r"\$\s*([\d,]+(?:\.\d+)?)"
_AS_OF = re.compile(r"\bAs\s+of\s+([A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+(\d{4})|[A-Z][a-z]{2,8}\.?\s+(\d{4}))")
_AVERAGE = re.compile(
    rf"average\s+annual\s+(?:pay|salary)\s+for\s+(?:an?\s+)?(.+?)\s+in\s+the\s+United\s+States\s+is\s+{_AMOUNT}",
    re.IGNORECASE,
)
_PER = {
    "average_pay_annual": (re.compile(rf"{_AMOUNT}\s*(?:a|per|/)\s*year", re.I), "USD/year"),
    "average_pay_hourly": (re.compile(rf"{_AMOUNT}\s*(?:an|per|/)\s*hour", re.I), "USD/hour"),
    "average_pay_weekly": (re.compile(rf"{_AMOUNT}\s*(?:a|per|/)\s*week", re.I), "USD/week"),
    "average_pay_monthly": (re.compile(rf"{_AMOUNT}\s*(?:a|per|/)\s*month", re.I), "USD/month"),
}
_CITY_COLUMNS = {
    "average_pay_annual": ("annual", "USD/year"),
    "average_pay_monthly": ("month", "USD/month"),
    "average_pay_weekly": ("week", "USD/week"),
    "average_pay_hourly": ("hour", "USD/hour"),
}
_NEARBY = 4
_CHALLENGE = re.compile(r"just a moment|verify you are human|access denied|captcha", re.IGNORECASE)


def parse_salary_page(html: bytes | str, document: str) -> ParseResult:
    root = load_html(html)
    if root is None:
        raise ParseError(document, "not a ZipRecruiter salary page: no markup")
    title = root.find(".//title")
    if title is not None and _CHALLENGE.search(text_of(title)):
        raise ParseError(document, f"a block or challenge page ({text_of(title)!r}), not the salary page")
    said = page_sentences(root)
    at = next((i for i, sentence in enumerate(said) if _AVERAGE.search(sentence)), None)
    if at is None:
        raise ParseError(
            document,
            "no sentence states the average annual pay ('... for a <title> in the United States is $...')",
        )
    average = _AVERAGE.search(said[at])
    occupation = clean_text(average.group(1))
    as_of = next((m for m in map(_AS_OF.search, text_blocks(root)) if m), None)
    if as_of is None:
        raise ParseError(document, "the page states no 'As of <date>' for its figures")
    year = as_of.group(2) or as_of.group(3)

    facts = [
        Fact(SOURCE, "average_pay_annual", None, occupation, year, parse_number(average.group(2)), "USD/year")
    ]
    # The equivalents follow the average within a few sentences; further on, figures are about other things.
    sentence_text = " ".join(said[at : at + _NEARBY])
    for metric, (pattern, unit) in _PER.items():
        if metric == "average_pay_annual":
            continue
        if stated := pattern.search(sentence_text):
            facts.append(Fact(SOURCE, metric, None, occupation, year, parse_number(stated.group(1)), unit))
    warnings = []
    cities = _city_facts(root, occupation, year)
    if not cities:
        warnings.append(f"{document}: no highest paying cities table (columns City, Annual Salary, ...)")
    return ParseResult(facts=facts + cities, warnings=warnings)


def _city_facts(root, occupation: str, year: str) -> list[Fact]:
    facts: list[Fact] = []
    for table in tables(root):
        if not table.columns or not table.columns[0].startswith("city"):
            continue
        indexes = {
            metric: next((i for i, heading in enumerate(table.columns) if word in heading), None)
            for metric, (word, _) in _CITY_COLUMNS.items()
        }
        for cells in table.rows:
            texts = [clean_text(text_of(cell)) for cell in cells]
            if not texts or not texts[0]:
                continue
            for metric, index in indexes.items():
                value = parse_number(texts[index]) if index is not None and index < len(texts) else None
                if value is not None:
                    unit = _CITY_COLUMNS[metric][1]
                    facts.append(Fact(SOURCE, metric, None, occupation, year, value, unit, area=texts[0]))
    return facts


DEFINITION = Source(
    name=SOURCE,
    title="ZipRecruiter salary pages",
    read=parse_salary_page,
    order=60,
    hosts={"ziprecruiter": "www.ziprecruiter.com"},
    places=(("www.ziprecruiter.com", "/"),),
    default_urls=("https://www.ziprecruiter.com/Salaries/Medical-Administration-Assistant-Salary",),
    metrics={metric: unit for metric, (_, unit) in _PER.items()},
)
