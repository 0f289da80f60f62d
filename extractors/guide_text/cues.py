"""The words that say what a number is: which pay statistic, growth, openings, employment, or nothing.

Each rule is a phrasing family seen across career guides of every year, not a sentence of any one
guide: "the lowest 10 percent earned less than", "the 90th percentile", "the median hourly wage",
"projected to grow", "openings each year", "held ... jobs". A cue applies to the figure it is nearest
to within the figure's sentence; cues used to compare ("above the national median", "above-average")
describe something else and are skipped.
"""

from __future__ import annotations

import re

PAY_CUES: list[tuple[str, re.Pattern[str]]] = [
    ("p10", re.compile(
        r"\b(?:lowest|bottom)[ -](?:10|ten)\b(?:\s?(?:percent|%))?|\b10th\b|\blowest[- ](?:paid|earning)"
        r"|\bbottom[- ]earning"
    )),
    ("p90", re.compile(
        r"\b(?:highest|top)[ -](?:10|ten)\b(?:\s?(?:percent|%))?|\b90th\b|\bhighest[- ](?:paid|earning)"
        r"|\btop[- ]earn(?:ing|ers)"
    )),
    ("p25", re.compile(r"\b25th\b|\b(?:lowest|bottom)[ -]25\b")),
    ("p75", re.compile(r"\b75th\b|\b(?:highest|top)[ -]25\b")),
    ("median", re.compile(r"\bmedian\b|\b50th\b")),
    ("mean", re.compile(r"\b(?:average|mean)\b")),
]  # fmt: skip
_COMPARATIVE = re.compile(
    r"(?:above|below|than|over|under|exceeds?|exceeding|surpass\w*|near|around)\s+(?:the\s+)?"
    r"(?:national\s+|u\.s\.\s+|overall\s+|state\s+)?$|[a-z]-$"
)
PAY_WORDS = re.compile(
    r"\b(?:earn\w*|salar\w*|wages?|pay|paid|pays|paying|income|make|makes|making|made|compensation|"
    r"hourly|annual\w*|yearly|per hour|an hour|a year|per year|median|average|mean|percentile|"
    r"receive[sd]?|take home)\b|/\s?(?:hr|hour|year|yr)\b"
)
NON_LABOR = re.compile(
    r"\b(?:tuition|costs?|fees?|price[sd]?|loans?|scholarships?|grants?|debt|spend\w*|budget|revenue|"
    r"per credit|credit hours?|savings?|books?|deposit|application|kits?|exam|financial aid|donat\w*|"
    r"funding|invest\w*|billion|market|sales of|worth)\b"
)
HOURLY_AFTER = re.compile(r"^\s*(?:/\s?(?:hr|hour)\b|(?:an|per|a|each)\s+hour\b|hourly\b)")
ANNUAL_AFTER = re.compile(r"^\s*(?:/\s?(?:yr|year)\b|(?:a|per|each)\s+year\b|annually\b|yearly\b)")
HOURLY_WORD = re.compile(r"\bhourly\b|\bper hour\b|\ban hour\b")
ANNUAL_WORD = re.compile(r"\bannual\w*|\byearly\b|\bsalar\w*|\ba year\b|\bper year\b")

GROWTH = re.compile(
    r"\b(?:grow\w*|increase[sd]?|increasing|declin\w*|decreas\w*|expan\w*|project\w*|outlook|rise|rises|"
    r"rising|up by|faster|slower|add|adds|adding|added|change|hires|job growth|shrink\w*)\b"
)
DECLINE = re.compile(r"\b(?:declin\w*|decreas\w*|shrink\w*|fall|falls|drop\w*|lose|loss)\b[^.]{0,40}$")
CHANGE = re.compile(
    r"\b(?:add|adds|adding|added|additional|new jobs|net new|new positions|increase\w*|grow\w*|"
    r"hires|additions|creat\w*|gain\w*|expected to add)\b"
)
OPENINGS = re.compile(r"\bopenings?\b|\bjob openings\b")
EMPLOYMENT = re.compile(
    r"\b(?:held|hold|holds|employed|employment|employ|employs|jobs|workers|positions|professionals|"
    r"employees|people|working|most|concentration|number of)\b"
)
PERCENTILE_BEFORE = re.compile(r"(?:lowest|highest|top|bottom|middle|upper|lower)[ -]$")
NOT_GROWTH_PERCENT = re.compile(
    r"^\s*(?:of\b|pass|passing|placement|graduation|retention|completion|acceptance|success|off\b|"
    r"interest|commission|discount|match|tax)"
)
NOT_GROWTH_BEFORE = re.compile(
    r"\b(?:pass|passing|placement|graduation|retention|completion|acceptance|success)\s+rates?\s+"
    r"(?:of|is|was|at)?\s*$|\b(?:raise|bonus|tax|interest|discount)\b[^.]{0,20}$"
)
QUALIFIER_BEFORE = [
    (">=", re.compile(r"\bat least\s*$")),
    (">", re.compile(r"\b(?:more than|over|above|greater than|upwards of|in excess of|exceeding)\s*$")),
    ("<", re.compile(r"\b(?:less than|under|below|fewer than)\s*$")),
    (
        "~",
        re.compile(
            r"(?:\b(?:about|approximately|approx\.|around|roughly|nearly|almost|close to|some"
            r"|an estimated|estimated)\s*|[~\u2248]\s?)$"
        ),
    ),
]
QUALIFIER_AFTER = re.compile(r"^\s*(?:or more|or higher|or greater|and up|and above|\+)")


def pay_cue(before: str, after: str) -> tuple[str, int] | None:
    """The pay statistic named nearest before the figure (`before` ends at the figure), else the first
    one named just after it. Returns (kind, where the cue starts in `before`, or -1 when after)."""
    best: tuple[str, int] | None = None
    for kind, pattern in PAY_CUES:
        for match in pattern.finditer(before):
            if _COMPARATIVE.search(before[: match.start()]):
                continue
            if best is None or match.start() > best[1]:
                best = (kind, match.start())
    if best is not None:
        return best
    first: tuple[str, int] | None = None
    for kind, pattern in PAY_CUES:
        match = pattern.search(after)
        if (
            match
            and not _COMPARATIVE.search(after[: match.start()])
            and (first is None or match.start() < first[1])
        ):
            first = (kind, match.start())
    return (first[0], -1) if first else None


def qualifier(before: str, after: str) -> str | None:
    if QUALIFIER_AFTER.match(after):
        return ">="
    tail = before[-30:]
    for symbol, pattern in QUALIFIER_BEFORE:
        if pattern.search(tail):
            return symbol
    return None
