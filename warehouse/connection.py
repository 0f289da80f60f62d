"""Opening the warehouse: read-write with migrations applied, or read-only for queries.

DuckDB lets one process write a database file at a time (and no other process read it meanwhile).
Refreshes hold the write connection only while loading, so an opener that finds the file locked waits
and retries, up to a timeout, then names the process that holds it.
"""

from __future__ import annotations

import os
import re
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from warehouse.schema import MIGRATIONS, SCHEMA_VERSION

if TYPE_CHECKING:  # imported when a connection is made: `laborstats` checks options without it (0.3 s)
    import duckdb

DEFAULT_WAREHOUSE = "data/warehouse.duckdb"
WRITE_LOCK_TIMEOUT_S = float(os.environ.get("LABORSTATS_LOCK_TIMEOUT", "300"))
READ_LOCK_TIMEOUT_S = float(os.environ.get("LABORSTATS_READ_LOCK_TIMEOUT", "30"))
# DuckDB's cap for a loading connection; past it, large loads spill to disk instead of growing.
LOAD_MEMORY_LIMIT = os.environ.get("LABORSTATS_DUCKDB_MEMORY_LIMIT", "1GB")


class WarehouseError(RuntimeError):
    pass


class WarehouseBusyError(WarehouseError):
    """Another process held the warehouse for longer than we were willing to wait."""


def warehouse_path(explicit: str | os.PathLike | None = None) -> Path:
    """`--warehouse`, else `LABORSTATS_WAREHOUSE`, else `data/warehouse.duckdb`."""
    return Path(explicit or os.environ.get("LABORSTATS_WAREHOUSE") or DEFAULT_WAREHOUSE)


def run(con: duckdb.DuckDBPyConnection, sql: str, params=None) -> list[tuple]:
    """Execute and drain one statement; DuckDB 2 refuses new work while a result is unfinished."""
    return con.execute(sql, params).fetchall() if params is not None else con.execute(sql).fetchall()


# DuckDB replays its write-ahead log when a process died before a checkpoint. If that log holds a macro
# (every migration creates some), replaying binds functions such as `chr` that live in the built-in
# `core_functions` extension, and DuckDB 2 first tries to *download* that extension: offline, the warehouse
# then cannot be opened at all. Refusing automatic installs makes it load the built-in copy instead.
CONNECT_CONFIG = {"autoinstall_known_extensions": False}


def _connect(path: Path, read_only: bool, timeout_s: float) -> duckdb.DuckDBPyConnection:
    import duckdb

    deadline = time.monotonic() + timeout_s
    delay = 0.05
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only, config=CONNECT_CONFIG)
        except duckdb.IOException as exc:
            message = str(exc)
            if "lock" not in message.lower():
                raise WarehouseError(f"{path}: cannot open warehouse: {message}") from exc
            if time.monotonic() >= deadline:
                holder = re.search(r"PID (\d+)", message)
                who = f"process {holder.group(1)}" if holder else "another process"
                raise WarehouseBusyError(
                    f"{path}: warehouse is held by {who} (probably a refresh loading a release); "
                    f"gave up after {timeout_s:.0f} s"
                ) from exc
            time.sleep(delay)
            delay = min(delay * 2, 1.0)
        except duckdb.Error as exc:
            raise WarehouseError(f"{path}: cannot open warehouse: {exc}") from exc


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = run(con, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'")[
        0
    ][0]
    if not exists:
        return 0
    return int(run(con, "SELECT max(version) FROM schema_version")[0][0] or 0)


def open_for_write(path: str | os.PathLike, timeout_s: float | None = None) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) and migrate. Refuses a warehouse newer than this code."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = _connect(path, False, WRITE_LOCK_TIMEOUT_S if timeout_s is None else timeout_s)
    try:
        # Row order within a table carries no meaning here; not preserving it lets DuckDB stream large
        # inserts instead of buffering them, which bounds a load's memory.
        run(con, "SET preserve_insertion_order = false")
        run(con, "SET memory_limit = ?", [LOAD_MEMORY_LIMIT])
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


def open_read_only(path: str | os.PathLike, timeout_s: float | None = None) -> duckdb.DuckDBPyConnection:
    """A connection that cannot write. Waits briefly while a refresh is loading."""
    path = Path(path)
    if not path.exists():
        raise WarehouseError(f"{path}: no warehouse here; run `laborstats refresh` first")
    con = _connect(path, True, READ_LOCK_TIMEOUT_S if timeout_s is None else timeout_s)
    version = schema_version(con)
    if version != SCHEMA_VERSION:
        con.close()
        if version > SCHEMA_VERSION:
            raise WarehouseError(
                f"{path}: warehouse schema version {version} is newer than this laborstats "
                f"(knows up to {SCHEMA_VERSION}); upgrade laborstats"
            )
        # An older warehouse: migrate it once (briefly as a writer), then read.
        open_for_write(path).close()
        con = _connect(path, True, READ_LOCK_TIMEOUT_S if timeout_s is None else timeout_s)
    return con
