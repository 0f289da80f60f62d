"""What the warehouse already holds for each URL: the latest document and the validators it came with.

A refresh reads this before fetching, to ask conditionally (`If-None-Match` / `If-Modified-Since`) and
to replay the raw archive. It opens the warehouse read-only and finds nothing in a warehouse that does not
exist yet, so a first refresh simply fetches everything.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from warehouse.connection import open_read_only, run


@dataclass(frozen=True, slots=True)
class StoredDocument:
    url: str
    sha256: str
    fetched_at: datetime
    http_status: int | None
    content_type: str | None
    etag: str | None
    last_modified: str | None
    origin: str = "fetched"  # or "manual": added by hand with `laborstats archive add`


def latest_documents(warehouse: str | os.PathLike) -> dict[str, StoredDocument]:
    """URL -> its most recently fetched document (ties broken by hash, so the answer is stable)."""
    path = Path(warehouse)
    if not path.exists():
        return {}
    con = open_read_only(path)
    try:
        columns = {
            name
            for (name,) in run(
                con, "SELECT column_name FROM information_schema.columns WHERE table_name = 'documents'"
            )
        }
        if not columns:
            return {}
        # A warehouse not yet migrated to fetch provenance has no validators: fetch unconditionally.
        validators = "etag, last_modified" if "etag" in columns else "NULL, NULL"
        origin = "origin" if "origin" in columns else "'fetched'"
        rows = run(
            con,
            f"""
            SELECT url, sha256, fetched_at, http_status, content_type, {validators}, {origin}
            FROM documents
            QUALIFY row_number() OVER (PARTITION BY url ORDER BY fetched_at DESC, sha256) = 1
            """,
        )
    finally:
        con.close()
    return {row[0]: StoredDocument(*row) for row in rows}


def confirmed_statements(
    warehouse: str | os.PathLike, statements: list[str]
) -> dict[str, tuple[str, str, str]]:
    """Statement -> (URL, sha256, extractor version) of the document that last confirmed it.

    A data file whose URL, bytes and parser equal these states nothing new: the refresh need not read its
    millions of facts at all. Empty for a warehouse that does not exist yet or predates statements.
    """
    path = Path(warehouse)
    if not path.exists() or not statements:
        return {}
    con = open_read_only(path)
    try:
        has_statement = run(
            con,
            "SELECT count(*) FROM information_schema.columns "
            "WHERE table_name = 'confirmations' AND column_name = 'statement'",
        )[0][0]
        if not has_statement:
            return {}
        rows = run(
            con,
            """
            SELECT statement, arg_max(url, release_id), arg_max(sha256, release_id),
                   arg_max(extractor_version, release_id)
            FROM confirmations
            WHERE statement IN (SELECT unnest(?::VARCHAR[]))
            GROUP BY statement
            """,
            [statements],
        )
    finally:
        con.close()
    return {statement: (url, sha, version) for statement, url, sha, version in rows}
