"""Parser for the AAMA's CMA (AAMA) certification page (source `aama`); the page is a setting
(`[urls] aama`, default https://www.aama-ntl.org/certification, the page the guide cites).

The AAMA states how many CMAs hold a current credential "as of" a month, and that the credential must be
recertified every 60 months. Which page states the count, and in what words, is not confirmed, so both
figures are read from the sentences that state them, wherever they stand on the page:

- `certified_count` (persons): a number of 1,000 or more in a sentence about CMAs that says "as of
  <Month> [day,] <year>"; period `YYYY-MM` from that date.
- `recertification_interval` (months): "every N months" in a sentence about recertifying or renewing;
  period the as-of year of the count.

`occupation` is "Certified Medical Assistant (CMA)"; no SOC code; area `US`. A page without the count is
refused naming what is missing.
"""

from __future__ import annotations

import re

from extractors.fact import Fact, ParseError, ParseResult
from extractors.parsing.html_page import load_html, page_sentences
from extractors.parsing.numbers import parse_number
from extractors.sources.base import Source

SOURCE = "aama"
OCCUPATION = "Certified Medical Assistant (CMA)"

_MONTHS = {
    name: f"{number:02d}"
    for number, name in enumerate(
        ["january", "february", "march", "april", "may", "june", "july", "august", "september",
         "october", "november", "december"],
        start=1,
    )
}  # fmt: skip
_AS_OF = re.compile(r"\bas\s+of\s+([A-Z][a-z]+)\.?\s+(?:\d{1,2},?\s+)?(\d{4})\b", re.IGNORECASE)
_CMA = re.compile(r"\bCMAs?\b|certified\s+medical\s+assistants?", re.IGNORECASE)
_COUNT = re.compile(r"(?<![\d,.$])(\d{1,3}(?:,\d{3})+|\d{4,})(?![\d,]*\s*%)")
_EVERY = re.compile(r"\bevery\s+(\d{1,3})\s+months\b", re.IGNORECASE)
_RENEW = re.compile(r"recertif|renew", re.IGNORECASE)


def parse_aama_page(html: bytes | str, document: str) -> ParseResult:
    root = load_html(html)
    if root is None:
        raise ParseError(document, "not an AAMA page: no markup")
    said = page_sentences(root)
    count = None
    for sentence in said:
        as_of = _AS_OF.search(sentence)
        month = _MONTHS.get(as_of.group(1).lower()) if as_of else None
        if month is None or not _CMA.search(sentence):
            continue
        numbers = [m for m in _COUNT.finditer(sentence) if m.group(1) != as_of.group(2)]
        if numbers:
            count = (parse_number(numbers[0].group(1)), f"{as_of.group(2)}-{month}", as_of.group(2))
            break
    if count is None:
        raise ParseError(
            document,
            "no sentence states the number of CMAs as of a month ('... 70,362 CMAs as of October 2024')",
        )
    value, period, year = count
    facts = [Fact(SOURCE, "certified_count", None, OCCUPATION, period, value, "persons")]
    warnings = []
    interval = next((m for s in said if _RENEW.search(s) and (m := _EVERY.search(s))), None)
    if interval is not None:
        facts.append(
            Fact(SOURCE, "recertification_interval", None, OCCUPATION, year, int(interval.group(1)), "months")
        )
    else:
        warnings.append(f"{document}: no sentence states the recertification interval ('every N months')")
    return ParseResult(facts=facts, warnings=warnings)


# The page the guide cites for its certification figures. Which AAMA page states the count of current
# CMAs is not confirmed, so it is a setting (`[urls] aama = ...`) like every single page.
DEFINITION = Source(
    name=SOURCE,
    title="American Association of Medical Assistants, certification",
    read=parse_aama_page,
    order=70,
    hosts={"aama": "www.aama-ntl.org"},
    places=(("www.aama-ntl.org", "/"),),
    default_urls=("https://www.aama-ntl.org/certification",),
    metrics={"certified_count": "persons", "recertification_interval": "months"},
)
