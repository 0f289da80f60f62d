"""The warehouse's tables, views and macros as SQL users see them (see CONTRACT.md).

`facts_history` is the only place facts are stored: one row per version of a fact identity, open
(`valid_to_release` null) while current. `facts`, `facts_as_of(r)` and `release_diff(a, b)` are derived
from it, so they can never disagree with each other. `confirmations` (one row per document a release
compared) supplies the latest document that states each fact, which changes more often than figures do.

Migrations are a list of SQL scripts; `schema_version` records how many have run.
"""

from __future__ import annotations

# A fact's identity and its keys are defined in `warehouse.identity`.
from warehouse.identity import FACT_KEY_SQL, SERIES_KEY_SQL

FACT_FIELDS = """
    document, source, metric, soc_code, occupation, area, industry, period,
    value_num, value_text, unit, qualifier, source_url, document_sha256
"""

_V1 = f"""
CREATE TABLE schema_version (version INTEGER NOT NULL, migrated_at TIMESTAMPTZ NOT NULL);

CREATE TABLE releases (
    release_id INTEGER PRIMARY KEY,
    created_at TIMESTAMPTZ NOT NULL,
    status VARCHAR NOT NULL,
    facts_added INTEGER NOT NULL,
    facts_changed INTEGER NOT NULL,
    facts_removed INTEGER NOT NULL,
    facts_rolled INTEGER NOT NULL,
    sources_ok VARCHAR[] NOT NULL,
    sources_failed VARCHAR[] NOT NULL
);

CREATE TABLE documents (
    url VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    fetched_at TIMESTAMPTZ NOT NULL,
    http_status INTEGER,
    content_type VARCHAR,
    bytes BIGINT NOT NULL,
    source VARCHAR NOT NULL,
    published VARCHAR,
    PRIMARY KEY (url, sha256)
);

CREATE TABLE source_failures (
    release_id INTEGER NOT NULL,
    source VARCHAR NOT NULL,
    url VARCHAR,
    reason VARCHAR NOT NULL
);

CREATE TABLE facts_history (
    fact_key VARCHAR NOT NULL,
    series_key VARCHAR NOT NULL,
    document VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    metric VARCHAR NOT NULL,
    soc_code VARCHAR,
    occupation VARCHAR NOT NULL,
    area VARCHAR NOT NULL,
    industry VARCHAR,
    period VARCHAR NOT NULL,
    value_num DOUBLE,
    value_text VARCHAR,
    unit VARCHAR,
    qualifier VARCHAR,
    source_url VARCHAR NOT NULL,
    document_sha256 VARCHAR NOT NULL,
    extractor_version VARCHAR NOT NULL,
    valid_from_release INTEGER NOT NULL,
    valid_to_release INTEGER
);

CREATE VIEW facts AS
SELECT {FACT_FIELDS}, valid_from_release AS release_id
FROM facts_history WHERE valid_to_release IS NULL;

CREATE MACRO facts_as_of(r) AS TABLE
SELECT {FACT_FIELDS}, valid_from_release AS release_id
FROM facts_history
WHERE valid_from_release <= r AND (valid_to_release IS NULL OR valid_to_release > r);

CREATE MACRO release_diff(a, b) AS TABLE
WITH
old AS (
    SELECT * FROM facts_history
    WHERE valid_from_release <= a AND (valid_to_release IS NULL OR valid_to_release > a)
),
new AS (
    SELECT * FROM facts_history
    WHERE valid_from_release <= b AND (valid_to_release IS NULL OR valid_to_release > b)
),
changed AS (
    SELECT 'changed' AS change, n.fact_key, n.series_key, n.source, n.metric, n.soc_code,
           n.occupation, n.area, n.industry,
           coalesce(CAST(o.value_num AS VARCHAR), o.value_text) AS old_value,
           coalesce(CAST(n.value_num AS VARCHAR), n.value_text) AS new_value,
           o.period AS old_period, n.period AS new_period
    FROM old o JOIN new n USING (fact_key)
    WHERE o.value_num IS DISTINCT FROM n.value_num OR o.value_text IS DISTINCT FROM n.value_text
       OR o.unit IS DISTINCT FROM n.unit OR o.qualifier IS DISTINCT FROM n.qualifier
),
gone AS (
    SELECT o.*, row_number() OVER (PARTITION BY series_key ORDER BY period) AS rank_in_series
    FROM old o ANTI JOIN new n USING (fact_key)
),
arrived AS (
    SELECT n.*, row_number() OVER (PARTITION BY series_key ORDER BY period) AS rank_in_series
    FROM new n ANTI JOIN old o USING (fact_key)
),
rolled AS (
    SELECT 'rolled' AS change, r.fact_key, r.series_key, r.source, r.metric, r.soc_code,
           r.occupation, r.area, r.industry,
           coalesce(CAST(g.value_num AS VARCHAR), g.value_text) AS old_value,
           coalesce(CAST(r.value_num AS VARCHAR), r.value_text) AS new_value,
           g.period AS old_period, r.period AS new_period,
           g.fact_key AS gone_key
    FROM gone g JOIN arrived r USING (series_key, rank_in_series)
)
SELECT change, source, metric, soc_code, occupation, area, industry,
       old_value, new_value, old_period, new_period
FROM (
    SELECT * EXCLUDE (fact_key, series_key) FROM changed
    UNION ALL
    SELECT * EXCLUDE (fact_key, series_key, gone_key) FROM rolled
    UNION ALL
    SELECT 'added', source, metric, soc_code, occupation, area, industry,
           NULL, coalesce(CAST(value_num AS VARCHAR), value_text), NULL, period
    FROM arrived WHERE fact_key NOT IN (SELECT fact_key FROM rolled)
    UNION ALL
    SELECT 'removed', source, metric, soc_code, occupation, area, industry,
           coalesce(CAST(value_num AS VARCHAR), value_text), NULL, period, NULL
    FROM gone WHERE fact_key NOT IN (SELECT gone_key FROM rolled)
)
ORDER BY source, metric, coalesce(soc_code, occupation), area, industry NULLS FIRST, change;
"""


# v2: keys become MD5 numbers; release_diff scans only the rows whose validity differs between a and b
# (not two full snapshots); values print as BLS prints them (811000, not 811000.0), and the unit travels
# with each diff row; facts and facts_as_of carry the extractor version as provenance.
_V2 = f"""
ALTER TABLE facts_history ALTER COLUMN fact_key SET DATA TYPE UHUGEINT USING {FACT_KEY_SQL};

ALTER TABLE facts_history ALTER COLUMN series_key SET DATA TYPE UHUGEINT USING {SERIES_KEY_SQL};

CREATE OR REPLACE MACRO fact_value_text(num, txt) AS
    CASE
        WHEN num IS NULL THEN txt
        WHEN num = round(num) AND abs(num) < 1e15 THEN CAST(CAST(num AS BIGINT) AS VARCHAR)
        ELSE CAST(num AS VARCHAR)
    END;

CREATE OR REPLACE MACRO valid_at(from_release, to_release, r) AS
    from_release <= r AND (to_release IS NULL OR to_release > r);

CREATE OR REPLACE VIEW facts AS
SELECT {FACT_FIELDS}, valid_from_release AS release_id, extractor_version
FROM facts_history WHERE valid_to_release IS NULL;

CREATE OR REPLACE MACRO facts_as_of(r) AS TABLE
SELECT {FACT_FIELDS}, valid_from_release AS release_id, extractor_version
FROM facts_history
WHERE valid_at(valid_from_release, valid_to_release, r);

CREATE OR REPLACE MACRO release_diff(a, b) AS TABLE
WITH
gone_all AS (
    SELECT * FROM facts_history
    WHERE valid_at(valid_from_release, valid_to_release, a)
      AND NOT valid_at(valid_from_release, valid_to_release, b)
),
arrived_all AS (
    SELECT * FROM facts_history
    WHERE valid_at(valid_from_release, valid_to_release, b)
      AND NOT valid_at(valid_from_release, valid_to_release, a)
),
changed AS (
    SELECT 'changed' AS change, n.source, n.metric, n.soc_code, n.occupation, n.area, n.industry,
           n.unit, fact_value_text(o.value_num, o.value_text) AS old_value,
           fact_value_text(n.value_num, n.value_text) AS new_value,
           o.period AS old_period, n.period AS new_period
    FROM gone_all o JOIN arrived_all n USING (fact_key)
),
gone AS (
    SELECT g.*, row_number() OVER (PARTITION BY g.series_key ORDER BY g.period) AS rank_in_series
    FROM gone_all g ANTI JOIN arrived_all n USING (fact_key)
),
arrived AS (
    SELECT n.*, row_number() OVER (PARTITION BY n.series_key ORDER BY n.period) AS rank_in_series
    FROM arrived_all n ANTI JOIN gone_all g USING (fact_key)
),
rolled AS (
    SELECT g.fact_key AS gone_key, n.fact_key AS arrived_key, n.source, n.metric, n.soc_code,
           n.occupation, n.area, n.industry, n.unit,
           fact_value_text(g.value_num, g.value_text) AS old_value,
           fact_value_text(n.value_num, n.value_text) AS new_value,
           g.period AS old_period, n.period AS new_period
    FROM gone g JOIN arrived n USING (series_key, rank_in_series)
)
SELECT * FROM changed
UNION ALL
SELECT 'rolled', * EXCLUDE (gone_key, arrived_key) FROM rolled
UNION ALL
SELECT 'added', source, metric, soc_code, occupation, area, industry, unit,
       NULL, fact_value_text(value_num, value_text), NULL, period
FROM arrived WHERE fact_key NOT IN (SELECT arrived_key FROM rolled)
UNION ALL
SELECT 'removed', source, metric, soc_code, occupation, area, industry, unit,
       fact_value_text(value_num, value_text), NULL, period, NULL
FROM gone WHERE fact_key NOT IN (SELECT gone_key FROM rolled);
"""


# Fetch provenance (issue 3): the validators a document came with, for conditional requests, and one
# row per HTTP attempt, failures included. `release_id` is null when the run wrote no release.
_FETCH_PROVENANCE = """
ALTER TABLE documents ADD COLUMN etag VARCHAR;
ALTER TABLE documents ADD COLUMN last_modified VARCHAR;

CREATE TABLE fetch_log (
    run_id VARCHAR NOT NULL,
    release_id INTEGER,
    url VARCHAR NOT NULL,
    source VARCHAR,
    attempt INTEGER NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    http_status INTEGER,
    error VARCHAR,
    elapsed_ms DOUBLE NOT NULL,
    conditional BOOLEAN NOT NULL
);
"""

# Documents a person added by hand (`laborstats archive add`, for sites that block scripts) are told apart
# from fetched ones: `origin` is 'fetched' or 'manual'. Existing rows were all fetched.
_DOCUMENT_ORIGIN = """
ALTER TABLE documents ADD COLUMN origin VARCHAR NOT NULL DEFAULT 'fetched';
"""

# The fact fields as `facts` and `facts_as_of` name them, read from `facts_history h` except the document
# hash, which comes from the latest confirmation `c` (falling back to the version's own document).
_PROVENANCE_FIELDS = """
    h.document, h.source, h.metric, h.soc_code, h.occupation, h.area, h.industry, h.period,
    h.value_num, h.value_text, h.unit, h.qualifier, h.source_url,
    coalesce(c.sha256, h.document_sha256) AS document_sha256,
    h.valid_from_release AS release_id,
    coalesce(c.extractor_version, h.extractor_version) AS extractor_version,
    c.release_id AS confirmed_release, c.fetched_at AS confirmed_at
"""

# v5 (issue 11), two fixes at the mechanism:
# - release_diff: a fact whose versions at a and b differ in release only (A -> B -> A) is no change;
#   `changed` now compares the versions valid at a and at b (value, unit, qualifier), still reading only
#   the rows whose validity differs between a and b (a row valid at both cannot differ).
# - provenance: `confirmations` holds one row per document (URL, bytes, extractor) whose facts the loader
#   compared in a release. Every fact of that URL still open afterwards is stated by it, so `facts` and
#   `facts_as_of(r)` name the URL's latest confirmation as of r (last confirmed), while `facts_history`
#   keeps one row per figure change. The loader skips a document equal to its URL's latest confirmation,
#   so the table grows with changed documents, not with refreshes. Backfilled from the history: each
#   release that loaded versions from a document had read that document.
_CONFIRMATIONS = f"""
CREATE TABLE confirmations (
    release_id INTEGER NOT NULL,
    url VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    extractor_version VARCHAR NOT NULL
);

INSERT INTO confirmations
SELECT DISTINCT valid_from_release, source_url, document_sha256, extractor_version FROM facts_history;

CREATE OR REPLACE MACRO confirmations_as_of(r) AS TABLE
SELECT c.url, c.sha256, c.extractor_version, c.release_id, d.fetched_at
FROM confirmations c
LEFT JOIN documents d ON d.url = c.url AND d.sha256 = c.sha256
WHERE c.release_id <= r
QUALIFY row_number() OVER (PARTITION BY c.url ORDER BY c.release_id DESC) = 1;

CREATE OR REPLACE VIEW facts AS
SELECT {_PROVENANCE_FIELDS}
FROM facts_history h
LEFT JOIN confirmations_as_of(2147483647) c ON c.url = h.source_url
WHERE h.valid_to_release IS NULL;

CREATE OR REPLACE MACRO facts_as_of(r) AS TABLE
SELECT {_PROVENANCE_FIELDS}
FROM facts_history h
LEFT JOIN confirmations_as_of(r) c ON c.url = h.source_url
WHERE valid_at(h.valid_from_release, h.valid_to_release, r);

CREATE OR REPLACE MACRO release_diff(a, b) AS TABLE
WITH
gone_all AS (
    SELECT * FROM facts_history
    WHERE valid_at(valid_from_release, valid_to_release, a)
      AND NOT valid_at(valid_from_release, valid_to_release, b)
),
arrived_all AS (
    SELECT * FROM facts_history
    WHERE valid_at(valid_from_release, valid_to_release, b)
      AND NOT valid_at(valid_from_release, valid_to_release, a)
),
changed AS (
    SELECT 'changed' AS change, n.source, n.metric, n.soc_code, n.occupation, n.area, n.industry,
           n.unit, fact_value_text(o.value_num, o.value_text) AS old_value,
           fact_value_text(n.value_num, n.value_text) AS new_value,
           o.period AS old_period, n.period AS new_period
    FROM gone_all o JOIN arrived_all n USING (fact_key)
    WHERE o.value_num IS DISTINCT FROM n.value_num OR o.value_text IS DISTINCT FROM n.value_text
       OR o.unit IS DISTINCT FROM n.unit OR o.qualifier IS DISTINCT FROM n.qualifier
),
gone AS (
    SELECT g.*, row_number() OVER (PARTITION BY g.series_key ORDER BY g.period) AS rank_in_series
    FROM gone_all g ANTI JOIN arrived_all n USING (fact_key)
),
arrived AS (
    SELECT n.*, row_number() OVER (PARTITION BY n.series_key ORDER BY n.period) AS rank_in_series
    FROM arrived_all n ANTI JOIN gone_all g USING (fact_key)
),
rolled AS (
    SELECT g.fact_key AS gone_key, n.fact_key AS arrived_key, n.source, n.metric, n.soc_code,
           n.occupation, n.area, n.industry, n.unit,
           fact_value_text(g.value_num, g.value_text) AS old_value,
           fact_value_text(n.value_num, n.value_text) AS new_value,
           g.period AS old_period, n.period AS new_period
    FROM gone g JOIN arrived n USING (series_key, rank_in_series)
)
SELECT * FROM changed
UNION ALL
SELECT 'rolled', * EXCLUDE (gone_key, arrived_key) FROM rolled
UNION ALL
SELECT 'added', source, metric, soc_code, occupation, area, industry, unit,
       NULL, fact_value_text(value_num, value_text), NULL, period
FROM arrived WHERE fact_key NOT IN (SELECT arrived_key FROM rolled)
UNION ALL
SELECT 'removed', source, metric, soc_code, occupation, area, industry, unit,
       fact_value_text(value_num, value_text), NULL, period, NULL
FROM gone WHERE fact_key NOT IN (SELECT gone_key FROM rolled);
"""

# v6 (issue 13): statements. A document is a version of a *statement* of its source: a page is its own
# statement (its URL), but a data file BLS publishes anew each year under a new name (`oesm23nat.zip`,
# then `oesm24nat.zip`) is the next version of one statement (`bls-oews-files:nat`). The loader scopes
# what a document supersedes, its fact-count check and its unchanged-document skip by statement, so the
# new year's file ends the previous year's facts (they roll in `release_diff`) and stays comparable with
# it. Existing rows are their URL's statement, as they were loaded.
_STATEMENTS = """
ALTER TABLE facts_history ADD COLUMN statement VARCHAR;
UPDATE facts_history SET statement = source_url;

ALTER TABLE confirmations ADD COLUMN statement VARCHAR;
UPDATE confirmations SET statement = url;
"""

MIGRATIONS: list[str] = [_V1, _V2, _FETCH_PROVENANCE, _DOCUMENT_ORIGIN, _CONFIRMATIONS, _STATEMENTS]
SCHEMA_VERSION = len(MIGRATIONS)
