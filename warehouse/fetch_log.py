"""Storing the attempt log of a refresh in `fetch_log`: one row per HTTP attempt, failures included.

Written in its own short transaction after the release (or instead of it, when nothing could be loaded),
because a run that fetched nothing is exactly the run whose attempts need explaining.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

import pandas as pd

from warehouse.connection import open_for_write, run

if TYPE_CHECKING:
    import duckdb

COLUMNS = ["url", "source", "attempt", "started_at", "http_status", "error", "elapsed_ms", "conditional"]


class Attempt(Protocol):
    """One HTTP attempt as the fetch layer records it (`extractors.http.attempts.FetchAttempt`)."""

    url: str
    source: str
    attempt: int
    started_at: datetime
    http_status: int | None
    error: str | None
    elapsed_ms: float
    conditional: bool


def append_fetch_log(
    warehouse: str | os.PathLike, run_id: str, release_id: int | None, attempts: Sequence[Attempt]
) -> int:
    """Append `attempts` under `run_id` (and `release_id`, if the run wrote one); returns rows written."""
    if not attempts:
        return 0
    con = open_for_write(warehouse)
    try:
        return insert_fetch_log(con, run_id, release_id, attempts)
    finally:
        con.close()


def insert_fetch_log(
    con: duckdb.DuckDBPyConnection, run_id: str, release_id: int | None, attempts: Sequence[Attempt]
) -> int:
    """`append_fetch_log` on an open write connection, in a statement of its own (its own transaction):
    the loader's, just after the release's commit, so a refresh opens the warehouse for writing once."""
    if not attempts:
        return 0
    frame = pd.DataFrame([{name: getattr(a, name) for name in COLUMNS} for a in attempts], columns=COLUMNS)
    frame["http_status"] = frame["http_status"].astype("Int64")
    con.register("incoming_attempts", frame)
    try:
        run(
            con,
            """
            INSERT INTO fetch_log BY NAME
            SELECT $run_id AS run_id, CAST($release_id AS INTEGER) AS release_id, url, source,
                   CAST(attempt AS INTEGER) AS attempt, started_at,
                   CAST(http_status AS INTEGER) AS http_status, error, elapsed_ms, conditional
            FROM incoming_attempts
            """,
            {"run_id": run_id, "release_id": release_id},
        )
    finally:
        con.unregister("incoming_attempts")
    return len(frame)
