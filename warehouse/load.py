"""Loading one release: new versions of changed facts, closing of removed ones, all in one transaction.

Rules that keep stored facts from being lost:
- Removal is scoped to documents fetched and parsed in this refresh: a fact disappears only when the
  document that stated it was read again and no longer states it. Facts of a source that failed stay.
- A document that yields far fewer facts than its current version did is treated as a parser failure
  (a layout change must never look like BLS deleting data): its last good facts stay, the release flags it.
- A document whose bytes and extractor equal its URL's latest confirmation is skipped: it cannot say
  anything new, and skipping it keeps a no-change refresh cheap whatever the warehouse size.
- Every document compared (not skipped, not rejected) is recorded in `confirmations`: the facts of its URL
  that stay open are stated by it, so `facts` names it as their latest document even when no figure
  changed (a page whose bytes changed but whose figures did not gets no history row, only this one).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime

import pandas as pd

from warehouse.connection import open_for_write, run
from warehouse.schema import FACT_KEY_SQL, SERIES_KEY_SQL

# A re-read document stating fewer than this share of its current facts is suspected of a layout change.
MIN_FACT_SHARE = 0.5

STAGED_COLUMNS = {
    "document": "VARCHAR",
    "source": "VARCHAR",
    "metric": "VARCHAR",
    "soc_code": "VARCHAR",
    "occupation": "VARCHAR",
    "area": "VARCHAR",
    "industry": "VARCHAR",
    "period": "VARCHAR",
    "value_num": "DOUBLE",
    "value_text": "VARCHAR",
    "unit": "VARCHAR",
    "qualifier": "VARCHAR",
    "source_url": "VARCHAR",
    "document_sha256": "VARCHAR",
    "extractor_version": "VARCHAR",
}


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
    # Documents the loader itself refused (suspected parser failures), beyond the failures passed in.
    rejected: list[SourceFailure] = field(default_factory=list)


def load_release(
    warehouse: str | os.PathLike,
    facts: pd.DataFrame,
    documents: Sequence[DocumentRecord],
    parsed_urls: Sequence[str],
    sources_ok: Sequence[str],
    failures: Sequence[SourceFailure],
) -> ReleaseSummary:
    """Write one release. `facts` is the warehouse frame of everything parsed from `parsed_urls`.

    The write connection is held only for this call, so queries and other refreshes wait only this long.
    """
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
    _insert_documents(con, documents)

    per_document = (
        facts.groupby("source_url", observed=True, sort=False)
        .agg(
            sha256=("document_sha256", "first"),
            extractor_version=("extractor_version", "first"),
            count=("metric", "size"),
        )
        .reset_index()
        .astype({"source_url": "object", "sha256": "object", "extractor_version": "object"})
    )
    incoming_counts = dict.fromkeys(parsed_urls, 0)
    incoming_counts.update(zip(per_document["source_url"], per_document["count"], strict=True))
    con.register("parsed_frame", per_document)
    current = run(
        con,
        """
        WITH wanted AS (SELECT unnest(?::VARCHAR[]) AS url),
        open_facts AS (
            SELECT source_url, count(*) AS current_facts
            FROM facts_history
            WHERE valid_to_release IS NULL AND source_url IN (SELECT url FROM wanted)
            GROUP BY source_url
        ),
        confirmed AS (
            SELECT url AS source_url, arg_max(sha256, release_id) AS sha256,
                   arg_max(extractor_version, release_id) AS extractor_version
            FROM confirmations
            WHERE url IN (SELECT url FROM wanted)
            GROUP BY url
        )
        SELECT o.source_url, o.current_facts,
               coalesce(c.sha256 = p.sha256 AND c.extractor_version = p.extractor_version, false)
        FROM open_facts o
        LEFT JOIN confirmed c USING (source_url)
        LEFT JOIN parsed_frame p USING (source_url)
        """,
        [list(incoming_counts)],
    )

    unchanged: set[str] = set()
    rejected: list[SourceFailure] = []
    for url, current_facts, same in current:
        if same and incoming_counts[url] == current_facts:
            unchanged.add(url)
        elif incoming_counts[url] < MIN_FACT_SHARE * current_facts:
            rejected.append(
                SourceFailure(
                    _source_of_document(documents, url),
                    url,
                    f"parsed {incoming_counts[url]} facts where the current version has "
                    f"{current_facts}: suspected layout change or parser failure; last good facts kept",
                )
            )
    skip = unchanged | {r.url for r in rejected}
    loading = facts[~facts["source_url"].isin(skip)] if skip else facts
    rescan = [url for url in incoming_counts if url not in skip]

    if len(loading) or rescan:  # a refresh whose documents are all unchanged has nothing to stage
        _apply(con, loading, rescan, release_id)
    _confirm(con, release_id, skip)
    con.unregister("parsed_frame")
    counts = _change_counts(con, release_id)
    all_failures = [*failures, *rejected]
    failed_sources = sorted({f.source for f in all_failures})
    if failed_sources:
        status = "partial"
    elif any(counts.values()):
        status = "complete"
    else:
        status = "unchanged"
    summary = ReleaseSummary(
        release_id=release_id,
        status=status,
        facts_added=counts.get("added", 0),
        facts_changed=counts.get("changed", 0),
        facts_removed=counts.get("removed", 0),
        facts_rolled=counts.get("rolled", 0),
        sources_ok=sorted(set(sources_ok) - set(failed_sources)),
        sources_failed=failed_sources,
        rejected=rejected,
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
    for failure in all_failures:
        run(
            con,
            "INSERT INTO source_failures VALUES (?, ?, ?, ?)",
            [release_id, failure.source, failure.url, failure.reason],
        )
    return summary


def _apply(con, loading: pd.DataFrame, rescan: list[str], release_id: int) -> None:
    """Close the versions that end in this release and open the ones that begin."""
    _stage(con, loading, rescan)
    # Versions that end now: a new value for the same identity, or a fact its re-read document dropped.
    run(
        con,
        """
        UPDATE facts_history h SET valid_to_release = $release
        FROM (
            SELECT h.rowid AS row_id
            FROM facts_history h JOIN incoming i USING (fact_key)
            WHERE h.valid_to_release IS NULL AND (
                i.value_num IS DISTINCT FROM h.value_num
                OR i.value_text IS DISTINCT FROM h.value_text
                OR i.unit IS DISTINCT FROM h.unit
                OR i.qualifier IS DISTINCT FROM h.qualifier)
            UNION
            SELECT h.rowid
            FROM facts_history h SEMI JOIN rescanned_urls r ON h.source_url = r.url
            WHERE h.valid_to_release IS NULL
              AND NOT EXISTS (SELECT 1 FROM incoming i WHERE i.fact_key = h.fact_key)
        ) ending
        WHERE h.rowid = ending.row_id
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
    run(con, "DROP TABLE incoming")
    run(con, "DROP TABLE rescanned_urls")


def _confirm(con, release_id: int, skipped: set[str]) -> None:
    """Record the documents compared in this release (those in `parsed_frame`, which states facts, less
    the skipped): each now states every open fact of its URL."""
    run(
        con,
        """
        INSERT INTO confirmations
        SELECT $release, source_url, sha256, extractor_version
        FROM parsed_frame
        WHERE source_url NOT IN (SELECT unnest($skipped::VARCHAR[]))
        """,
        {"release": release_id, "skipped": sorted(skipped)},
    )


def _change_counts(con, release_id: int) -> dict[str, int]:
    """The counts of `release_diff(release_id - 1, release_id)`, from the rows this release touched.

    Within each series, a fact gone and a fact arrived pair up as one roll; what is left over is added or
    removed. Counting per series avoids ranking every new row, which matters for a first load.
    """
    changed, rolled, added, removed = run(
        con,
        """
        WITH gone AS (SELECT fact_key, series_key FROM facts_history WHERE valid_to_release = $r),
        arrived AS (SELECT fact_key, series_key FROM facts_history WHERE valid_from_release = $r),
        gone_only AS (
            SELECT series_key, count(*) AS n FROM gone ANTI JOIN arrived USING (fact_key) GROUP BY 1
        ),
        arrived_only AS (
            SELECT series_key, count(*) AS n FROM arrived ANTI JOIN gone USING (fact_key) GROUP BY 1
        ),
        per_series AS (
            SELECT coalesce(g.n, 0) AS g, coalesce(a.n, 0) AS a
            FROM gone_only g FULL JOIN arrived_only a USING (series_key)
        )
        SELECT (SELECT count(*) FROM gone JOIN arrived USING (fact_key)),
               coalesce(sum(least(g, a)), 0),
               coalesce(sum(a - least(g, a)), 0),
               coalesce(sum(g - least(g, a)), 0)
        FROM per_series
        """,
        {"r": release_id},
    )[0]
    return {"changed": changed, "rolled": rolled, "added": added, "removed": removed}


def _insert_documents(con, documents: Sequence[DocumentRecord]) -> None:
    names = [f.name for f in fields(DocumentRecord)]
    # Plain tuples: dataclasses.asdict deep-copies every field, which dominates a no-change refresh.
    docs = pd.DataFrame([tuple(getattr(d, n) for n in names) for d in documents], columns=names)
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


def _stage(con, facts: pd.DataFrame, rescan: list[str]) -> None:
    """Temp tables `incoming` (facts with their keys, typed as stored) and `rescanned_urls`."""
    staged = facts.reindex(columns=list(STAGED_COLUMNS))
    casts = ", ".join(f"CAST({name} AS {kind}) AS {name}" for name, kind in STAGED_COLUMNS.items())
    con.register("incoming_frame", staged)
    run(
        con,
        f"""
        CREATE OR REPLACE TEMP TABLE incoming AS
        SELECT {FACT_KEY_SQL} AS fact_key, {SERIES_KEY_SQL} AS series_key, *
        FROM (SELECT {casts} FROM incoming_frame)
        """,
    )
    con.unregister("incoming_frame")
    run(
        con,
        "CREATE OR REPLACE TEMP TABLE rescanned_urls AS SELECT unnest(?::VARCHAR[]) AS url",
        [rescan],
    )


def _source_of_document(documents: Sequence[DocumentRecord], url: str) -> str:
    return next((d.source for d in documents if d.url == url), "unknown")
