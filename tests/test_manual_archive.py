"""`laborstats archive add`: a saved page, archived as added by hand, read when the site blocks us."""

from __future__ import annotations

import duckdb
import pytest
from conftest import Served
from source_pages import CHALLENGE_PAGE, render_ziprecruiter
from typer.testing import CliRunner

from extractors.http.archive import RawArchive, sha256_hex
from flows.cli import app
from flows.refresh import run_refresh as refresh
from warehouse.connection import _statements, open_for_write
from warehouse.schema import MIGRATIONS

runner = CliRunner()
ZIP_URL = "https://www.ziprecruiter.com/Salaries/Medical-Administration-Assistant-Salary"
ZIP_PATH = "/Salaries/Medical-Administration-Assistant-Salary"
HTML = {"Content-Type": "text/html; charset=utf-8"}


def rows(warehouse, sql):
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def saved_page(tmp_path, html: str, name: str = "saved.html"):
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def contact(monkeypatch):
    monkeypatch.setenv("LABORSTATS_CONTACT", "data-team@example.org")


def add(url, file, warehouse, *extra):
    return runner.invoke(app, ["archive", "add", url, str(file), "--warehouse", str(warehouse), *extra])


def config(tmp_path) -> str:
    path = tmp_path / "laborstats.toml"
    path.write_text(
        'sources = ["ziprecruiter"]\n[[occupations]]\nslug = "medical-assistants"\n'
        'ooh = "healthcare/medical-assistants"\nsoc = ["31-9092"]\n'
        "[fetch]\nmin_interval_s = 0\nbackoff_base_s = 0.001\nbackoff_max_s = 0.005\n"
    )
    return str(path)


def test_a_saved_page_is_archived_and_recorded_as_added_by_hand(tmp_path):
    warehouse = tmp_path / "wh.duckdb"
    page = saved_page(tmp_path, render_ziprecruiter())

    result = add(ZIP_URL, page, warehouse)

    assert result.exit_code == 0, result.output
    assert "added" in result.stdout and "ziprecruiter" in result.stdout and "24 facts" in result.stdout
    body = page.read_bytes()
    assert RawArchive(tmp_path / "raw").get(sha256_hex(body)) == body
    assert rows(warehouse, "select url, source, origin, http_status, content_type, bytes from documents") == [
        (ZIP_URL, "ziprecruiter", "manual", None, "text/html", len(body))
    ]
    again = add(ZIP_URL, page, warehouse)
    assert again.exit_code == 0 and "already archived" in again.stdout
    assert rows(warehouse, "select count(*) from documents") == [(1,)]


@pytest.mark.parametrize(
    ("url", "html", "extra", "message"),
    [
        (ZIP_URL, CHALLENGE_PAGE, [], "'Just a moment...' page, not the document"),
        (ZIP_URL, "<html><body><p>Nothing here.</p></body></html>", [], "not a ziprecruiter document"),
        ("https://example.org/salaries", render_ziprecruiter(), [], "no source reads this URL"),
        ("https://example.org/salaries", render_ziprecruiter(), ["--source", "nope"], "no parser"),
    ],
)
def test_what_cannot_stand_for_the_document_is_refused_naming_the_file(tmp_path, url, html, extra, message):
    warehouse = tmp_path / "wh.duckdb"
    page = saved_page(tmp_path, html)
    result = add(url, page, warehouse, *extra)
    assert result.exit_code == 1
    assert message in result.stderr
    assert not warehouse.exists() and not (tmp_path / "raw").exists()


def test_a_url_of_another_host_can_be_added_under_a_named_source(tmp_path):
    warehouse = tmp_path / "wh.duckdb"
    result = add("https://mirror.example.org/zr", saved_page(tmp_path, render_ziprecruiter()), warehouse,
                 "--source", "ziprecruiter")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert rows(warehouse, "select source, origin from documents") == [("ziprecruiter", "manual")]


def test_a_blocked_refresh_reads_the_copy_added_by_hand(tmp_path, loopback_site, prefect_harness):
    warehouse = tmp_path / "wh.duckdb"
    page = saved_page(tmp_path, render_ziprecruiter())
    assert add(ZIP_URL, page, warehouse).exit_code == 0
    loopback_site.routes[ZIP_PATH] = Served(403, CHALLENGE_PAGE.encode(), HTML)

    result = refresh(
        base_urls=[f"ziprecruiter={loopback_site.url}"], warehouse=str(warehouse), config=config(tmp_path)
    )

    assert result.exit_code == 0, result.failures
    assert any("live fetch blocked" in w and "added by hand" in w for w in result.warnings)
    sha = sha256_hex(page.read_bytes())
    assert rows(
        warehouse,
        "select value_num, document_sha256 from facts where metric = 'average_pay_annual' and area = 'US'",
    ) == [(44460, sha)]
    assert rows(warehouse, "select origin from documents") == [("manual",)]  # no new document row
    assert rows(warehouse, "select http_status, error from fetch_log") == [(403, "HTTP 403")]

    # the archive replays it like any other document
    copy = tmp_path / "copy" / "wh.duckdb"
    replayed = refresh(replay_archive=str(warehouse), warehouse=str(copy), config=config(tmp_path))
    assert replayed.exit_code == 0, replayed.failures
    assert rows(copy, "select count(*) from facts where source = 'ziprecruiter'") == [(24,)]


def test_a_copy_older_than_the_last_fetched_page_is_not_used(tmp_path, loopback_site, prefect_harness):
    warehouse = tmp_path / "wh.duckdb"
    old = saved_page(tmp_path, render_ziprecruiter(annual=40000), "old.html")
    assert add(ZIP_URL, old, warehouse).exit_code == 0
    loopback_site.routes[ZIP_PATH] = [
        Served(200, render_ziprecruiter().encode(), HTML),
        Served(200, CHALLENGE_PAGE.encode(), HTML),
    ]
    options = {"base_urls": [f"ziprecruiter={loopback_site.url}"], "warehouse": str(warehouse)}
    assert refresh(config=config(tmp_path), **options).exit_code == 0  # fetched live: newer than the copy

    blocked = refresh(config=config(tmp_path), **options)

    assert blocked.exit_code == 1 and blocked.release is None  # its only source failed: nothing to write
    assert [(f.source, f.url) for f in blocked.failures] == [("ziprecruiter", ZIP_URL)]
    assert "blocked" in blocked.failures[0].reason and "archive add" in blocked.failures[0].reason
    assert rows(
        warehouse, "select value_num from facts where metric = 'average_pay_annual' and area = 'US'"
    ) == [(44460,)]


def test_older_warehouses_learn_that_their_documents_were_fetched(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    for version, script in enumerate(MIGRATIONS[:3], start=1):
        for statement in _statements(script):
            con.execute(statement)
        con.execute("INSERT INTO schema_version VALUES (?, now())", [version])
    con.execute(
        "INSERT INTO documents (url, sha256, fetched_at, http_status, content_type, bytes, source) "
        "VALUES ('https://www.bls.gov/x.htm', 'ab', now(), 200, 'text/html', 1, 'bls-ooh')"
    )
    con.close()
    open_for_write(path).close()
    assert rows(path, "select origin from documents") == [("fetched",)]
