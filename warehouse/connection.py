"""Opening the warehouse: read-write with migrations applied, or read-only for queries."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from warehouse.schema import MIGRATIONS, SCHEMA_VERSION

DEFAULT_WAREHOUSE = "data/warehouse.duckdb"


class WarehouseError(RuntimeError):
    pass


def warehouse_path(explicit: str | os.PathLike | None = None) -> Path:
    """`--warehouse`, else `LABORSTATS_WAREHOUSE`, else `data/warehouse.duckdb`."""
    return Path(explicit or os.environ.get("LABORSTATS_WAREHOUSE") or DEFAULT_WAREHOUSE)


def run(con: duckdb.DuckDBPyConnection, sql: str, params=None) -> list[tuple]:
    """Execute and drain one statement; DuckDB 2 refuses new work while a result is unfinished."""
    return con.execute(sql, params).fetchall() if params is not None else con.execute(sql).fetchall()


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = run(con, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'")[
        0
    ][0]
    if not exists:
        return 0
    return int(run(con, "SELECT max(version) FROM schema_version")[0][0] or 0)


def open_for_write(path: str | os.PathLike) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) and migrate. Refuses a warehouse newer than this code."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path))
    except duckdb.Error as exc:
        raise WarehouseError(f"{path}: cannot open warehouse for writing: {exc}") from exc
    try:
        migrate(con, path)
    except BaseException:
        con.close()
        raise
    return con


def migrate(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    current = schema_version(con)
    if current > SCHEMA_VERSION:
        raise WarehouseError(
            f"{path}: warehouse schema version {current} is newer than this laborstats "
            f"(knows up to {SCHEMA_VERSION}); upgrade laborstats"
        )
    for version in range(current + 1, SCHEMA_VERSION + 1):
        run(con, "BEGIN TRANSACTION")
        try:
            for statement in _statements(MIGRATIONS[version - 1]):
                run(con, statement)
            run(con, "INSERT INTO schema_version VALUES (?, ?)", [version, datetime.now(UTC)])
            run(con, "COMMIT")
        except BaseException:
            run(con, "ROLLBACK")
            raise


def _statements(script: str) -> list[str]:
    """Split a migration script on the semicolons that end its statements (none occur in strings)."""
    return [part.strip() for part in script.split(";\n") if part.strip()]


def open_read_only(path: str | os.PathLike) -> duckdb.DuckDBPyConnection:
    path = Path(path)
    if not path.exists():
        raise WarehouseError(f"{path}: no warehouse here; run `laborstats refresh` first")
    try:
        return duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise WarehouseError(f"{path}: cannot open warehouse read-only: {exc}") from exc
