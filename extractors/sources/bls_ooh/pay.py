"""The pay tab's sentences: each occupation's median wage and its 10th and 90th percentiles.

A paragraph reads "The median annual wage for software developers was $133,080 in May 2024. ... The
lowest 10 percent earned less than $79,850, and the highest 10 percent earned more than $211,450."
Pages that cover several occupations have one such paragraph per detailed occupation, so the percentiles
belong to the occupation the preceding median sentence names, and their unit to the wage it speaks of
("median hourly wage" -> hourly), unless the amount itself says "per hour" or "per year".

A sentence whose name matches no projections row is attributed by its median instead: to the occupation
whose median the page states elsewhere (quick facts, the bar chart, the detailed wage table) with that very
value, when exactly one does; otherwise its figures are skipped rather than pinned on the wrong occupation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.fact import Fact
from extractors.parsing.numbers import parse_number
from extractors.parsing.page import match_case, sentences
from extractors.parsing.top_code import top_code
from extractors.sources.bls_ooh.occupations import SOURCE, Occupation, Occupations

_AMOUNT = r"\$\s*([\d,]+(?:\.\d+)?)(\s*(?:per|an|a)\s+(?:hour|year))?"
_MEDIAN = re.compile(
    rf"median\s+(annual|hourly)\s+wage\s+for\s+([^.:;$]+?)\s+was\s+((?:equal\s+to\s+or\s+greater\s+than\s+)?)"
    rf"{_AMOUNT}",
    re.IGNORECASE,
)
_LOWEST = re.compile(rf"lowest\s+10\s*(?:percent|%)\s+earned\s+less\s+than\s+{_AMOUNT}", re.IGNORECASE)
_HIGHEST = re.compile(
    r"highest\s+10\s*(?:percent|%)\s+earned\s+(?:more\s+than\s+)?"
    rf"((?:equal\s+to\s+or\s+greater\s+than\s+|at\s+least\s+)?){_AMOUNT}",
    re.IGNORECASE,
)
_MAY_YEAR = re.compile(r"\bMay\s+(\d{4})\b")


@dataclass(frozen=True, slots=True)
class PayContext:
    occupations: Occupations
    pay_year: str | None
    # (unit, value) of every median the page states elsewhere -> its occupation (None when two share it)
    known_medians: dict[tuple[str, float], Occupation | None]
    hourly_only: bool


@dataclass
class _Speaker:
    """Whom the sentences being read speak of, in which unit, for which year."""

    occupation: Occupation | None
    unit: str
    year: str | None


def known_medians(facts: list[Fact], occupations: Occupations) -> dict[tuple[str, float], Occupation | None]:
    """Medians already read, by (unit, value), for the page's own occupations (rows with a known title)."""
    known: dict[tuple[str, float], Occupation | None] = {}
    for fact in [fact for fact in facts if fact.metric in _MEDIAN_METRICS]:  # a few of the page's facts
        number = isinstance(fact.value, (int, float))  # noqa: UP038 (a union is built per call)
        if not fact.unit or not number:
            continue
        occupation = occupations.find(fact.occupation)
        if occupation is None:
            continue
        key = (fact.unit, float(fact.value))
        known[key] = occupation if known.get(key, occupation) == occupation else None
    return known


# The metrics `known_medians` collects (every handbook metric that starts "median_pay").
_MEDIAN_METRICS = frozenset(("median_pay_annual", "median_pay_hourly"))


def may_state_pay(text: str) -> bool:
    """Whether a paragraph has a word one of the pay patterns needs ("median", "lowest", "highest"): the
    paragraphs to hand `pay_sentence_facts` (`paragraphs(tab, may_state_pay)`)."""
    words = match_case(text)
    return "median" in words or "lowest" in words or "highest" in words


def pay_sentence_facts(texts: list[str], context: PayContext) -> list[Fact]:
    """The pay figures the sentences of `texts` state, in order. `texts` are the paragraphs `may_state_pay`
    accepts (any other paragraph would be split into sentences for nothing)."""
    facts: list[Fact] = []
    default_unit = "USD/hour" if context.hourly_only else "USD/year"
    speaker = _Speaker(context.occupations.page, default_unit, context.pay_year)
    # Each pattern has its word ("median", "lowest", "highest"): a sentence is searched only by the
    # patterns whose word it has (see `match_case`).
    for text in texts:
        for sentence in sentences(text):
            words = match_case(sentence)
            median = _MEDIAN.search(sentence) if "median" in words else None
            if median is not None:
                speaker = _median(median, sentence, context, facts)
            lowest = _LOWEST.search(sentence) if "lowest" in words else None
            if lowest is not None:
                _percentile(lowest.group(1), lowest.group(2), "p10", False, speaker, facts)
            highest = _HIGHEST.search(sentence) if "highest" in words else None
            if highest is not None:
                _percentile(highest.group(2), highest.group(3), "p90", bool(highest.group(1)), speaker, facts)
    return facts


def _median(match: re.Match[str], sentence: str, context: PayContext, facts: list[Fact]) -> _Speaker:
    kind, name, top_worded = match.group(1).lower(), match.group(2), bool(match.group(3))
    value = parse_number(match.group(4))
    unit = _unit(match.group(5), "USD/hour" if kind == "hourly" else "USD/year")
    year_match = _MAY_YEAR.search(sentence)
    year = year_match.group(1) if year_match else context.pay_year
    occupation = context.occupations.find(name)
    if occupation is None and value is not None:
        occupation = context.known_medians.get((unit, float(value)))
    if occupation is not None and value is not None and year:
        metric = "median_pay_hourly" if unit == "USD/hour" else "median_pay_annual"
        qualifier = ">=" if top_worded or value >= top_code(unit, year) else None
        facts.append(Fact(SOURCE, metric, occupation.soc_code, occupation.title, year, value, unit,
                          qualifier=qualifier))  # fmt: skip
    return _Speaker(occupation, unit, year)


def _percentile(
    amount: str, words: str | None, which: str, top_worded: bool, speaker: _Speaker, facts: list[Fact]
) -> None:
    occupation = speaker.occupation
    value = parse_number(amount)
    if occupation is None or value is None or not speaker.year:
        return
    unit = _unit(words, speaker.unit)
    if unit == speaker.unit == "USD/year" and isinstance(value, float) and value < 1000:
        unit = "USD/hour"  # "$12.50" without a unit word is an hourly figure
    suffix = "hourly" if unit == "USD/hour" else "annual"
    qualifier = ">=" if top_worded or value >= top_code(unit, speaker.year) else None
    facts.append(Fact(SOURCE, f"pay_{which}_{suffix}", occupation.soc_code, occupation.title, speaker.year,
                      value, unit, qualifier=qualifier))  # fmt: skip


def _unit(words: str | None, default: str) -> str:
    if not words:
        return default
    return "USD/hour" if "hour" in words.lower() else "USD/year"
