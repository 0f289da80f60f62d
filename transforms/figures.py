"""Each printed figure against what the warehouse says now: the status an editor acts on.

Statuses, decided in this order (the first that applies wins):
1. `unmapped`: the claim has no selector; no source laborstats reads states this figure.
2. `source-failing`: the latest release that attempted the claim's source failed for it (a failure with
   no URL, or one naming the current fact's document, or any failure when there is no fact). The last good
   value is shown, but a failing source never vouches for a figure, so this is never `current`.
3. `no-data`: no fact for the selector; or only an older period than the guide prints (nothing to check
   the figure against).
4. `outdated`: a newer period than printed, or the printed period with a different (revised) value.
5. `current`: the latest period is the printed one and the value equals the printed value.

Pure functions over what the warehouse read (`warehouse.figures` returns it; flows hand it over), so every
rule is testable without a warehouse. The shapes read are described here as protocols: transforms import
no warehouse.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from transforms.claims import Claim, Selector


class CurrentFact(Protocol):
    """A series' current fact, with the document it came from."""

    @property
    def occupation(self) -> str: ...
    @property
    def period(self) -> str: ...
    @property
    def value(self) -> float | str | None: ...
    @property
    def source_url(self) -> str: ...
    @property
    def fetched_at(self) -> datetime | None: ...


class HistoryPoint(Protocol):
    """A series' latest-period value in one release."""

    @property
    def release_id(self) -> int: ...
    @property
    def period(self) -> str: ...
    @property
    def value_num(self) -> float | None: ...
    @property
    def value_text(self) -> str | None: ...


class SourceHealth(Protocol):
    """A source's latest attempt."""

    @property
    def last_attempt(self) -> int: ...
    @property
    def failed(self) -> bool: ...
    @property
    def failed_urls(self) -> Sequence[str | None]: ...
    @property
    def reasons(self) -> Sequence[str]: ...


class SeriesReadings(Protocol):
    """What the warehouse says about the claims' series, keyed by `series_keys`."""

    @property
    def current(self) -> Mapping[str, CurrentFact]: ...
    @property
    def history(self) -> Mapping[str, list[HistoryPoint]]: ...
    @property
    def sources(self) -> Mapping[str, SourceHealth]: ...


STATUSES = ("current", "outdated", "source-failing", "no-data", "unmapped")

Value = int | float | str


@dataclass(frozen=True, slots=True)
class Figure:
    """One row of the report: a claim, what the source says now, and how they compare."""

    claim: str
    description: str
    printed_value: Value
    printed_period: str
    unit: str | None
    source: str
    status: str
    current_value: Value | None = None
    current_period: str | None = None
    change: int | float | None = None
    source_url: str | None = None
    fetched_at: datetime | None = None  # when the latest document stating the current value was fetched
    document_sha256: str | None = None  # that document's bytes
    extractor_version: str | None = None
    compare_soc: str | None = None
    compare_occupation: str | None = None
    compare_value: Value | None = None
    compare_period: str | None = None
    label_note: str | None = None
    note: str | None = None
    history: list[HistoryPoint] = field(default_factory=list)


def series_keys(claims: list[Claim]) -> dict[str, Selector]:
    """The series to read: each mapped claim's own (key = claim id) and its comparison (`id#compare`)."""
    keys: dict[str, Selector] = {}
    for claim in claims:
        if claim.selector is not None:
            keys[claim.id] = claim.selector
        if claim.compare_selector is not None:
            keys[f"{claim.id}#compare"] = claim.compare_selector
    return keys


def assess(claims: list[Claim], readings: SeriesReadings) -> list[Figure]:
    return [assess_claim(claim, readings) for claim in claims]


def assess_claim(claim: Claim, readings: SeriesReadings) -> Figure:
    base = {
        "claim": claim.id,
        "description": claim.description,
        "printed_value": claim.printed_value,
        "printed_period": claim.printed_period,
        "unit": claim.unit,
        "source": claim.source,
        "compare_soc": claim.compare_soc,
        "label_note": claim.label_note,
    }
    if claim.selector is None:
        return Figure(**base, status="unmapped", note="no source laborstats reads states this figure")

    fact = readings.current.get(claim.id)
    compare = readings.current.get(f"{claim.id}#compare")
    base |= {
        "history": readings.history.get(claim.id, []),
        "compare_occupation": compare.occupation if compare else None,
        "compare_value": _value(compare.value) if compare else None,
        "compare_period": compare.period if compare else None,
    }
    if fact is not None:
        base |= {
            "current_value": _value(fact.value),
            "current_period": fact.period,
            "change": _change(claim.printed_value, fact.value),
            "source_url": fact.source_url,
            "fetched_at": fact.fetched_at,
            "document_sha256": fact.document_sha256,
            "extractor_version": fact.extractor_version,
        }

    health = readings.sources.get(claim.source)
    failure = _failure(health, fact)
    if failure is not None:
        urls, reasons = failure
        if fact is None and urls:
            base["source_url"] = urls[0]
        shown = "last good value shown" if fact is not None else "no good value stored"
        note = f"failed in release {health.last_attempt}: {'; '.join(reasons)}; {shown}"
        return Figure(**base, status="source-failing", note=note)
    if fact is None:
        never = "" if health else f"; {claim.source} has not been refreshed into this warehouse"
        return Figure(**base, status="no-data", note=f"no fact for this selector{never}")
    if fact.period < claim.printed_period:
        return Figure(
            **base,
            status="no-data",
            note=f"the latest period stored ({fact.period}) is older than the printed one",
        )
    if fact.period > claim.printed_period:
        return Figure(**base, status="outdated", note=f"newer period: {fact.period}")
    if not _same(claim.printed_value, fact.value):
        return Figure(**base, status="outdated", note=f"revised value for {fact.period}")
    return Figure(**base, status="current")


def _failure(health: SourceHealth | None, fact: CurrentFact | None) -> tuple[list[str], list[str]] | None:
    """(URLs, reasons) if the source's latest attempt failed for this figure, else None.

    A source with many documents (the handbook) can fail for one page and not another; a failure naming
    another document than the fact's does not make this figure's source failing.
    """
    if health is None or not health.failed:
        return None
    pairs = list(zip(health.failed_urls, health.reasons, strict=True))
    if fact is not None:
        pairs = [(url, reason) for url, reason in pairs if url is None or url == fact.source_url]
        if not pairs:
            return None
    if not pairs:  # listed as failed with no recorded reason
        return [], ["no reason recorded"]
    return [url for url, _ in pairs if url], [reason for _, reason in pairs]


def _value(value: float | str | None) -> Value | None:
    """Whole numbers as ints: 811000, not 811000.0, as the source printed them."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _same(printed: Value, stored: float | str | None) -> bool:
    if isinstance(printed, str) or isinstance(stored, str) or stored is None:
        return isinstance(printed, str) and isinstance(stored, str) and printed.strip() == stored.strip()
    return math.isclose(float(printed), stored, rel_tol=1e-9, abs_tol=1e-9)


def _change(printed: Value, stored: float | str | None) -> int | float | None:
    """Current minus printed, for numbers; rounded so 15.2 -> 12.6 reads -2.6, not -2.5999999."""
    if isinstance(printed, str) or stored is None or isinstance(stored, str):
        return None
    return _value(round(stored - float(printed), 6))
