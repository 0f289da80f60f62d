"""What a release changed, shaped for a run's artifacts (the Prefect UI) rather than for SQL users."""

from __future__ import annotations

import os

from warehouse.connection import LOAD_MEMORY_LIMIT, open_read_only, run

MAX_CHANGE_ROWS = 500


def release_changes(warehouse: str | os.PathLike, release_id: int) -> list[dict]:
    """Rows of `release_diff(release_id - 1, release_id)`, at most MAX_CHANGE_ROWS of them.

    The diff of a release that loaded a whole data file (five million facts) pairs every arrived fact with
    its series before the limit applies; under DuckDB's default memory limit (most of the machine) that
    took 2 GB more than the load itself. Capped like a load, DuckDB spills instead.
    """
    con = open_read_only(warehouse)
    try:
        run(con, "SET memory_limit = ?", [LOAD_MEMORY_LIMIT])
        columns = [
            "change", "source", "metric", "soc_code", "occupation", "area", "industry", "unit",
            "old_value", "new_value", "old_period", "new_period",
        ]  # fmt: skip
        rows = run(
            con,
            f"""
            SELECT {", ".join(columns)} FROM release_diff($a, $b)
            ORDER BY change, source, metric, coalesce(soc_code, occupation), area, industry NULLS FIRST
            LIMIT {MAX_CHANGE_ROWS}
            """,
            {"a": release_id - 1, "b": release_id},
        )
    finally:
        con.close()
    return [dict(zip(columns, row, strict=True)) for row in rows]
