"""The `refresh` flow end to end, through Prefect, into a temporary DuckDB warehouse."""

from __future__ import annotations

import hashlib

import pytest
from conftest import MA_PATH, MA_URL, SEC_PATH, SEC_URL, Served, write_replay
from conftest import warehouse_rows as scalar
from ooh_pages import actors_2025, medical_assistants_2025, render, render_index, secretaries_2025

from extractors.http.archive import RawArchive
from extractors.sources.bls_ooh.index import INDEX_URL
from flows.refresh import run_refresh as refresh

pytestmark = pytest.mark.usefixtures("prefect_harness")
OOH = ["bls-ooh"]  # these tests are about the handbook; the other sources have tests of their own


def test_replay_refresh_loads_a_release_with_provenance(tmp_path, replay_2025):
    warehouse = tmp_path / "wh.duckdb"
    result = refresh(sources=OOH, replay=str(replay_2025), warehouse=str(warehouse))

    assert result.exit_code == 0
    assert result.release.release_id == 1
    assert result.release.sources_ok == ["bls-ooh"]
    rows = scalar(
        warehouse,
        "select value_num, period, source_url, document_sha256, release_id from facts "
        "where soc_code = '31-9092' and metric = 'employment'",
    )
    assert len(rows) == 1
    value, period, url, sha, release = rows[0]
    assert (value, period, url, release) == (811000, "2024", MA_URL, 1)
    # the fact points at archived bytes that hash to what was served
    served = (replay_2025 / "page0.htm").read_bytes()
    assert sha == hashlib.sha256(served).hexdigest()
    assert RawArchive(tmp_path / "raw").get(sha) == served
    assert scalar(warehouse, "select value_num from facts where soc_code = '43-6013' "
                  "and metric = 'employment'") == [(850000,)]  # fmt: skip
    docs = scalar(warehouse, "select url, http_status, source, published from documents order by url")
    assert docs == [(MA_URL, 200, "bls-ooh", "2025-08-28"), (SEC_URL, 200, "bls-ooh", "2025-08-28")]
    added = scalar(warehouse, "select facts_added, status from releases")[0]
    assert added == (scalar(warehouse, "select count(*) from facts")[0][0], "complete")


def test_unchanged_second_refresh_adds_no_history(tmp_path, replay_2025):
    warehouse = tmp_path / "wh.duckdb"
    refresh(sources=OOH, replay=str(replay_2025), warehouse=str(warehouse))
    before = scalar(warehouse, "select count(*) from facts_history")[0][0]
    second = refresh(sources=OOH, replay=str(replay_2025), warehouse=str(warehouse))
    assert second.release.release_id == 2
    assert (second.release.facts_added, second.release.facts_changed) == (0, 0)
    assert (second.release.facts_removed, second.release.facts_rolled) == (0, 0)
    assert scalar(warehouse, "select count(*) from facts_history")[0][0] == before


def test_live_refresh_sends_contact_and_keeps_canonical_urls(tmp_path, loopback_site, monkeypatch):
    monkeypatch.setenv("LABORSTATS_CONTACT", "data-team@example.org")
    loopback_site.routes[MA_PATH] = Served(200, render(medical_assistants_2025()).encode())
    loopback_site.routes[SEC_PATH] = Served(200, render(secretaries_2025()).encode())
    warehouse = tmp_path / "wh.duckdb"
    record = tmp_path / "recorded"

    result = refresh(
        sources=OOH, base_urls=[f"bls={loopback_site.url}"], warehouse=str(warehouse), record=str(record)
    )

    assert result.exit_code == 0
    agents = {r["headers"]["User-Agent"] for r in loopback_site.requests}
    assert len(agents) == 1
    agent = agents.pop()
    assert agent.startswith("laborstats/") and "+contact: data-team@example.org" in agent
    urls = {row[0] for row in scalar(warehouse, "select distinct source_url from facts")}
    assert urls == {MA_URL, SEC_URL}

    # what was recorded replays offline into an identical set of facts
    replayed = tmp_path / "replayed.duckdb"
    assert refresh(sources=OOH, replay=str(record), warehouse=str(replayed)).exit_code == 0
    query = "select metric, soc_code, period, value_num from facts order by all"
    assert scalar(replayed, query) == scalar(warehouse, query)


def test_a_failing_page_is_reported_and_its_last_good_facts_stay(tmp_path, replay_2025):
    warehouse = tmp_path / "wh.duckdb"
    refresh(sources=OOH, replay=str(replay_2025), warehouse=str(warehouse))
    broken = write_replay(
        tmp_path / "broken",
        {
            MA_URL: "<html><title>Access Denied</title><body>Access Denied</body></html>",
            SEC_URL: render(secretaries_2025()),
        },
    )

    result = refresh(sources=OOH, replay=str(broken), warehouse=str(warehouse))

    assert result.exit_code == 3
    assert [(f.source, f.url) for f in result.failures] == [("bls-ooh", MA_URL)]
    assert "blocked" in result.failures[0].reason
    assert result.release.facts_removed == 0
    assert scalar(
        warehouse, "select value_num from facts where soc_code = '31-9092' and metric = 'employment'"
    ) == [(811000,)]
    assert scalar(warehouse, "select status, sources_failed from releases where release_id = 2") == [
        ("partial", ["bls-ooh"])
    ]
    assert scalar(warehouse, "select url from source_failures") == [(MA_URL,)]


def test_nothing_fetched_writes_nothing(tmp_path):
    empty = write_replay(tmp_path / "empty", {})
    warehouse = tmp_path / "wh.duckdb"
    result = refresh(sources=OOH, replay=str(empty), warehouse=str(warehouse))
    assert result.exit_code == 1
    assert result.release is None
    assert all("not recorded in replay folder" in f.reason for f in result.failures)


ACTORS_URL = "https://www.bls.gov/ooh/entertainment-and-sports/actors.htm"


@pytest.fixture
def replay_with_index(tmp_path):
    index = render_index(
        [
            ("Medical assistants", MA_URL),
            ("Phlebotomy aide", MA_URL),
            ("Secretaries", SEC_URL),
            ("Actors", "/ooh/entertainment-and-sports/actors.htm"),
        ]
    )
    return write_replay(
        tmp_path / "replay",
        {
            INDEX_URL: index,
            MA_URL: render(medical_assistants_2025()),
            SEC_URL: render(secretaries_2025(), browser_form=True),
            ACTORS_URL: render(actors_2025()),
        },
    )


def test_all_occupations_refreshes_every_page_the_index_links(tmp_path, replay_with_index):
    warehouse = tmp_path / "wh.duckdb"
    result = refresh(
        sources=OOH, replay=str(replay_with_index), warehouse=str(warehouse), all_occupations=True
    )

    assert result.exit_code == 0, result.failures
    assert result.documents == 3
    docs = [row[0] for row in scalar(warehouse, "select url from documents order by url")]
    assert docs == [ACTORS_URL, MA_URL, SEC_URL]  # each page once, the index itself is no document
    hourly = scalar(
        warehouse,
        "select industry, value_num, unit from facts where soc_code = '27-2011' "
        "and metric = 'industry_median_pay_hourly' order by value_num",
    )
    assert hourly == [
        ("Amusement parks and arcades", 18.95, "USD/hour"),
        ("Theater companies and dinner theaters", 27.07, "USD/hour"),
    ]
    assert scalar(
        warehouse, "select value_num from facts where soc_code = '31-9092' and metric = 'pay_p90_annual'"
    ) == [(57830,)]


def test_untracked_slug_is_found_through_the_index(tmp_path, replay_with_index):
    warehouse = tmp_path / "wh.duckdb"
    result = refresh(
        sources=OOH, replay=str(replay_with_index), warehouse=str(warehouse), occupations=["actors"]
    )
    assert result.exit_code == 0, result.failures
    assert scalar(warehouse, "select url from documents") == [(ACTORS_URL,)]


def test_a_page_whose_facts_break_the_contract_fails_alone(tmp_path):
    untitled = secretaries_2025()
    untitled.title, untitled.rows = "", []  # its facts would have no occupation title
    replay = write_replay(
        tmp_path / "replay", {MA_URL: render(medical_assistants_2025()), SEC_URL: render(untitled)}
    )
    warehouse = tmp_path / "wh.duckdb"
    result = refresh(sources=OOH, replay=str(replay), warehouse=str(warehouse))
    assert result.exit_code == 3
    assert [f.url for f in result.failures] == [SEC_URL]
    assert "no occupation title" in result.failures[0].reason
    assert scalar(warehouse, "select distinct source_url from facts") == [(MA_URL,)]
