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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime

import numpy as np
import pandas as pd
import pyarrow as pa

from warehouse.connection import open_for_write, run
from warehouse.fetch_log import Attempt, insert_fetch_log
from warehouse.report import changes_in
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
    # What the release changed (`warehouse.report.changes_in`), when the caller asked for it.
    changes: list[dict] | None = None


def load_release(
    warehouse: str | os.PathLike,
    facts: pd.DataFrame | Sequence[pd.DataFrame],
    documents: Sequence[DocumentRecord],
    parsed_urls: Sequence[str],
    sources_ok: Sequence[str],
    failures: Sequence[SourceFailure],
    statements: Mapping[str, str] | None = None,
    *,
    fetch_log: tuple[str, Sequence[Attempt]] | None = None,
    with_changes: bool = False,
) -> ReleaseSummary:
    """Write one release. `facts` is the warehouse frame of everything parsed from `parsed_urls`, or
    several such frames (a data file's millions of facts stay in their own frame: never copied into one).

    `statements` maps a document URL to the statement it is a version of (see `Source.statement_key`);
    a URL missing from it is its own statement. A document supersedes the open facts of its statement:
    those it no longer states end, and its fact count is compared with theirs.

    The write connection is held only for this call, so queries and other refreshes wait only this long.

    After the commit, on the same connection (a refresh then opens the warehouse for writing once, not a
    connection each): `fetch_log` (run id, HTTP attempts) is appended under the
    new release in a statement of its own, and `with_changes` reads what the release changed into
    `ReleaseSummary.changes`.
    """
    frames = [facts] if isinstance(facts, pd.DataFrame) else list(facts)
    statement_of = {url: (statements or {}).get(url, url) for url in parsed_urls}
    con = open_for_write(warehouse)
    try:
        run(con, "BEGIN TRANSACTION")
        try:
            summary = _load(con, frames, documents, statement_of, sources_ok, failures)
            run(con, "COMMIT")
        except BaseException:
            run(con, "ROLLBACK")
            raise
        if fetch_log is not None:
            run_id, attempts = fetch_log
            insert_fetch_log(con, run_id, summary.release_id, attempts)
        if with_changes:
            summary = replace(summary, changes=changes_in(con, summary.release_id))
        return summary
    finally:
        con.close()


def _per_document(frames: list[pd.DataFrame], statement_of: Mapping[str, str]) -> pd.DataFrame:
    """One row per document stating facts: URL, statement, bytes' hash, extractor, fact count."""
    parts = [
        frame.groupby("source_url", observed=True, sort=False)
        .agg(
            sha256=("document_sha256", "first"),
            extractor_version=("extractor_version", "first"),
            count=("metric", "size"),
        )
        .reset_index()
        .astype({"source_url": "object", "sha256": "object", "extractor_version": "object"})
        for frame in frames
        if len(frame)
    ]
    columns = ["source_url", "sha256", "extractor_version", "count"]
    per_document = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    per_document = per_document.groupby("source_url", sort=False, as_index=False).agg(
        sha256=("sha256", "first"), extractor_version=("extractor_version", "first"), count=("count", "sum")
    )
    per_document["statement"] = [statement_of.get(url, url) for url in per_document["source_url"]]
    return per_document.astype({"statement": "object", "source_url": "object"})


def _load(con, frames, documents, statement_of, sources_ok, failures) -> ReleaseSummary:
    release_id = run(con, "SELECT coalesce(max(release_id), 0) + 1 FROM releases")[0][0]
    _insert_documents(con, documents)

    per_document = _per_document(frames, statement_of)
    shared = per_document["statement"].duplicated(keep=False)
    if shared.any():
        raise ValueError(
            "two documents of one statement in one refresh: "
            + ", ".join(sorted(per_document.loc[shared, "source_url"]))
        )
    incoming_counts = dict.fromkeys(statement_of.values(), 0)
    incoming_counts.update(zip(per_document["statement"], per_document["count"], strict=True))
    url_of = {statement: url for url, statement in statement_of.items()}
    con.register("parsed_frame", per_document)
    current = run(
        con,
        """
        WITH wanted AS (SELECT unnest(?::VARCHAR[]) AS statement),
        open_facts AS (
            SELECT statement, count(*) AS current_facts
            FROM facts_history
            WHERE valid_to_release IS NULL AND statement IN (SELECT statement FROM wanted)
            GROUP BY statement
        ),
        confirmed AS (
            SELECT statement, arg_max(url, release_id) AS url, arg_max(sha256, release_id) AS sha256,
                   arg_max(extractor_version, release_id) AS extractor_version
            FROM confirmations
            WHERE statement IN (SELECT statement FROM wanted)
            GROUP BY statement
        )
        SELECT o.statement, o.current_facts,
               coalesce(c.url = p.source_url AND c.sha256 = p.sha256
                        AND c.extractor_version = p.extractor_version, false)
        FROM open_facts o
        LEFT JOIN confirmed c USING (statement)
        LEFT JOIN parsed_frame p USING (statement)
        """,
        [list(incoming_counts)],
    )

    unchanged: set[str] = set()  # statements
    rejected: list[SourceFailure] = []
    for statement, current_facts, same in current:
        if same and incoming_counts[statement] == current_facts:
            unchanged.add(statement)
        elif incoming_counts[statement] < MIN_FACT_SHARE * current_facts:
            url = url_of[statement]
            rejected.append(
                SourceFailure(
                    _source_of_document(documents, url),
                    url,
                    f"parsed {incoming_counts[statement]} facts where the current version"
                    + ("" if statement == url else f" of {statement}")
                    + f" has {current_facts}: suspected layout change or parser failure;"
                    " last good facts kept",
                )
            )
    skip = unchanged | {statement_of[r.url] for r in rejected}
    skipped_urls = {url for url, statement in statement_of.items() if statement in skip}
    loading = [_without(frame, skipped_urls) for frame in frames]
    loading = [frame for frame in loading if len(frame)]
    rescan = [statement for statement in incoming_counts if statement not in skip]

    if loading or rescan:  # a refresh whose documents are all unchanged has nothing to stage
        _apply(con, loading, rescan, release_id, statement_of)
    _confirm(con, release_id, skipped_urls)
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


def _without(frame: pd.DataFrame, urls: set[str]) -> pd.DataFrame:
    """`frame` less the facts of the documents `urls` (a one-document frame is kept or dropped whole)."""
    if not urls or not len(frame):
        return frame
    column = frame["source_url"]
    documents = column.cat.categories if isinstance(column.dtype, pd.CategoricalDtype) else None
    if documents is not None and len(documents) == 1:
        return frame.iloc[0:0] if documents[0] in urls else frame
    return frame[~column.isin(urls)]


def _apply(
    con, loading: list[pd.DataFrame], rescan: list[str], release_id: int, statement_of: Mapping[str, str]
) -> None:
    """Close the versions that end in this release and open the ones that begin."""
    if not _touches_open_facts(con, loading, rescan):
        _insert_first_versions(con, loading, release_id, statement_of)
        return
    _stage(con, loading, rescan, statement_of)
    # Versions that end now: a new value for the same identity, or a fact its statement's newly read
    # document (the same URL re-read, or the next year's file) no longer states.
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
            FROM facts_history h SEMI JOIN rescanned_statements r ON h.statement = r.statement
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
        INSERT INTO facts_history BY NAME
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
    run(con, "DROP TABLE rescanned_statements")


def _confirm(con, release_id: int, skipped: set[str]) -> None:
    """Record the documents compared in this release (those in `parsed_frame`, which states facts, less
    the skipped): each now states every open fact of its URL."""
    run(
        con,
        """
        INSERT INTO confirmations BY NAME
        SELECT $release AS release_id, source_url AS url, sha256, extractor_version, statement
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
    gone, arrived = run(
        con,
        """
        SELECT count(*) FILTER (WHERE valid_to_release = $r), count(*) FILTER (WHERE valid_from_release = $r)
        FROM facts_history
        """,
        {"r": release_id},
    )[0]
    if not gone:  # nothing ended: every arrival is an addition (grouping millions of them would say so)
        return {"changed": 0, "rolled": 0, "added": arrived, "removed": 0}
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


def _touches_open_facts(con, frames: list[pd.DataFrame], rescan: list[str]) -> bool:
    """Whether the open facts could meet this release's: some open fact is of a source the frames state
    (a fact's key includes its source, so no other open fact can share an incoming key) or of a
    statement read again. When none is, nothing ends and every incoming fact is a first version."""
    sources = sorted({str(source) for frame in frames for source in _distinct(frame["source"])})
    return bool(
        run(
            con,
            """
            SELECT EXISTS (
                SELECT 1 FROM facts_history
                WHERE valid_to_release IS NULL
                  AND (source IN (SELECT unnest(?::VARCHAR[])) OR statement IN (SELECT unnest(?::VARCHAR[])))
            )
            """,
            [sources, rescan],
        )[0][0]
    )


def _insert_first_versions(
    con, frames: list[pd.DataFrame], release_id: int, statement_of: Mapping[str, str]
) -> None:
    """`_apply` where no open fact meets the incoming ones (`_touches_open_facts`): the facts go straight
    from each frame into `facts_history`, without the staging table the comparison needs. What is stored
    is what `_apply` would store: every incoming fact, opened in this release."""
    _insert_keyed(
        con,
        frames,
        statement_of,
        "facts_history",
        "$release AS valid_from_release, NULL AS valid_to_release",
        {"release": release_id},
    )


def _insert_keyed(
    con,
    frames: list[pd.DataFrame],
    statement_of: Mapping[str, str],
    table: str,
    extra_columns: str = "",
    parameters: dict | None = None,
) -> None:
    """Each frame into `table` as it is, typed as stored, with its facts' keys (and `extra_columns`):
    a data file's millions of facts are never copied into one frame, nor visited row by row in Python."""
    extra = f", {extra_columns}" if extra_columns else ""
    for frame in frames:
        con.register("incoming_frame", _staged(frame, statement_of))
        run(
            con,
            f"""
            INSERT INTO {table} BY NAME
            SELECT {FACT_KEY_SQL} AS fact_key, {SERIES_KEY_SQL} AS series_key, f.*{extra}
            FROM (SELECT {_STAGED_CASTS} FROM incoming_frame) f
            """,
            parameters,
        )
        con.unregister("incoming_frame")


def _stage(con, frames: list[pd.DataFrame], rescan: list[str], statement_of: Mapping[str, str]) -> None:
    """Temp tables `incoming` (facts with their keys and statement, typed as stored) and
    `rescanned_statements`. Each frame is inserted as it is, column by column (`_insert_keyed`)."""
    columns = ", ".join(f"{name} {kind}" for name, kind in STAGED_COLUMNS.items())
    run(
        con,
        f"""
        CREATE OR REPLACE TEMP TABLE incoming (
            fact_key UHUGEINT, series_key UHUGEINT, {columns}, statement VARCHAR
        )
        """,
    )
    _insert_keyed(con, frames, statement_of, "incoming")
    run(
        con,
        "CREATE OR REPLACE TEMP TABLE rescanned_statements AS SELECT unnest(?::VARCHAR[]) AS statement",
        [rescan],
    )


# Every staged column typed as stored, NULL where a frame lacks it, and each fact's statement.
_STAGED_CASTS = ", ".join(
    [*(f"CAST({name} AS {kind}) AS {name}" for name, kind in STAGED_COLUMNS.items()), "statement"]
)


def _staged(frame: pd.DataFrame, statement_of: Mapping[str, str]) -> pa.Table | pd.DataFrame:
    """`frame` as DuckDB scans it fastest, an Arrow table (categoricals become dictionary columns, without
    a copy; an object column is read once in C++, not one Python object per fact during the scan), with
    the columns `STAGED_COLUMNS` names (NULL where the frame lacks one) and each fact's statement (its
    document's, or its URL), computed once per document."""
    present = [name for name in STAGED_COLUMNS if name in frame.columns]
    try:
        table = pa.Table.from_pandas(frame[present], preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # a column of mixed Python types: DuckDB's pandas scan
        urls = frame["source_url"].astype(object)
        absent = {name: None for name in STAGED_COLUMNS if name not in frame.columns}
        return frame[present].assign(**absent, statement=[statement_of.get(url, url) for url in urls])
    for name in STAGED_COLUMNS:
        if name not in frame.columns:
            table = table.append_column(name, pa.nulls(len(frame), pa.string()))
    urls = frame["source_url"]
    if isinstance(urls.dtype, pd.CategoricalDtype):
        statements = [statement_of.get(url, url) for url in urls.cat.categories]
        values, at = np.unique(np.array(statements, dtype=object), return_inverse=True)
        codes = np.append(at, -1)[urls.cat.codes.to_numpy()]  # a missing URL (code -1) has no statement
        statement = pa.DictionaryArray.from_arrays(pa.array(codes, mask=codes < 0), pa.array(list(values)))
    else:
        statement = pa.array([statement_of.get(url, url) for url in urls], type=pa.string())
    return table.append_column("statement", statement)


def _distinct(column: pd.Series) -> list:
    """A column's values: for a categorical its categories (used or not: a superset does no harm where
    this is used, and finding the unused ones costs a pass over the codes)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return list(column.cat.categories)
    return list(column.dropna().unique())


def _source_of_document(documents: Sequence[DocumentRecord], url: str) -> str:
    return next((d.source for d in documents if d.url == url), "unknown")
