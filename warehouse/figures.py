"""What the warehouse says about a list of series: for `laborstats figures`, all of its SQL.

A claim selects a series (a fact identity without its period). For each one this reads, in one query per
question rather than one per claim:
- the current fact: the series' fact with the latest period in the `facts` view, with the latest
  document that states it (last confirmed: URL, hash, extractor, and when that document was fetched);
- its history: for every release r, the series' latest-period fact in `facts_as_of(r)`;
- each source's health: the latest release that attempted it (listed it in `sources_ok` or
  `sources_failed`) and, if it failed there, the URLs and reasons from `source_failures`.

Periods order as text: every period starts with its year (`2023`, `2023-2033`, `2024-10`), so the
latest period is the greatest string.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from warehouse.connection import open_read_only, run
from warehouse.identity import SERIES, series_match_sql

if TYPE_CHECKING:  # pandas is imported where a frame is built: `audit` renders with this module's types
    import pandas as pd

# A series' facts: the identity's comparison, with the stand-ins the selectors already hold.
_MATCHES = series_match_sql("f", "s")


class SeriesSelector(Protocol):
    """A series as `transforms.claims.Selector` names it (`who`: the SOC code, else the title)."""

    @property
    def source(self) -> str: ...
    @property
    def metric(self) -> str: ...
    @property
    def who(self) -> str: ...
    @property
    def area(self) -> str: ...
    @property
    def industry(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class CurrentFact:
    occupation: str
    period: str
    value_num: float | None
    value_text: str | None
    unit: str | None
    qualifier: str | None
    source_url: str
    document_sha256: str
    release_id: int  # the release where this version first appeared
    # When the latest document stating it was fetched; None if `documents` lacks the row.
    fetched_at: datetime | None
    extractor_version: str | None = None  # the extractor that read that document

    @property
    def value(self) -> float | str | None:
        return self.value_text if self.value_num is None else self.value_num


@dataclass(frozen=True, slots=True)
class HistoryPoint:
    release_id: int
    period: str
    value_num: float | None
    value_text: str | None


@dataclass(frozen=True, slots=True)
class SourceHealth:
    """A source's latest attempt. `failed_urls` holds None for a failure not tied to one URL."""

    source: str
    last_attempt: int
    failed: bool
    failed_urls: tuple[str | None, ...] = ()
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Release:
    release_id: int
    created_at: datetime
    status: str


@dataclass
class SeriesReadings:
    """Everything `figures` needs from the warehouse, keyed by the caller's series keys."""

    releases: list[Release]
    current: dict[str, CurrentFact] = field(default_factory=dict)
    history: dict[str, list[HistoryPoint]] = field(default_factory=dict)
    sources: dict[str, SourceHealth] = field(default_factory=dict)


def read_series(warehouse: str | os.PathLike, selectors: Mapping[str, SeriesSelector]) -> SeriesReadings:
    """Read the current fact, history and source health for each selector, on a read-only connection."""
    con = open_read_only(warehouse)
    try:
        releases = [
            Release(*row)
            for row in run(con, "SELECT release_id, created_at, status FROM releases ORDER BY 1")
        ]
        readings = SeriesReadings(releases)
        if not selectors:
            return readings
        con.register("selectors", _selector_frame(selectors))
        readings.current = _current(con)
        readings.history = _history(con)
        readings.sources = _sources(con)
        con.unregister("selectors")
        return readings
    finally:
        con.close()


def _selector_frame(selectors: Mapping[str, SeriesSelector]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(
        [(key, *(_series_part(s, part.column) for part in SERIES)) for key, s in selectors.items()],
        columns=["key", *(part.column for part in SERIES)],
    ).astype("object")


def _series_part(selector: SeriesSelector, column: str) -> str:
    """A selector's value for one identity column, with the identity's stand-ins already applied."""
    if column == "soc_code":
        return selector.who
    if column == "industry":
        return selector.industry or ""
    return getattr(selector, column)


def _current(con) -> dict[str, CurrentFact]:
    rows = run(
        con,
        f"""
        SELECT s.key, f.occupation, f.period, f.value_num, f.value_text, f.unit, f.qualifier, f.source_url,
               f.document_sha256, f.release_id, f.confirmed_at, f.extractor_version
        FROM selectors s
        JOIN facts f ON {_MATCHES}
        QUALIFY row_number() OVER (PARTITION BY s.key ORDER BY f.period DESC) = 1
        """,
    )
    return {row[0]: CurrentFact(*row[1:]) for row in rows}


def _history(con) -> dict[str, list[HistoryPoint]]:
    """Per release r, the series' latest period in facts_as_of(r): the rows of `facts_history` valid at r,
    by the same `valid_at` test the `facts_as_of` macro applies, for all releases in one pass."""
    rows = run(
        con,
        f"""
        SELECT s.key, r.release_id, f.period, f.value_num, f.value_text
        FROM selectors s
        CROSS JOIN releases r
        JOIN facts_history f
          ON valid_at(f.valid_from_release, f.valid_to_release, r.release_id) AND {_MATCHES}
        QUALIFY row_number() OVER (PARTITION BY s.key, r.release_id ORDER BY f.period DESC) = 1
        ORDER BY s.key, r.release_id
        """,
    )
    history: dict[str, list[HistoryPoint]] = {}
    for key, *point in rows:
        history.setdefault(key, []).append(HistoryPoint(*point))
    return history


def _sources(con) -> dict[str, SourceHealth]:
    rows = run(
        con,
        """
        WITH wanted AS (SELECT DISTINCT source FROM selectors),
        attempts AS (
            SELECT w.source, r.release_id, list_contains(r.sources_failed, w.source) AS failed
            FROM wanted w JOIN releases r
              ON list_contains(r.sources_ok, w.source) OR list_contains(r.sources_failed, w.source)
        ),
        latest AS (
            SELECT source, max(release_id) AS last_attempt FROM attempts GROUP BY source
        )
        SELECT l.source, l.last_attempt, a.failed,
               coalesce(list({'url': sf.url, 'reason': sf.reason} ORDER BY sf.url, sf.reason)
                        FILTER (WHERE sf.reason IS NOT NULL), [])
        FROM latest l
        JOIN attempts a ON a.source = l.source AND a.release_id = l.last_attempt
        LEFT JOIN source_failures sf ON sf.source = l.source AND sf.release_id = l.last_attempt
        GROUP BY ALL
        """,
    )
    health = {}
    for source, last_attempt, failed, failures in rows:
        urls = tuple(f["url"] for f in failures)
        reasons = tuple(f["reason"] for f in failures)
        health[source] = SourceHealth(source, last_attempt, bool(failed), urls, reasons)
    return health
