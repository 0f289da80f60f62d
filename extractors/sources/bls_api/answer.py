"""Reading the BLS Public Data API's answers (source `bls-api`): OEWS estimates by series id.

An answer is JSON: `status`, `message` (a list of notes), and `Results.series[]`, each with its `seriesID`
and `data[]` points (`year`, `period`, `value` as text, `footnotes`). Which figure a point is comes from
the series id alone (`bls_api.series`), so a point is a fact with the id's occupation, area and
metric, for the reference year (OEWS points are annual, period `A01`).

What the API says about the request is read before anything is archived (`check_answer`), because an
answer that carries no data is not a document: `REQUEST_NOT_PROCESSED` and `REQUEST_FAILED` (among them
the daily-limit notice) fail the query with the API's own message, and `REQUEST_FAILED_OVER_CAPACITY` is
asked again with backoff (`over_capacity`, given to the HTTP client as `retry_if`). A request can succeed
while some series are missing: each "Series does not exist for Series X" note becomes a warning naming X.

Occupation titles are not in a plain answer. Version 2.0 answers carry a catalog when asked; its
`occupation` (or a title of the form "... for <occupation> in ...") is used when present, else the SOC
code stands in as the occupation, which is what identifies the fact anyway.
"""

from __future__ import annotations

import json
import re
from typing import Any

from extractors.fact import Fact, ParseError, ParseResult
from extractors.http.response import FetchError, Response
from extractors.parsing.numbers import parse_number
from extractors.sources.bls_api.series import ALL_INDUSTRIES, Series, SeriesError, read_series_id

SOURCE = "bls-api"

SUCCEEDED = "REQUEST_SUCCEEDED"
OVER_CAPACITY = "REQUEST_FAILED_OVER_CAPACITY"
_DAILY_LIMIT = re.compile(r"daily\s+(threshold|limit)", re.IGNORECASE)
_MISSING_SERIES = re.compile(r"Series\s+does\s+not\s+exist\s+for\s+Series\s+(\S+)", re.IGNORECASE)
_KEYLIKE = re.compile(r"\b[0-9a-fA-F]{32}\b")
_TOP_CODE = {
    "USD/hour": re.compile(r"\$\s*([\d,]+(?:\.\d+)?)\s*(?:per|an|/)\s*hour", re.IGNORECASE),
    "USD/year": re.compile(r"\$\s*([\d,]+(?:\.\d+)?)\s*(?:per|a|/)\s*year", re.IGNORECASE),
}
_AT_LEAST = re.compile(r"equal\s+to\s+or\s+greater\s+than|or\s+more\b|at\s+least", re.IGNORECASE)
_NOT_AVAILABLE = {"", "-", "*", "**", "(NA)", "NA"}
_TITLE_OCCUPATION = re.compile(r"\bfor\s+(.+?)\s+in\s+All\s+Industries", re.IGNORECASE)


def _load(body: bytes | str) -> dict[str, Any] | None:
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return data if isinstance(data, dict) else None


def _messages(data: dict[str, Any]) -> list[str]:
    message = data.get("message") or []
    items = message if isinstance(message, list) else [message]
    return [_KEYLIKE.sub("<registration key>", str(item)).strip() for item in items if str(item).strip()]


def over_capacity(response: Response) -> str | None:
    """A reason to ask again when the API says it is over capacity; None for any other answer."""
    data = _load(response.body)
    if data is not None and data.get("status") == OVER_CAPACITY:
        return f"BLS API {OVER_CAPACITY}: {'; '.join(_messages(data)) or 'no message'}"
    return None


def check_answer(response: Response) -> None:
    """Refuse an answer that is not a document of figures, with the API's message as the reason."""
    data = _load(response.body)
    if data is None:
        raise FetchError(response.url, "the BLS API answered with something that is not a JSON object")
    status = str(data.get("status") or "no status")
    messages = _messages(data)
    said = "; ".join(messages) or "no message"
    if status != SUCCEEDED:
        raise FetchError(response.url, f"BLS API {status}: {said}")
    limit = [m for m in messages if _DAILY_LIMIT.search(m)]
    if limit:
        raise FetchError(response.url, f"BLS API daily limit reached: {'; '.join(limit)}")


def parse_api_answer(body: bytes | str, document: str) -> ParseResult:
    data = _load(body)
    if data is None:
        raise ParseError(document, "not a BLS API answer: not a JSON object")
    if data.get("status") != SUCCEEDED:
        raise ParseError(
            document, f"BLS API {data.get('status')}: {'; '.join(_messages(data)) or 'no message'}"
        )
    warnings = [_message_warning(message, document) for message in _messages(data)]
    results = data.get("Results")
    series_list = results.get("series") if isinstance(results, dict) else None
    if not isinstance(series_list, list):
        raise ParseError(document, "BLS API answer has no Results.series list")
    facts: list[Fact] = []
    without_data: list[str] = []
    for entry in series_list:
        if not isinstance(entry, dict):
            raise ParseError(document, f"BLS API answer: a series entry is not an object: {entry!r}")
        try:
            series = read_series_id(str(entry.get("seriesID", "")))
        except SeriesError as exc:
            warnings.append(f"{document}: {exc}; skipped")
            continue
        occupation = _occupation(entry.get("catalog"), series)
        points = entry.get("data") or []
        if not isinstance(points, list):
            raise ParseError(
                document, f"BLS API answer: {series.series_id}: `data` is not a list: {points!r}"
            )
        if not points:
            without_data.append(series.series_id)
        for point in points:
            fact = _point_fact(point, series, occupation, document, warnings)
            if fact is not None:
                facts.append(fact)
    if without_data:
        listed = ", ".join(without_data)
        warnings.append(f"{document}: {len(without_data)} series have no data in the years asked: {listed}")
    return ParseResult(facts=facts, warnings=warnings)


def _message_warning(message: str, document: str) -> str:
    missing = _MISSING_SERIES.search(message)
    if missing:
        return (
            f"{document}: series {missing.group(1).rstrip('.')} does not exist (the BLS API says: {message})"
        )
    return f"{document}: the BLS API says: {message}"


def _occupation(catalog: object, series: Series) -> str:
    if isinstance(catalog, dict):
        named = catalog.get("occupation")
        if isinstance(named, str) and named.strip():
            return named.strip()
        title = catalog.get("series_title")
        if isinstance(title, str) and (found := _TITLE_OCCUPATION.search(title)):
            return found.group(1).strip()
    return series.soc_code


def _top_code(notes: str, unit: str) -> int | float | None:
    """The top code a point's footnote states for the series' unit, when the point is top-coded.

    A wage at or above the top code is published as no number (`-`, or `#` in other tables) with a
    footnote such as "This wage is equal to or greater than $100.00 per hour or $208,000 per year." The
    code moves from year to year ($115.00 / $239,200 in others), so it is read from the footnote, the
    hourly figure for hourly data types and the annual one for annual types (unit from the series id).
    """
    if not _AT_LEAST.search(notes) or unit not in _TOP_CODE:
        return None
    found = _TOP_CODE[unit].search(notes)
    return parse_number(found.group(1)) if found else None


def _point_fact(
    point: object, series: Series, occupation: str, document: str, warnings: list[str]
) -> Fact | None:
    if not isinstance(point, dict):
        warnings.append(f"{document}: {series.series_id}: a data point is not an object; skipped")
        return None
    year, period = str(point.get("year", "")), str(point.get("period", ""))
    if not re.fullmatch(r"\d{4}", year) or period != "A01":
        warnings.append(f"{document}: {series.series_id}: point {year} {period} is not annual (A01); skipped")
        return None
    text = str(point.get("value", "")).strip()
    footnotes = point.get("footnotes")
    notes = " ".join(
        str(note.get("text", ""))
        for note in (footnotes if isinstance(footnotes, list) else [])
        if isinstance(note, dict)
    )
    qualifier = ">=" if _AT_LEAST.search(notes) else None
    value = None if text in _NOT_AVAILABLE else parse_number(text)
    if value is None and (top_code := _top_code(notes, series.unit)) is not None:
        value, qualifier = top_code, ">="
    if value is None:
        warnings.append(f"{document}: {series.series_id} {year}: no estimate ({text or 'empty'}); skipped")
        return None
    return Fact(
        SOURCE,
        series.metric,
        series.soc_code,
        occupation,
        year,
        value,
        series.unit,
        area=series.area.label,
        industry=None if series.industry == ALL_INDUSTRIES else series.industry,
        qualifier=qualifier,
    )
