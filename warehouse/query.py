"""Read-only access for users: ad-hoc SQL and the release log."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import duckdb

if TYPE_CHECKING:  # duckdb builds the frames; `parse` imports this module and needs no pandas
    import pandas as pd

from warehouse.connection import WarehouseError, open_read_only


class QueryError(RuntimeError):
    pass


def run_query(warehouse: str | os.PathLike, sql: str) -> pd.DataFrame:
    """Run `sql` on a read-only connection; a write is refused with a message saying so."""
    con = open_read_only(warehouse)
    try:
        return con.execute(sql).df()
    except duckdb.Error as exc:
        message = str(exc)
        if "read-only" in message.lower():
            raise QueryError(f"{warehouse}: `query` is read-only; writes are refused ({message})") from exc
        raise QueryError(f"{warehouse}: query failed: {message}") from exc
    finally:
        con.close()


def releases(warehouse: str | os.PathLike) -> pd.DataFrame:
    return run_query(warehouse, "SELECT * FROM releases ORDER BY release_id")


__all__ = ["QueryError", "WarehouseError", "releases", "run_query"]
