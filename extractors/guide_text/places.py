"""Where and when a figure applies: the area (US, a state's FIPS code, a metro area) and the period.

Periods follow the handbook's conventions: a level is dated by its reference year ("in May 2023" ->
`2023`), a projection by its span ("from 2022 to 2032" -> `2022-2032`; "by 2030" -> `2020-2030`, the
ten-year span BLS always projects over).
"""

from __future__ import annotations

import re
import unicodedata

from extractors.parsing.us_states import FIPS_BY_NAME

_STATE = re.compile(
    r"\b(" + "|".join(sorted((re.escape(n.title()) for n in FIPS_BY_NAME), key=len, reverse=True)) + r")\b"
)
_METRO = re.compile(
    r"(?P<name>[A-Z][\w.'\u00c0-\u017f]+(?:[ -][A-Z][\w.'\u00c0-\u017f]+)*"
    r"(?:-[A-Z][\w.'\u00c0-\u017f]+(?:\s[A-Z][\w.'\u00c0-\u017f]+)*)*,\s?[A-Z]{2}(?:-[A-Z]{2})*)\b"
)
_SPAN = re.compile(
    r"\b(?P<a>(?:19|20)\d{2})\s*(?:-|\u2013|\u2014|to|through)\s*(?P<b>(?:19|20)?\d{2})\b(?!,\d)"
)
_BY_YEAR = re.compile(r"\b(?:by|through|until|in|to)\s+(?:the year\s+)?(?P<b>20\d{2})\b")
_YEAR = re.compile(r"(?<![\d,$.-])(?P<y>(?:19|20)\d{2})(?!\d|,\d|%|\s?percent)")


def state_at(text: str) -> list[tuple[int, int, str]]:
    """State names in `text` with their FIPS codes."""
    return [(m.start(), m.end(), FIPS_BY_NAME[m.group(1).lower()]) for m in _STATE.finditer(text)]


def metro_name(label: str) -> str | None:
    """`Vallejo-Fairfield, CA` style metro names, accents folded the way BLS files print them."""
    match = _METRO.search(label)
    if match is None:
        return None
    folded = unicodedata.normalize("NFKD", match.group("name"))
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


def spans_in(text: str) -> list[tuple[int, str]]:
    """Projection spans stated in `text`: (offset, `2022-2032`)."""
    return [(start, span) for start, _, span in _spans(text)]


def _spans(text: str) -> list[tuple[int, int, str]]:
    found = []
    for match in _SPAN.finditer(text):
        first, second = int(match.group("a")), match.group("b")
        last = int(second) if len(second) == 4 else (first // 100) * 100 + int(second)
        if 1 <= last - first <= 15:
            found.append((match.start(), match.end(), f"{first}-{last}"))
    return found


def implied_spans_in(text: str) -> list[tuple[int, str]]:
    """`by 2030` in a projection sentence: the ten-year span ending that year."""
    return [(m.start(), f"{int(m.group('b')) - 10}-{m.group('b')}") for m in _BY_YEAR.finditer(text)]


def years_in(text: str) -> list[tuple[int, int, str]]:
    """Stand-alone years (not inside a span): (start, end, `2023`)."""
    spans = [(start, end) for start, end, _ in _spans(text)]
    return [
        (m.start(), m.end(), m.group("y"))
        for m in _YEAR.finditer(text)
        if not any(s <= m.start() < e for s, e in spans)
    ]
