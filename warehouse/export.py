"""`laborstats export DIR`: the warehouse's tables as Parquet, for tools that do not speak DuckDB."""

from __future__ import annotations

import os
from pathlib import Path

from warehouse.connection import open_read_only, run

EXPORTED = ("facts", "facts_history", "releases", "documents")


def export_parquet(warehouse: str | os.PathLike, folder: str | os.PathLike) -> dict[str, int]:
    """Write `<folder>/<table>.parquet` for each exported table; returns rows written per table."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    con = open_read_only(warehouse)
    written: dict[str, int] = {}
    try:
        for table in EXPORTED:
            target = folder / f"{table}.parquet"
            tmp = folder / f".{table}.parquet.tmp"
            run(con, f"COPY (SELECT * FROM {table}) TO '{_quote(tmp)}' (FORMAT parquet)")
            os.replace(tmp, target)
            written[table] = run(con, f"SELECT count(*) FROM {table}")[0][0]
    finally:
        con.close()
    return written


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")
