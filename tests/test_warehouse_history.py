"""Versioned warehouse: editions roll, revisions change, nothing stored is lost (issue 5)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import duckdb
import pytest
from conftest import MA_PATH, MA_URL, SEC_PATH, Served
from conftest import warehouse_rows as rows
from ooh_pages import medical_assistants_2024, medical_assistants_2025, render, secretaries_2025
from typer.testing import CliRunner

from flows.cli import app
from flows.refresh import run_refresh as refresh
from warehouse.diff import release_diff
from warehouse.figures import read_series

pytestmark = pytest.mark.usefixtures("prefect_harness")
runner = CliRunner()


@pytest.fixture(autouse=True)
def contact(monkeypatch):
    monkeypatch.setenv("LABORSTATS_CONTACT", "tests@example.org")


def serve(site, ma_page, sec_page=None):
    site.routes[MA_PATH] = Served(200, render(ma_page).encode())
    site.routes[SEC_PATH] = Served(200, render(sec_page or secretaries_2025()).encode())


def run_refresh(site, warehouse):
    return refresh(sources=["bls-ooh"], base_urls=[f"bls={site.url}"], warehouse=str(warehouse))


def test_new_edition_rolls_figures_to_the_new_year(tmp_path, loopback_site):
    warehouse = tmp_path / "wh.duckdb"
    serve(loopback_site, medical_assistants_2024())
    assert run_refresh(loopback_site, warehouse).exit_code == 0
    serve(loopback_site, medical_assistants_2025())
    second = run_refresh(loopback_site, warehouse)
    assert second.exit_code == 0 and second.release.facts_rolled > 0

    result = runner.invoke(app, ["diff", "1", "2", "--format", "json", "--warehouse", str(warehouse)])
    assert result.exit_code == 0, result.output
    diff = json.loads(result.stdout)
    by_metric = {(d["metric"], d["soc_code"]): d for d in diff}

    def rolled(metric, old, new, old_period, new_period):
        row = by_metric[(metric, "31-9092")]
        assert (row["change"], row["old_value"], row["new_value"]) == ("rolled", old, new)
        assert (row["old_period"], row["new_period"]) == (old_period, new_period)

    rolled("employment", 783900, 811000, "2023", "2024")
    rolled("employment_change_pct", 15, 12, "2023-2033", "2024-2034")
    rolled("openings_per_year", 119800, 112300, "2023-2033", "2024-2034")
    rolled("median_pay_annual", 42000, 44200, "2023", "2024")
    [physicians] = [
        d
        for d in diff
        if d["metric"] == "industry_employment_share" and d["industry"] == "Offices of physicians"
    ]
    assert (physicians["change"], physicians["old_value"], physicians["new_value"]) == ("rolled", 56, 57)
    assert (physicians["soc_code"], physicians["old_period"], physicians["new_period"]) == (
        "31-9092",
        "2023",
        "2024",
    )
    assert not [d for d in diff if (d["soc_code"] or "").startswith("43-")]  # secretaries unchanged

    # the SQL macro agrees with the command, row for row
    macro = rows(
        warehouse,
        "select change, metric, soc_code, old_value, new_value, old_period, new_period "
        "from release_diff(1, 2) order by all",
    )
    cli = sorted(
        (d["change"], d["metric"], d["soc_code"], _text(d["old_value"]), _text(d["new_value"]),
         d["old_period"], d["new_period"])
        for d in diff
    )  # fmt: skip
    assert [tuple(r) for r in macro] == cli

    assert rows(
        warehouse,
        "select value_num from facts_as_of(1) where soc_code = '31-9092' and metric = 'employment'",
    ) == [(783900,)]
    assert rows(
        warehouse, "select period from facts where soc_code = '31-9092' and metric = 'employment'"
    ) == [("2024",)]

    history = rows(warehouse, "select count(*) from facts_history")[0][0]
    third = run_refresh(loopback_site, warehouse)
    assert third.release.status == "unchanged"
    assert rows(warehouse, "select count(*) from facts_history")[0][0] == history


def _text(value):
    return None if value is None else str(value)


def test_revised_value_for_the_same_period_is_changed(tmp_path, loopback_site):
    warehouse = tmp_path / "wh.duckdb"
    serve(loopback_site, medical_assistants_2025())
    run_refresh(loopback_site, warehouse)
    revised = medical_assistants_2025()
    revised.openings = "112,900"
    serve(loopback_site, revised)
    second = run_refresh(loopback_site, warehouse)
    assert (second.release.facts_changed, second.release.facts_added) == (1, 0)
    _, _, frame = release_diff(warehouse)
    assert frame[["change", "metric", "old_value", "new_value"]].values.tolist() == [
        ["changed", "openings_per_year", "112300", "112900"]
    ]


def test_a_fact_is_removed_only_when_its_reread_document_drops_it(tmp_path, loopback_site):
    warehouse = tmp_path / "wh.duckdb"
    serve(loopback_site, medical_assistants_2025())
    run_refresh(loopback_site, warehouse)
    fewer = secretaries_2025()
    fewer.rows = [row for row in fewer.rows if row.soc != "43-6012"]
    serve(loopback_site, medical_assistants_2025(), fewer)
    second = run_refresh(loopback_site, warehouse)
    assert second.release.facts_removed == 4
    removed = rows(warehouse, "select distinct soc_code, change from release_diff(1, 2)")
    assert removed == [("43-6012", "removed")]
    assert rows(warehouse, "select count(*) from facts where soc_code = '43-6012'") == [(0,)]
    assert rows(warehouse, "select count(*) from facts_as_of(1) where soc_code = '43-6012'") == [(4,)]


def test_a_document_with_far_fewer_facts_is_a_parser_failure(tmp_path, loopback_site):
    warehouse = tmp_path / "wh.duckdb"
    serve(loopback_site, medical_assistants_2025())
    run_refresh(loopback_site, warehouse)
    before = rows(warehouse, "select count(*) from facts where source_url like '%secretaries%'")[0][0]
    gutted = secretaries_2025()
    # a layout change the parser no longer understands: every tab's tables gone, only quick facts remain
    gutted.rows, gutted.employers, gutted.industry_pay, gutted.pay_sentence = [], [], [], ""
    gutted.detailed_employment, gutted.detailed_pay, gutted.pay_chart, gutted.change_chart = [], [], [], []
    serve(loopback_site, medical_assistants_2025(), gutted)

    second = run_refresh(loopback_site, warehouse)

    assert second.exit_code == 3
    assert second.release.status == "partial" and second.release.facts_removed == 0
    [failure] = second.failures
    assert "secretaries" in failure.url and "suspected layout change" in failure.reason
    after = rows(warehouse, "select count(*) from facts where source_url like '%secretaries%'")[0][0]
    assert after == before
    # the rejected page confirms nothing: its facts still name the last good document
    assert rows(
        warehouse,
        "select distinct confirmed_release from facts where source_url like '%secretaries%'",
    ) == [(1,)]
    assert rows(warehouse, "select source, reason like '%last good facts kept%' from source_failures") == [
        ("bls-ooh", True)
    ]


def test_diff_filters_formats_and_defaults(tmp_path, loopback_site):
    warehouse = tmp_path / "wh.duckdb"
    serve(loopback_site, medical_assistants_2024())
    run_refresh(loopback_site, warehouse)
    serve(loopback_site, medical_assistants_2025())
    run_refresh(loopback_site, warehouse)
    base = ["diff", "--warehouse", str(warehouse)]

    default = runner.invoke(app, [*base, "--format", "json"])
    explicit = runner.invoke(app, [*base, "1", "2", "--format", "json"])
    assert json.loads(default.stdout) == json.loads(explicit.stdout)

    only = json.loads(runner.invoke(app, [*base, "--metric", "employment", "--format", "json"]).stdout)
    assert {d["metric"] for d in only} == {"employment"} and len(only) == 1

    markdown = runner.invoke(app, [*base, "--soc", "31-9092", "--format", "markdown"]).stdout
    assert markdown.splitlines()[0].startswith("| change | source | metric |")
    assert "| rolled | bls-ooh | employment | 31-9092 |" in markdown

    csv_lines = runner.invoke(app, [*base, "--metric", "employment", "--format", "csv"]).stdout.splitlines()
    assert csv_lines[1].startswith(
        "rolled,bls-ooh,employment,31-9092,Medical assistants,US,,jobs,783900,811000"
    )

    missing = runner.invoke(app, [*base, "1", "9"])
    assert missing.exit_code == 1 and "release 9" in missing.stderr
    assert runner.invoke(app, [*base, "--source", "nha", "--format", "json"]).stdout.strip() == "[]"


def test_export_writes_parquet_of_each_table(tmp_path, replay_2025):
    warehouse = tmp_path / "wh.duckdb"
    refresh(sources=["bls-ooh"], replay=str(replay_2025), warehouse=str(warehouse))
    out = tmp_path / "export"
    result = runner.invoke(app, ["export", str(out), "--warehouse", str(warehouse)])
    assert result.exit_code == 0, result.output
    con = duckdb.connect()
    for table in ("facts", "facts_history", "releases", "documents"):
        exported = con.execute(f"select count(*) from read_parquet('{out / table}.parquet')").fetchone()
        assert exported == rows(warehouse, f"select count(*) from {table}")[0]
    assert con.execute(
        f"select value_num from read_parquet('{out}/facts.parquet') "
        "where soc_code = '31-9092' and metric = 'employment'"
    ).fetchall() == [(811000,)]
    assert MA_URL in {r[0] for r in rows(warehouse, "select url from documents")}


def test_an_edition_served_old_new_old_again_is_no_change_from_first_to_last(tmp_path, loopback_site):
    warehouse = tmp_path / "wh.duckdb"
    for page in (medical_assistants_2024(), medical_assistants_2025(), medical_assistants_2024()):
        serve(loopback_site, page)
        assert run_refresh(loopback_site, warehouse).exit_code == 0

    assert rows(warehouse, "select count(*) from release_diff(1, 2) where soc_code = '31-9092'")[0][0] > 0
    assert rows(warehouse, "select * from release_diff(1, 3)") == []
    result = runner.invoke(app, ["diff", "1", "3", "--format", "json", "--warehouse", str(warehouse)])
    assert result.exit_code == 0 and json.loads(result.stdout) == []


def test_the_same_figures_in_other_bytes_are_confirmed_without_history(tmp_path, loopback_site):
    warehouse = tmp_path / "wh.duckdb"
    page = render(medical_assistants_2025())
    loopback_site.routes[SEC_PATH] = Served(200, render(secretaries_2025()).encode())
    loopback_site.routes[MA_PATH] = Served(200, page.encode())
    assert run_refresh(loopback_site, warehouse).release.status == "complete"
    history = rows(warehouse, "select count(*) from facts_history")

    restyled = page.replace("</body>", '<p class="footer">Last modified: September 4, 2025</p>\n</body>')
    loopback_site.routes[MA_PATH] = Served(200, restyled.encode())
    second = run_refresh(loopback_site, warehouse)

    new_sha = hashlib.sha256(restyled.encode()).hexdigest()
    old_sha = hashlib.sha256(page.encode()).hexdigest()
    assert second.release.status == "unchanged"
    assert rows(warehouse, "select count(*) from facts_history") == history
    assert rows(warehouse, "select distinct document_sha256 from facts where source_url = ?", [MA_URL]) == [
        (new_sha,)
    ]
    assert rows(
        warehouse, "select distinct document_sha256 from facts_as_of(1) where source_url = ?", [MA_URL]
    ) == [(old_sha,)]
    new_fetch = rows(warehouse, "select fetched_at from documents where sha256 = ?", [new_sha])[0][0]
    readings = read_series(warehouse, {"ma": Series("bls-ooh", "employment", "31-9092", "US", None)})
    assert (readings.current["ma"].document_sha256, readings.current["ma"].fetched_at) == (new_sha, new_fetch)

    confirmations = rows(warehouse, "select count(*) from confirmations")
    third = run_refresh(loopback_site, warehouse)
    assert third.release.status == "unchanged"
    assert rows(warehouse, "select count(*) from confirmations") == confirmations  # nothing compared
    assert rows(warehouse, "select count(*) from facts_history") == history


@dataclass(frozen=True)
class Series:
    source: str
    metric: str
    who: str
    area: str
    industry: str | None
