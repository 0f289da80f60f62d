"""Numbers in a text that could be labor figures: dollar amounts, percents and counts.

Only the printed number is the figure's text (`$87,530`, `7 percent`, `591,300`, `3.2 million`), so
that a rewrite replaces the number and leaves the words around it. Whether a number is a labor figure
at all is decided later from its words; here years, phone numbers, dates and list ranks are never
candidates because they do not have a figure's shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SCALE = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "k": 1_000}
_MONEY = re.compile(
    r"\$\s?(?P<num>\d{1,3}(?:,\s?\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)"
    r"(?:\s?(?P<scale>million|billion|thousand|[kK])\b)?"
)
_PERCENT = re.compile(r"(?<![\d.,$])(?P<num>\d{1,3}(?:\.\d+)?)(?:\s?(?:percent|per cent)\b|\s?%)")
_COUNT = re.compile(
    r"(?<![\d.,$/-])(?:(?P<big>\d{1,3}(?:,\d{3})+)(?![\d,]*\.\d)(?!\s?(?:%|percent))"
    r"|(?P<num>\d+(?:\.\d+)?)\s(?P<scale>million|thousand)\b"
    r"|(?P<plain>\d{2,4})(?=\s+(?:new\s+|more\s+|additional\s+)?(?:jobs|openings|positions)\b))"
)
_PHONE = re.compile(r"\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}")


@dataclass(frozen=True)
class Token:
    """A number as printed: `text == source[start:end]`; `kind` is `money`, `percent` or `count`."""

    start: int
    end: int
    text: str
    kind: str
    value: int | float


def number_tokens(text: str) -> list[Token]:
    phones = [(m.start(), m.end()) for m in _PHONE.finditer(text)]
    tokens: list[Token] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in taken + phones)

    for kind, pattern in (("money", _MONEY), ("percent", _PERCENT), ("count", _COUNT)):
        for match in pattern.finditer(text):
            start, end = match.span()
            if not free(start, end):
                continue
            value = _value(match)
            if value is None:
                continue
            if kind == "count" and match.group("plain") and 1900 <= value <= 2100:
                continue
            taken.append((start, end))
            tokens.append(Token(start, end, text[start:end], kind, value))
    return sorted(tokens, key=lambda token: token.start)


def _value(match: re.Match[str]) -> int | float | None:
    groups = match.groupdict()
    digits = groups.get("num") or groups.get("big") or groups.get("plain")
    if digits is None:
        return None
    digits = digits.replace(",", "").replace(" ", "")
    number: float = float(digits)
    scale = (groups.get("scale") or "").lower()
    if scale:
        number *= _SCALE[scale]
    if number == int(number) and (scale or "." not in digits):
        return int(number)
    return number
