"""What `laborstats audit` reads from the warehouse: all of its SQL.

Two questions, each answered in one query however many figures a guide holds:
- which occupation titles to recognise: every (title, SOC code) the handbook, OEWS and EP sources have
  stated, handbook titles first (they are the names guides copy), then OEWS (latest year first, so the
  2018 SOC titles come before the 2010 ones), then EP; the finder gives earlier rows priority;
- which series could state a figure: for each wanted (SOC code, metric, area, with or without an
  industry), every version of every matching fact in `facts_history`, with the provenance of the
  current ones (the latest document that states them), so the caller can see the whole history of each
  candidate series and pick the one whose values contain the printed figure.

The connection stays open across inputs (`AuditReader`), so auditing many guides costs one open.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from warehouse.connection import open_read_only, run


@dataclass(frozen=True, slots=True)
class Wanted:
    """A series family to read: facts of `soc_code` and `metric` in `area`, for one industry
    (`with_industry`) or across industries. `key` is the caller's, returned with each row."""

    key: str
    soc_code: str
    metric: str
    area: str
    with_industry: bool


@dataclass(frozen=True, slots=True)
class StoredFact:
    """One version of a fact, as `facts_history` holds it; `current` while no release replaced it.
    For current versions `source_url`/`document_sha256` are the latest document that states it."""

    key: str
    source: str
    metric: str
    soc_code: str
    occupation: str
    area: str
    industry: str | None
    period: str
    value_num: float | None
    unit: str | None
    qualifier: str | None
    current: bool
    source_url: str
    document_sha256: str


class AuditReader:
    """A read-only connection for one audit run. Use as a context manager."""

    def __init__(self, warehouse: str | os.PathLike) -> None:
        self.path = Path(warehouse)
        self._con = open_read_only(self.path)

    def __enter__(self) -> AuditReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._con.close()

    def latest_release(self) -> str | None:
        """The latest release, as `id@created_at`: the titles a warehouse offers change only with a new
        release, and a warehouse rebuilt from scratch restarts its ids but not its clock."""
        rows = run(self._con, "SELECT release_id, created_at FROM releases ORDER BY release_id DESC LIMIT 1")
        return f"{rows[0][0]}@{rows[0][1].isoformat()}" if rows else None

    def title_rows(self, title_sources: Mapping[str, int]) -> list[tuple[str, str]]:
        """(title, SOC code) rows in priority order: the sources' ranks in `title_sources` (source name ->
        rank, lower first: the handbook, then OEWS, then EP; the caller reads them from the source
        registry), then the latest period first.

        Broad and minor groups (a code ending in 0 whose detailed occupations are stated too: 53-3030
        over 53-3032) are left out, as the finder's benchmark leaves them out: their titles repeat or
        contain their detailed occupations' titles, and a variant two codes share is dropped, so keeping
        them would lose the detailed occupation guides quote. Major groups (XX-0000) stay."""
        ranks = " ".join(f"WHEN '{source}' THEN {int(rank)}" for source, rank in title_sources.items())
        sources = ", ".join(f"'{source}'" for source in title_sources)
        rows = run(
            self._con,
            f"""
            WITH stated AS (
                SELECT occupation, soc_code, min(CASE source {ranks} END) AS rank, max(period) AS latest
                FROM facts_history
                WHERE soc_code IS NOT NULL AND occupation IS NOT NULL AND source IN ({sources})
                GROUP BY occupation, soc_code
            ),
            detailed AS (SELECT DISTINCT soc_code FROM stated WHERE soc_code NOT LIKE '%0')
            SELECT occupation, soc_code
            FROM stated s
            WHERE s.soc_code LIKE '%-0000' OR s.soc_code NOT LIKE '%0' OR NOT EXISTS (
                SELECT 1 FROM detailed d WHERE starts_with(d.soc_code, rtrim(s.soc_code, '0'))
            )
            ORDER BY rank, latest DESC, occupation, soc_code
            """,
        )
        return [(title, soc) for title, soc in rows]

    def stored_facts(self, wanted: Sequence[Wanted]) -> list[StoredFact]:
        """Every version of the facts each `Wanted` names, oldest period first."""
        if not wanted:
            return []
        # The wanted rows travel as parallel lists (no DataFrame: the command stays free of pandas).
        columns = list(
            zip(*((w.key, w.soc_code, w.metric, w.area, w.with_industry) for w in wanted), strict=True)
        )
        rows = run(
            self._con,
            """
            WITH wanted AS (
                SELECT unnest(?::VARCHAR[]) AS key, unnest(?::VARCHAR[]) AS soc_code,
                       unnest(?::VARCHAR[]) AS metric, unnest(?::VARCHAR[]) AS area,
                       unnest(?::BOOLEAN[]) AS with_industry
            )
            SELECT w.key, h.source, h.metric, h.soc_code, h.occupation, h.area, h.industry, h.period,
                   h.value_num, h.unit, h.qualifier, h.valid_to_release IS NULL,
                   h.source_url, coalesce(c.sha256, h.document_sha256)
            FROM wanted w
            JOIN facts_history h
              ON h.soc_code = w.soc_code AND h.metric = w.metric AND h.area = w.area
             AND (h.industry IS NOT NULL) = w.with_industry
            LEFT JOIN confirmations_as_of(2147483647) c
              ON c.url = h.source_url AND h.valid_to_release IS NULL
            WHERE h.value_num IS NOT NULL
            ORDER BY w.key, h.source, h.industry NULLS FIRST, h.period, h.valid_from_release
            """,
            [list(column) for column in columns],
        )
        return [StoredFact(*row) for row in rows]
