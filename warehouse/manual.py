"""Recording a document a person added by hand (`laborstats archive add`) in the `documents` table.

Some sites turn scripts away whatever they do (ZipRecruiter answers with a challenge page). A person can
save such a page from a browser and add it; it then sits in the raw archive and in `documents` like a
fetched page, with `origin = 'manual'` so that provenance says a person supplied it, and `fetched_at` the
moment it was added. A refresh whose live fetch of that URL is blocked parses this copy instead
(`extractors.documents`), and `--replay-archive` replays it like any other document.
"""

from __future__ import annotations

import os
from datetime import datetime

from warehouse.connection import open_for_write, run


def add_manual_document(
    warehouse: str | os.PathLike,
    *,
    url: str,
    sha256: str,
    added_at: datetime,
    content_type: str | None,
    size: int,
    source: str,
    published: str | None,
) -> bool:
    """Insert the row; False when the same bytes are already recorded for the URL (nothing to add)."""
    con = open_for_write(warehouse)
    try:
        known = run(con, "SELECT origin FROM documents WHERE url = ? AND sha256 = ?", [url, sha256])
        if known:
            return False
        run(
            con,
            """
            INSERT INTO documents (url, sha256, fetched_at, http_status, content_type, bytes, source,
                                   published, etag, last_modified, origin)
            VALUES (?, ?, ?, NULL, ?, ?, ?, ?, NULL, NULL, 'manual')
            """,
            [url, sha256, added_at, content_type, size, source, published],
        )
        return True
    finally:
        con.close()
