"""The warehouse side of fetching: the migration, latest documents per URL, and the fetch log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import duckdb
import pandas as pd

from extractors.http.attempts import FetchAttempt
from warehouse.connection import _statements, open_for_write, schema_version
from warehouse.documents import latest_documents
from warehouse.fetch_log import append_fetch_log
from warehouse.load import STAGED_COLUMNS, DocumentRecord, load_release
from warehouse.schema import MIGRATIONS, SCHEMA_VERSION

URL = "https://www.bls.gov/ooh/healthcare/medical-assistants.htm"
T0 = datetime(2025, 8, 28, 12, 0, tzinfo=UTC)


def test_an_existing_v1_warehouse_gains_validators_and_the_fetch_log(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    for statement in _statements(MIGRATIONS[0]):
        con.execute(statement)
    con.execute("INSERT INTO schema_version VALUES (1, now())")
    con.execute(
        "INSERT INTO documents VALUES (?, 'abc', ?, 200, 'text/html', 10, 'bls-ooh', '2025-08-28')", [URL, T0]
    )
    con.close()
    assert latest_documents(path)[URL].etag is None  # readable before the migration, without validators

    con = open_for_write(path)
    try:
        assert schema_version(con) == SCHEMA_VERSION
        assert con.execute("SELECT url, sha256, etag, last_modified FROM documents").fetchall() == [
            (URL, "abc", None, None)
        ]
        assert con.execute("SELECT count(*) FROM fetch_log").fetchall() == [(0,)]
    finally:
        con.close()


def empty_facts() -> pd.DataFrame:
    return pd.DataFrame(columns=list(STAGED_COLUMNS))


def document(sha: str, fetched_at: datetime, etag: str) -> DocumentRecord:
    return DocumentRecord(URL, sha, fetched_at, 200, "text/html", 10, "bls-ooh", None, etag, "Thu, 28 Aug")


def test_latest_documents_gives_each_urls_newest_document_with_its_validators(tmp_path):
    path = tmp_path / "wh.duckdb"
    assert latest_documents(path) == {}
    assert not path.exists()  # looking does not create a warehouse
    load_release(path, empty_facts(), [document("old", T0, '"1"')], [], ["bls-ooh"], [])
    load_release(path, empty_facts(), [document("new", T0 + timedelta(days=1), '"2"')], [], ["bls-ooh"], [])
    latest = latest_documents(path)
    assert list(latest) == [URL]
    assert (latest[URL].sha256, latest[URL].etag, latest[URL].last_modified) == ("new", '"2"', "Thu, 28 Aug")


def test_fetch_log_appends_every_attempt_with_run_and_release(tmp_path):
    path = tmp_path / "wh.duckdb"
    attempts = [
        FetchAttempt(URL, "bls-ooh", 1, T0, 503, "HTTP 503", 12.5, False),
        FetchAttempt(
            URL, "bls-ooh", 2, T0 + timedelta(seconds=1), None, "ConnectionError: refused", 3.0, False
        ),
        FetchAttempt(URL, "bls-ooh", 3, T0 + timedelta(seconds=2), 200, None, 40.0, True),
    ]
    assert append_fetch_log(path, "run-1", None, attempts) == 3
    assert append_fetch_log(path, "run-2", 7, attempts[2:]) == 1
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = con.execute(
            "SELECT run_id, release_id, url, source, attempt, http_status, error, elapsed_ms, conditional "
            "FROM fetch_log ORDER BY run_id, attempt"
        ).fetchall()
    finally:
        con.close()
    assert rows == [
        ("run-1", None, URL, "bls-ooh", 1, 503, "HTTP 503", 12.5, False),
        ("run-1", None, URL, "bls-ooh", 2, None, "ConnectionError: refused", 3.0, False),
        ("run-1", None, URL, "bls-ooh", 3, 200, None, 40.0, True),
        ("run-2", 7, URL, "bls-ooh", 3, 200, None, 40.0, True),
    ]
