"""Who a figure is attributed to: BLS, another named source, or nobody.

Guides mix BLS figures with figures from salary sites and schools' own surveys, often in the same
paragraph. A figure from PayScale must never be checked against (or rewritten to) a BLS series, so
each figure carries the source its text names: the nearest source named before it in its sentence,
else one named after it in the sentence ("..., according to PayScale"), else the source the text was
last talking about (set by an earlier sentence or a heading such as "Glassdoor (August 2025)") until
the next heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BLS = "BLS"
_BLS = re.compile(
    r"\b(?:U\.?\s?S\.?\s+|United States\s+|Unites States\s+)?Bureau of Labor Statistics\b|\bBLS\b|"
    r"\bDepartment of Labor\b|\bOccupational Outlook Handbook\b|\bOOH\b|\bO\*NET\b|\bOEWS\b|\bOES\b"
)
# Salary sites and survey publishers guides quote. Names that are also ordinary words ("Indeed",
# "Monster") need a context word that makes them a source.
_NAMED = re.compile(
    r"\b(?P<name>PayScale|Payscale|ZipRecruiter|Zip Recruiter|Glassdoor|Salary\.com|SimplyHired|Simply Hired|"
    r"Comparably|CareerBuilder|Economic Research Institute|ERI|Talent\.com|LinkedIn|Built In|Levels\.fyi|"
    r"Dice|Robert Half|Census Bureau|American Community Survey|AAMA|NHA|AMT|AAPC|AHIMA|NCCPA|ADHA|AANP|"
    r"Stepful)(?:\.com)?\b"
    r"|(?:according to|from|on|per|by|data from|site)\s+(?P<ctx>Indeed|Monster)\b"
    r"|\b(?P<lead>Indeed|Monster)(?=\.com|\s+(?:reports?|lists?|says|data|shows|estimates?|puts))"
)
_OWN_SURVEY = re.compile(
    r"\b(?:our|the (?:school|college|university|program|institute)['\u2019]?s?)\s+(?:own\s+)?"
    r"(?:graduate[s']?\s+|alumni\s+|employment\s+|outcomes?\s+)?(?:survey|data|records|graduates)\b"
    r"|\bsurvey of (?:our|its) (?:graduates|alumni)\b",
    re.IGNORECASE,
)
# "Glassdoor (August 2025)", "Indeed (as of May 2024)", "SiteName Percentiles (2025 data)": a short
# proper name dated like a data pull. A plain "(2021)" dates a table, not a source.
_DATED_HEADING = re.compile(
    r"^\s*(?P<name>[A-Z][\w.&'-]*(?:\s[A-Z][\w.&'-]*){0,2}?)\s*(?:Percentiles?|Salary|Salaries|Data|Pay)?\s*"
    r"\((?:(?:as of\s+)?[A-Z][a-z]+\.?\s+(?:\d{1,2},\s+)?(?:19|20)\d{2}|(?:19|20)\d{2}\s+data)\)\s*$"
)


@dataclass(frozen=True)
class SourceMention:
    start: int
    end: int
    name: str


def source_mentions(text: str, offset: int = 0) -> list[SourceMention]:
    """Sources named in `text` (a sentence or heading), with offsets shifted by `offset`."""
    found = [SourceMention(offset + m.start(), offset + m.end(), BLS) for m in _BLS.finditer(text)]
    for match in _NAMED.finditer(text):
        name = match.group("name") or match.group("ctx") or match.group("lead")
        start = match.start("name") if match.group("name") else match.start()
        found.append(SourceMention(offset + start, offset + match.end(), _canonical(name)))
    for match in _OWN_SURVEY.finditer(text):
        found.append(SourceMention(offset + match.start(), offset + match.end(), "school survey"))
    return sorted(found, key=lambda mention: mention.start)


def heading_source(text: str) -> str | None:
    """The source a heading announces: one it names, or `Name (Month Year)` style headings."""
    named = {mention.name for mention in source_mentions(text)}
    if len(named) == 1:
        return named.pop()
    match = _DATED_HEADING.match(text)
    if match:
        return _canonical(match.group("name").strip())
    return None


def _canonical(name: str) -> str:
    compact = name.replace(" ", "").lower()
    known = {"payscale": "PayScale", "ziprecruiter": "ZipRecruiter", "salary.com": "Salary.com",
             "simplyhired": "SimplyHired", "glassdoor": "Glassdoor"}  # fmt: skip
    if compact.removesuffix(".com") in known:
        return known[compact.removesuffix(".com")]
    return known.get(compact, name)
