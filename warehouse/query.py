"""Read-only access for users: ad-hoc SQL and the release log."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # duckdb is imported when a query runs; the frames need pandas, `parse` does not
    import duckdb
    import pandas as pd

from warehouse.connection import WarehouseError, open_read_only


class QueryError(RuntimeError):
    pass


@dataclass(frozen=True)
class QueryResult:
    """Rows as DuckDB's Python values (a DATE is a `date`, a DECIMAL a `Decimal`), with column names."""

    columns: list[str]
    rows: list[tuple]

    def records(self) -> list[dict]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def query_rows(warehouse: str | os.PathLike, sql: str) -> QueryResult:
    """Run one SQL statement on a read-only connection.

    Read-only covers the warehouse: any statement that would change it is refused. Statements that
    write only outside it are DuckDB's to allow, and it allows `COPY (SELECT ..) TO 'file'`: that writes
    the named file, as `laborstats export` does. Several statements are refused rather than showing
    only the last one's result.
    """
    import duckdb

    con = open_read_only(warehouse)
    try:
        statements = _statements(con, sql)
        cursor = con.execute(statements[0])
        columns = [d[0] for d in cursor.description] if cursor.description else []
        return QueryResult(columns, cursor.fetchall() if columns else [])
    except duckdb.Error as exc:
        raise _query_error(warehouse, exc) from exc
    finally:
        con.close()


def run_query(warehouse: str | os.PathLike, sql: str) -> pd.DataFrame:
    """`query_rows` as a DataFrame (one statement, read-only)."""
    import duckdb

    con = open_read_only(warehouse)
    try:
        return con.execute(_statements(con, sql)[0]).df()
    except duckdb.Error as exc:
        raise _query_error(warehouse, exc) from exc
    finally:
        con.close()


def _statements(con: duckdb.DuckDBPyConnection, sql: str) -> list[str]:
    import duckdb

    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryError(f"query failed: {exc}") from exc
    if not statements:
        raise QueryError("no SQL given: pass one statement, e.g. `laborstats query 'select * from releases'`")
    if len(statements) > 1:
        raise QueryError(
            f"{len(statements)} statements given; `query` runs one statement at a time (run each separately)"
        )
    return [sql]


def _query_error(warehouse: str | os.PathLike, exc: duckdb.Error) -> QueryError:
    """One line: DuckDB's first line says what failed; the hints that follow it are for its own API."""
    message = next((line.strip() for line in str(exc).splitlines() if line.strip()), type(exc).__name__)
    if "read-only" in message.lower():
        return QueryError(
            f"{warehouse}: `query` is read-only; writes to the warehouse are refused ({message})"
        )
    return QueryError(f"{warehouse}: query failed: {message}")


def releases(warehouse: str | os.PathLike) -> pd.DataFrame:
    return run_query(warehouse, "SELECT * FROM releases ORDER BY release_id")


__all__ = ["QueryError", "QueryResult", "WarehouseError", "query_rows", "releases", "run_query"]
