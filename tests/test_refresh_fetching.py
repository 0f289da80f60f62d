"""The refresh flow fetching end to end through Prefect: fetch log, 304s, archive replay."""

from __future__ import annotations

import pytest
from conftest import MA_PATH, MA_URL, SEC_PATH, SEC_URL, Served
from conftest import warehouse_rows as rows
from ooh_pages import medical_assistants_2024, medical_assistants_2025, render, secretaries_2025

from flows.refresh import run_refresh as refresh

pytestmark = pytest.mark.usefixtures("prefect_harness")

OCCUPATIONS = """
[[occupations]]
slug = "medical-assistants"
ooh = "healthcare/medical-assistants"

[[occupations]]
slug = "secretaries-and-administrative-assistants"
ooh = "office-and-administrative-support/secretaries-and-administrative-assistants"
"""


def fast_config(tmp_path, **fetch) -> str:
    settings = {"min_interval_s": 0, "backoff_base_s": 0.001, "backoff_max_s": 0.005, **fetch}
    table = "\n".join(f"{key} = {value}" for key, value in settings.items())
    path = tmp_path / "laborstats.toml"
    path.write_text(f'sources = ["bls-ooh"]\n{OCCUPATIONS}\n[fetch]\n{table}\n', encoding="utf-8")
    return str(path)


def page(html: str, etag: str) -> Served:
    return Served(200, html.encode(), {"Content-Type": "text/html; charset=utf-8", "ETag": etag})


@pytest.fixture(autouse=True)
def contact(monkeypatch):
    monkeypatch.setenv("LABORSTATS_CONTACT", "data-team@example.org")


def test_every_attempt_is_in_the_fetch_log_with_the_release(tmp_path, loopback_site):
    loopback_site.routes[MA_PATH] = [Served(503, b"busy"), page(render(medical_assistants_2025()), '"a"')]
    loopback_site.routes[SEC_PATH] = Served(404, b"<html><title>Not Found</title></html>")
    warehouse = tmp_path / "wh.duckdb"

    result = refresh(
        base_urls=[f"bls={loopback_site.url}"], warehouse=str(warehouse), config=fast_config(tmp_path)
    )

    assert result.exit_code == 3
    assert [(f.url, f.reason) for f in result.failures] == [(SEC_URL, "HTTP 404")]
    logged = rows(
        warehouse,
        "SELECT release_id, url, source, attempt, http_status, error FROM fetch_log ORDER BY url, attempt",
    )
    assert logged == [
        (1, MA_URL, "bls-ooh", 1, 503, "HTTP 503"),
        (1, MA_URL, "bls-ooh", 2, 200, None),
        (1, SEC_URL, "bls-ooh", 1, 404, "HTTP 404"),
    ]
    assert rows(warehouse, "SELECT count(DISTINCT run_id) FROM fetch_log") == [(1,)]
    assert rows(warehouse, "SELECT url, etag FROM documents") == [(MA_URL, '"a"')]


def test_a_run_that_writes_no_release_still_logs_its_attempts(tmp_path, loopback_site):
    loopback_site.routes[MA_PATH] = Served(500, b"down")
    loopback_site.routes[SEC_PATH] = Served(500, b"down")
    warehouse = tmp_path / "wh.duckdb"

    result = refresh(
        base_urls=[f"bls={loopback_site.url}"],
        warehouse=str(warehouse),
        config=fast_config(tmp_path, max_attempts=2),
    )

    assert result.exit_code == 1 and result.release is None
    assert all("gave up after 2 attempts" in f.reason for f in result.failures)
    assert rows(warehouse, "SELECT count(*) FROM releases") == [(0,)]
    assert rows(warehouse, "SELECT release_id, http_status, count(*) FROM fetch_log GROUP BY ALL") == [
        (None, 500, 4)
    ]


def test_an_unchanged_page_costs_a_304_and_a_changed_one_is_loaded(tmp_path, loopback_site):
    loopback_site.routes[MA_PATH] = page(render(medical_assistants_2024()), '"2024"')
    loopback_site.routes[SEC_PATH] = page(render(secretaries_2025()), '"sec"')
    warehouse = tmp_path / "wh.duckdb"
    options = {"base_urls": [f"bls={loopback_site.url}"], "warehouse": str(warehouse)}
    options["config"] = fast_config(tmp_path)
    assert refresh(**options).exit_code == 0

    second = refresh(**options)  # nothing changed: both conditional, both 304
    assert second.exit_code == 0 and second.documents == 2
    assert [r["status"] for r in loopback_site.requests[2:]] == [304, 304]
    assert rows(warehouse, "SELECT count(*) FROM documents") == [(2,)]

    loopback_site.routes[MA_PATH] = page(render(medical_assistants_2025()), '"2025"')  # new edition
    third = refresh(**options)
    assert third.exit_code == 0 and third.release.facts_added + third.release.facts_rolled > 0
    assert rows(
        warehouse, "SELECT value_num FROM facts WHERE soc_code = '31-9092' AND metric = 'employment'"
    ) == [(811000,)]
    assert rows(warehouse, f"SELECT etag FROM documents WHERE url = '{MA_URL}' ORDER BY fetched_at") == [
        ('"2024"',),
        ('"2025"',),
    ]


def test_the_raw_archive_replays_into_another_warehouse_without_network(tmp_path, loopback_site):
    loopback_site.routes[MA_PATH] = page(render(medical_assistants_2025()), '"a"')
    loopback_site.routes[SEC_PATH] = page(render(secretaries_2025()), '"b"')
    first = tmp_path / "first" / "wh.duckdb"
    refresh(base_urls=[f"bls={loopback_site.url}"], warehouse=str(first), config=fast_config(tmp_path))
    asked = len(loopback_site.requests)

    copy = tmp_path / "copy" / "wh.duckdb"
    result = refresh(replay_archive=str(first), warehouse=str(copy), config=fast_config(tmp_path))

    assert result.exit_code == 0
    assert len(loopback_site.requests) == asked  # not one request
    facts = "SELECT metric, soc_code, period, value_num, value_text, document_sha256 FROM facts ORDER BY ALL"
    assert rows(copy, facts) == rows(first, facts)
    documents = "SELECT url, sha256, fetched_at, etag FROM documents ORDER BY url"
    assert rows(copy, documents) == rows(first, documents)  # provenance carried over, fetch time included
    assert rows(copy, "SELECT count(*) FROM fetch_log") == [(0,)]


def test_archive_replay_of_a_url_the_warehouse_never_fetched_names_it(tmp_path, replay_2025):
    first = tmp_path / "first" / "wh.duckdb"
    refresh(
        sources=["bls-ooh"],
        replay=str(replay_2025),
        warehouse=str(first),
        occupations=["healthcare/medical-assistants"],
    )

    result = refresh(sources=["bls-ooh"], replay_archive=str(first), warehouse=str(tmp_path / "copy.duckdb"))

    assert result.exit_code == 3
    [failure] = result.failures
    assert failure.url == SEC_URL and str(first) in failure.reason
