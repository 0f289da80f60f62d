"""Reading figures as BLS prints them: `$47,560`, `45,930`, `-12,400`, `12%`, `3.2 million`, `—`."""

from __future__ import annotations

import re

_DASHES = "\u2013\u2014\u2212"
_NUMBER = re.compile(r"[-+]?\$?\s*\d[\d,]*(?:\.\d+)?")
# A cell that is only a figure (`1,895,500`, `$47,560`, `57%`, `23.33`), as most are: read at once.
_PLAIN_FIGURE = re.compile(r"\$?(\d[\d,]*(?:\.\d+)?)%?")
_DASH_AS_MINUS = re.compile(rf"[{_DASHES}](?=\s*\$?\d)")
_MISSING = {"", "-", "\u2014", "\u2013", "n/a", "na", "(\u2014)"}
_SCALE = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# Compiled once: `re.search` with a pattern string looks it up in re's cache on every call.
_SPAN = re.compile(rf"(\d{{4}})\s*[-{_DASHES}]\s*(\d{{2,4}})")
_YEAR = re.compile(r"\b(19|20)\d{2}\b")


def clean_text(text: str) -> str:
    """Collapse the runs of whitespace and non-breaking spaces that BLS templates leave in cells.
    (`str.split()` splits on every Unicode space, the non-breaking one included.)"""
    return " ".join(text.split())


def is_missing(text: str) -> bool:
    return clean_text(text).lower() in _MISSING


def parse_number(text: str) -> int | float | None:
    """The first number in `text`, without `$`, `%` or thousands separators; None for a dash.

    Integers stay `int` so that 811,000 prints as 811000, not 811000.0.
    A leading Unicode minus or en dash directly before a digit counts as a minus sign.
    """
    digits = text.replace(",", "")
    # What `_PLAIN_FIGURE` reads, cheaper: `1,895,500`, `57`; `$47,560`; `57%`
    if digits.isdecimal():
        if text[:1].isdecimal():
            return int(digits)
    elif digits[:1] == "$":
        if digits[1:].isdecimal() and text[1:2].isdecimal():
            return int(digits[1:])
    elif digits[-1:] == "%" and digits[:-1].isdecimal() and text[:1].isdecimal():
        return int(digits[:-1])
    plain = _PLAIN_FIGURE.fullmatch(text)
    if plain is not None:  # what the general path below gives for such a text, without its steps
        token = plain.group(1).replace(",", "")
        return float(token) if "." in token else int(token)
    cleaned = " ".join(text.split())  # clean_text, inline: this runs for every figure read
    if cleaned.lower() in _MISSING:
        return None
    cleaned = _DASH_AS_MINUS.sub("-", cleaned)
    match = _NUMBER.search(cleaned)
    if match is None:
        return None
    token = match.group(0).replace("$", "").replace(",", "").replace(" ", "")
    number: int | float = float(token) if "." in token else int(token)
    tail = cleaned[match.end() :].strip().lower()
    if tail:
        for word, factor in _SCALE.items():
            if tail.startswith(word):
                number = round(number * factor)
                break
    return number


def parse_span(text: str) -> str | None:
    """`2024–34` or `2024-2034` as the canonical projection span `2024-2034`."""
    match = _SPAN.search(text)
    if match is None:
        return None
    start, end = match.group(1), match.group(2)
    if len(end) == 2:
        end = start[:2] + end
    return f"{start}-{end}"


def parse_year(text: str) -> str | None:
    match = _YEAR.search(text)
    return match.group(0) if match else None
