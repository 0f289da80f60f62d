"""What a release changed, shaped for a run's artifacts (the Prefect UI) rather than for SQL users."""

from __future__ import annotations

import os

from warehouse.connection import open_read_only, run

MAX_CHANGE_ROWS = 500


def release_changes(warehouse: str | os.PathLike, release_id: int) -> list[dict]:
    """Rows of `release_diff(release_id - 1, release_id)`, at most MAX_CHANGE_ROWS of them."""
    con = open_read_only(warehouse)
    try:
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
