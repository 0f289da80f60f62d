"""What a release changed, shaped for a run's artifacts (the Prefect UI) rather than for SQL users."""

from __future__ import annotations

from typing import TYPE_CHECKING

from warehouse.connection import run

if TYPE_CHECKING:
    import duckdb

MAX_CHANGE_ROWS = 500


def changes_in(con: duckdb.DuckDBPyConnection, release_id: int) -> list[dict]:
    """Rows of `release_diff(release_id - 1, release_id)`, at most MAX_CHANGE_ROWS of them, read on the
    loader's connection right after the release's commit (`load_release(with_changes=True)`).

    The diff of a release that loaded a whole data file (five million facts) pairs every arrived fact with
    its series before the limit applies; under DuckDB's default memory limit (most of the machine) that
    took 2 GB more than the load itself. The loader's connection is capped (`LOAD_MEMORY_LIMIT`), so
    DuckDB spills instead.
    """
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
    return [dict(zip(columns, row, strict=True)) for row in rows]
