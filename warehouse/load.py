"""Loading one release: new versions of changed facts, closing of removed ones, all in one transaction.

Removal is scoped to documents that were fetched and parsed in this refresh: a fact disappears only when
the document that stated it was read again and no longer states it. Facts of a source that failed are
left open, so a failing source keeps its last good figures.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime

import pandas as pd

from warehouse.connection import open_for_write, run

# A fact's identity (CONTRACT.md): the title stands in for a missing SOC code, '' for no industry.
_SERIES_PARTS = "source, metric, coalesce(soc_code, occupation), area, coalesce(industry, '')"
FACT_KEY_SQL = f"md5(concat_ws(chr(31), {_SERIES_PARTS}, period))"
SERIES_KEY_SQL = f"md5(concat_ws(chr(31), {_SERIES_PARTS}))"

STAGED_COLUMNS = [
    "document",
    "source",
    "metric",
    "soc_code",
    "occupation",
    "area",
    "industry",
    "period",
    "value_num",
    "value_text",
    "unit",
    "qualifier",
    "source_url",
    "document_sha256",
    "extractor_version",
]


@dataclass(frozen=True, slots=True)
class DocumentRecord:
    url: str
    sha256: str
    fetched_at: datetime
    http_status: int | None
    content_type: str | None
    bytes: int
    source: str
    published: str | None = None
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class SourceFailure:
    source: str
    url: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class ReleaseSummary:
    release_id: int
    status: str
    facts_added: int
    facts_changed: int
    facts_removed: int
    facts_rolled: int
    sources_ok: list[str]
    sources_failed: list[str]


def load_release(
    warehouse: str | os.PathLike,
    facts: pd.DataFrame,
    documents: Sequence[DocumentRecord],
    parsed_urls: Sequence[str],
    sources_ok: Sequence[str],
    failures: Sequence[SourceFailure],
) -> ReleaseSummary:
    """Write one release. `facts` is the warehouse frame of everything parsed from `parsed_urls`."""
    con = open_for_write(warehouse)
    try:
        run(con, "BEGIN TRANSACTION")
        try:
            summary = _load(con, facts, documents, parsed_urls, sources_ok, failures)
            run(con, "COMMIT")
        except BaseException:
            run(con, "ROLLBACK")
            raise
        return summary
    finally:
        con.close()


def _load(con, facts, documents, parsed_urls, sources_ok, failures) -> ReleaseSummary:
    release_id = run(con, "SELECT coalesce(max(release_id), 0) + 1 FROM releases")[0][0]

    docs = pd.DataFrame([asdict(d) for d in documents], columns=[f.name for f in fields(DocumentRecord)])
    con.register("incoming_documents", docs)
    run(
        con,
        """
        INSERT INTO documents BY NAME
        SELECT DISTINCT ON (url, sha256) url, sha256, fetched_at, http_status, content_type,
               bytes, source, published, etag, last_modified
        FROM incoming_documents d
        WHERE NOT EXISTS (SELECT 1 FROM documents x WHERE x.url = d.url AND x.sha256 = d.sha256)
        """,
    )
    con.unregister("incoming_documents")

    staged = facts.reindex(columns=STAGED_COLUMNS)
    con.register("incoming_frame", staged)
    run(
        con,
        f"""
        CREATE OR REPLACE TEMP TABLE incoming AS
        SELECT {FACT_KEY_SQL} AS fact_key, {SERIES_KEY_SQL} AS series_key,
               CAST(document AS VARCHAR) AS document, CAST(source AS VARCHAR) AS source,
               CAST(metric AS VARCHAR) AS metric, CAST(soc_code AS VARCHAR) AS soc_code,
               CAST(occupation AS VARCHAR) AS occupation, CAST(area AS VARCHAR) AS area,
               CAST(industry AS VARCHAR) AS industry, CAST(period AS VARCHAR) AS period,
               CAST(value_num AS DOUBLE) AS value_num, CAST(value_text AS VARCHAR) AS value_text,
               CAST(unit AS VARCHAR) AS unit, CAST(qualifier AS VARCHAR) AS qualifier,
               CAST(source_url AS VARCHAR) AS source_url,
               CAST(document_sha256 AS VARCHAR) AS document_sha256,
               CAST(extractor_version AS VARCHAR) AS extractor_version
        FROM incoming_frame
        """,
    )
    con.unregister("incoming_frame")
    run(
        con,
        "CREATE OR REPLACE TEMP TABLE parsed_urls AS SELECT unnest(?::VARCHAR[]) AS url",
        [list(parsed_urls)],
    )
    # Versions that end now: a new value for the same identity, or a fact its re-read document dropped.
    run(
        con,
        """
        UPDATE facts_history h SET valid_to_release = $release
        WHERE h.valid_to_release IS NULL AND (
            EXISTS (
                SELECT 1 FROM incoming i WHERE i.fact_key = h.fact_key AND (
                    i.value_num IS DISTINCT FROM h.value_num
                    OR i.value_text IS DISTINCT FROM h.value_text
                    OR i.unit IS DISTINCT FROM h.unit
                    OR i.qualifier IS DISTINCT FROM h.qualifier)
            )
            OR (
                h.source_url IN (SELECT url FROM parsed_urls)
                AND h.fact_key NOT IN (SELECT fact_key FROM incoming)
            )
        )
        """,
        {"release": release_id},
    )
    run(
        con,
        """
        INSERT INTO facts_history
        SELECT i.*, $release AS valid_from_release, NULL AS valid_to_release
        FROM incoming i
        WHERE NOT EXISTS (
            SELECT 1 FROM facts_history h
            WHERE h.fact_key = i.fact_key AND h.valid_to_release IS NULL
        )
        """,
        {"release": release_id},
    )
    counts = dict(
        run(
            con,
            "SELECT change, count(*) FROM release_diff($prev, $release) GROUP BY change",
            {"prev": release_id - 1, "release": release_id},
        )
    )
    failed_sources = sorted({f.source for f in failures})
    status = "partial" if failed_sources else "complete"
    summary = ReleaseSummary(
        release_id=release_id,
        status=status,
        facts_added=counts.get("added", 0),
        facts_changed=counts.get("changed", 0),
        facts_removed=counts.get("removed", 0),
        facts_rolled=counts.get("rolled", 0),
        sources_ok=sorted(set(sources_ok)),
        sources_failed=failed_sources,
    )
    run(
        con,
        "INSERT INTO releases VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            summary.release_id,
            datetime.now(UTC),
            summary.status,
            summary.facts_added,
            summary.facts_changed,
            summary.facts_removed,
            summary.facts_rolled,
            summary.sources_ok,
            summary.sources_failed,
        ],
    )
    for failure in failures:
        run(
            con,
            "INSERT INTO source_failures VALUES (?, ?, ?, ?)",
            [release_id, failure.source, failure.url, failure.reason],
        )
    return summary
