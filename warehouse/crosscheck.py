"""Figures two sources state for the same fact but for the source: the raw material of `laborstats check`.

Two BLS programs often state one figure: the handbook quotes the Employment Projections' employment and
growth and the OEWS median pay. This module only finds the pairs, as the warehouse holds them now
(`facts`): same metric, occupation (SOC code), area, industry and period, from each of two sources. Which
pairs to look at and what counts as a disagreement are rules (`transforms.crosscheck`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from warehouse.connection import open_read_only, run


@dataclass(frozen=True, slots=True)
class StatedTwice:
    metric: str
    soc_code: str
    occupation: str
    area: str
    industry: str | None
    period: str
    unit: str | None
    source_a: str
    value_a: float
    qualifier_a: str | None
    url_a: str
    source_b: str
    value_b: float
    qualifier_b: str | None
    url_b: str


def stated_twice(warehouse: str | os.PathLike, pairs: list[tuple[str, str, str]]) -> list[StatedTwice]:
    """Current numeric facts stated by both sources of each (source_a, source_b, metric) in `pairs`."""
    if not pairs:
        return []
    con = open_read_only(warehouse)
    try:
        rows = run(
            con,
            """
            WITH wanted AS (
                SELECT p[1] AS source_a, p[2] AS source_b, p[3] AS metric
                FROM (SELECT unnest(?::VARCHAR[][]) AS p)
            )
            SELECT a.metric, a.soc_code, a.occupation, a.area, a.industry, a.period, a.unit,
                   a.source, a.value_num, a.qualifier, a.source_url,
                   b.source, b.value_num, b.qualifier, b.source_url
            FROM wanted w
            JOIN facts a ON a.source = w.source_a AND a.metric = w.metric
            JOIN facts b ON b.source = w.source_b AND b.metric = w.metric
                AND b.soc_code = a.soc_code AND b.area = a.area AND b.period = a.period
                AND coalesce(b.industry, '') = coalesce(a.industry, '')
                AND b.unit IS NOT DISTINCT FROM a.unit
            WHERE a.value_num IS NOT NULL AND b.value_num IS NOT NULL AND a.soc_code IS NOT NULL
            ORDER BY a.soc_code, a.metric, a.area, a.period, a.source, b.source
            """,
            [[list(p) for p in pairs]],
        )
    finally:
        con.close()
    return [StatedTwice(*row) for row in rows]
