"""The `laborstats` command line, run in-process through typer's runner."""

from __future__ import annotations

import json

import pytest
from ooh_pages import medical_assistants_2025, render
from typer.testing import CliRunner

from flows.cli import app

runner = CliRunner()


@pytest.fixture
def loaded_warehouse(tmp_path, replay_2025, prefect_harness):
    warehouse = tmp_path / "wh.duckdb"
    result = runner.invoke(app, ["refresh", "--replay", str(replay_2025), "--warehouse", str(warehouse)])
    assert result.exit_code == 0, result.output
    assert "release 1 (complete)" in result.output
    return warehouse


def test_query_answers_from_the_warehouse(loaded_warehouse):
    result = runner.invoke(
        app,
        [
            "query",
            "select value_num from facts where soc_code = '31-9092' and metric = 'employment'",
            "--warehouse",
            str(loaded_warehouse),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"value_num": 811000}]


def test_query_refuses_writes(loaded_warehouse):
    result = runner.invoke(app, ["query", "delete from facts_history", "--warehouse", str(loaded_warehouse)])
    assert result.exit_code == 1
    assert "read-only" in result.stderr
    count = runner.invoke(
        app,
        ["query", "select count(*) as n from facts_history", "--warehouse", str(loaded_warehouse),
         "--format", "csv"],
    )  # fmt: skip
    assert count.stdout.splitlines()[1] != "0"


def test_releases_json(loaded_warehouse):
    result = runner.invoke(app, ["releases", "--warehouse", str(loaded_warehouse), "--format", "json"])
    assert result.exit_code == 0
    [release] = json.loads(result.stdout)
    assert release["release_id"] == 1
    assert release["status"] == "complete"
    assert release["sources_ok"] == ["bls-ooh"] and release["sources_failed"] == []


def test_query_without_warehouse_names_the_path(tmp_path):
    missing = tmp_path / "none.duckdb"
    result = runner.invoke(app, ["query", "select 1", "--warehouse", str(missing)])
    assert result.exit_code == 1
    assert str(missing) in result.stderr


def test_parse_prints_one_json_fact_per_line(tmp_path):
    page = tmp_path / "medical-assistants.htm"
    page.write_text(render(medical_assistants_2025()))
    result = runner.invoke(app, ["parse", "bls-ooh", str(page)])
    assert result.exit_code == 0, result.output
    facts = [json.loads(line) for line in result.stdout.splitlines()]
    jobs = [f for f in facts if f["metric"] == "employment"]
    assert jobs == [
        {
            "document": str(page),
            "source": "bls-ooh",
            "metric": "employment",
            "soc_code": "31-9092",
            "occupation": "Medical assistants",
            "area": "US",
            "industry": None,
            "period": "2024",
            "value": 811000,
            "unit": "jobs",
            "qualifier": None,
        }
    ]
    assert isinstance(next(f for f in facts if f["metric"] == "median_pay_hourly")["value"], float)


def test_parse_names_bad_files_and_keeps_going(tmp_path):
    good = tmp_path / "good.htm"
    good.write_text(render(medical_assistants_2025()))
    bad = tmp_path / "index.htm"
    bad.write_text("<html><body><h1>A-Z Index</h1></body></html>")
    missing = tmp_path / "missing.htm"
    result = runner.invoke(app, ["parse", "bls-ooh", str(bad), str(good), str(missing)])
    assert result.exit_code == 1
    assert f"{bad}: not a BLS OOH occupation page" in result.stderr
    assert f"{missing}: cannot read" in result.stderr
    assert "2 of 3 files failed" in result.stderr
    assert {json.loads(line)["document"] for line in result.stdout.splitlines()} == {str(good)}


def test_parse_csv_and_unknown_source(tmp_path):
    page = tmp_path / "ma.htm"
    page.write_text(render(medical_assistants_2025()))
    csv_out = runner.invoke(app, ["parse", "bls-ooh", str(page), "--format", "csv"])
    assert csv_out.stdout.splitlines()[0].startswith("document,source,metric,soc_code")
    unknown = runner.invoke(app, ["parse", "no-such-source", str(page)])
    assert unknown.exit_code == 1
    assert "no-such-source" in unknown.stderr


def test_refresh_with_unknown_occupation_fails_cleanly(tmp_path, replay_2025, prefect_harness):
    result = runner.invoke(
        app,
        ["refresh", "--replay", str(replay_2025), "--warehouse", str(tmp_path / "w.duckdb"),
         "--occupation", "astronauts"],
    )  # fmt: skip
    assert result.exit_code == 1
    assert "astronauts" in result.stderr
    assert not (tmp_path / "w.duckdb").exists()


def test_refresh_from_a_missing_archive_names_the_warehouse(tmp_path, prefect_harness):
    missing = tmp_path / "nowhere.duckdb"
    result = runner.invoke(
        app, ["refresh", "--replay-archive", str(missing), "--warehouse", str(tmp_path / "w.duckdb")]
    )
    assert result.exit_code == 1
    assert f"{missing}: --replay-archive names no warehouse" in result.stderr
    assert not (tmp_path / "w.duckdb").exists()
