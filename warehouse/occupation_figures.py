"""`laborstats show`: every current figure for one occupation, from every source, with its provenance.

An occupation is named by SOC code, by title as a source prints it ("Medical assistants"), or by slug
(the title in lower case with dashes, or a tracked slug whose SOC codes the caller passes). Facts whose
source gives no SOC code are found by their title; a title that matches brings in its SOC code, so the
OEWS and API figures of that code come along with the handbook's.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from warehouse.connection import open_read_only, run

SOC_CODE = re.compile(r"^\d{2}-\d{4}$")
_SLUG_SQL = "trim(regexp_replace(lower(occupation), '[^a-z0-9]+', '-', 'g'), '-')"

CURRENT_COLUMNS = [
    "source", "metric", "soc_code", "occupation", "area", "industry", "period", "value_num", "value_text",
    "unit", "qualifier", "release_id", "confirmed_release", "confirmed_at", "source_url", "document_sha256",
]  # fmt: skip
HISTORY_COLUMNS = [
    "source", "metric", "soc_code", "occupation", "area", "industry", "period", "value_num", "value_text",
    "unit", "qualifier", "valid_from_release", "valid_to_release", "source_url", "document_sha256",
]  # fmt: skip
_ORDER = "source, metric, area, industry NULLS FIRST, period"


class OccupationNotFound(LookupError):
    """No figure in the warehouse for the occupation or metric asked for; the message says what exists."""


@dataclass(frozen=True)
class OccupationFigures:
    name: str
    soc_codes: list[str]
    titles: list[str]
    current: list[dict]
    history: list[dict]


def occupation_figures(
    warehouse: str | os.PathLike,
    name: str,
    known_soc_codes: tuple[str, ...] = (),
    metric: str | None = None,
    history: bool = False,
) -> OccupationFigures:
    key = name.strip()
    codes = list(known_soc_codes) or ([key] if SOC_CODE.match(key) else [])
    con = open_read_only(warehouse)
    try:
        matched = run(
            con,
            f"SELECT DISTINCT soc_code, occupation FROM facts_history "
            f"WHERE soc_code IN (SELECT unnest($codes::VARCHAR[])) OR lower(occupation) = lower($name) "
            f"OR {_SLUG_SQL} = lower($name)",
            {"codes": codes, "name": key},
        )
        if not matched:
            raise OccupationNotFound(
                f"occupation {name!r}: no figures in {warehouse} (give a SOC code such as 31-9092, a "
                f"title as a source prints it, or a slug such as medical-assistants)"
            )
        codes = sorted({code for code, _ in matched if code} | set(codes))
        titles = sorted({title for code, title in matched if not code})
        where = (
            "(soc_code IN (SELECT unnest($codes::VARCHAR[])) OR (soc_code IS NULL AND "
            "occupation IN (SELECT unnest($titles::VARCHAR[]))))"
        )
        params = {"codes": codes, "titles": titles}
        if metric is not None:
            metrics = [row[0] for row in run(con, f"SELECT DISTINCT metric FROM facts WHERE {where}", params)]
            if metric not in metrics:
                raise OccupationNotFound(
                    f"--metric {metric!r}: unknown for occupation {name!r}; "
                    f"its metrics: {', '.join(sorted(metrics))}"
                )
            where += " AND metric = $metric"
            params["metric"] = metric
        current = _records(
            con, f"SELECT {', '.join(CURRENT_COLUMNS)} FROM facts WHERE {where} ORDER BY {_ORDER}", params
        )
        past = (
            _records(
                con,
                f"SELECT {', '.join(HISTORY_COLUMNS)} FROM facts_history WHERE {where} "
                f"ORDER BY {_ORDER}, valid_from_release",
                params,
            )
            if history
            else []
        )
    finally:
        con.close()
    return OccupationFigures(name, codes, titles, current, past)


def _records(con, sql: str, params: dict) -> list[dict]:
    cursor = con.execute(sql, params)
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
