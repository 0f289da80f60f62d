"""The `laborstats` command line, run in-process through typer's runner."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import MA_URL, SEC_URL, write_replay
from ooh_pages import actors_2025, medical_assistants_2025, render, render_index, secretaries_2025
from typer.testing import CliRunner

from extractors.batch import parse_files
from flows.cli import app

runner = CliRunner()
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def built_warehouse(tmp_path_factory, prefect_harness) -> Path:
    """One refresh for the module: the tests below only read what it wrote. The flow runs in this process
    (the refresh command's own process handling is tested in test_cli_interrupt and test_orchestration),
    which spares a worker process's start."""
    from flows.refresh import run_refresh, summary_line

    built = tmp_path_factory.mktemp("loaded")
    replay = write_replay(
        built / "replay", {MA_URL: render(medical_assistants_2025()), SEC_URL: render(secretaries_2025())}
    )
    warehouse = built / "wh.duckdb"
    result = run_refresh(sources=["bls-ooh"], replay=str(replay), warehouse=str(warehouse))
    assert result.exit_code == 0, summary_line(result)
    assert "release 1 (complete)" in summary_line(result)  # the line the command prints
    return warehouse


@pytest.fixture
def loaded_warehouse(tmp_path, built_warehouse) -> Path:
    """A copy of the module's warehouse, so no test sees what another did to it."""
    warehouse = tmp_path / "wh.duckdb"
    shutil.copyfile(built_warehouse, warehouse)
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


def test_parse_many_files_keeps_input_order_and_names_each_bad_file(tmp_path):
    pages = {"ma": medical_assistants_2025(), "sec": secretaries_2025(), "actors": actors_2025()}
    files = []
    for i in range(4):
        for name, page in pages.items():
            path = tmp_path / f"{i}-{name}.htm"
            path.write_text(render(page, browser_form=bool(i % 2)))
            files.append(path)
    blocked = tmp_path / "blocked.htm"
    blocked.write_text("<html><head><title>Access Denied</title></head><body>Access Denied</body></html>")
    files.insert(5, blocked)
    index = tmp_path / "index.htm"
    index.write_text(render_index([("Cashiers", "https://www.bls.gov/ooh/sales/cashiers.htm")]))
    files.append(index)

    result = runner.invoke(app, ["parse", "bls-ooh", *map(str, files)])

    assert result.exit_code == 1
    assert f"error: {blocked}: not a BLS OOH occupation page" in result.stderr
    assert f"error: {index}: not a BLS OOH occupation page" in result.stderr
    assert "2 of 14 files failed" in result.stderr
    facts = [json.loads(line) for line in result.stdout.splitlines()]
    documents = list(dict.fromkeys(f["document"] for f in facts))
    assert documents == [str(f) for f in files if f not in (blocked, index)]
    # copies of one page each state all of their facts: parse dedupes within a document, not across
    per_document = Counter(f["document"] for f in facts)
    assert per_document[str(files[0])] == per_document[str(tmp_path / "1-ma.htm")] > 15


def test_parse_files_in_parallel_equals_one_by_one(tmp_path):
    files = []
    for i in range(10):
        path = tmp_path / f"{i}.htm"
        page = [medical_assistants_2025, secretaries_2025, actors_2025][i % 3]()
        path.write_text(render(page))
        files.append(str(path))
    files.append(str(tmp_path / "missing.htm"))
    parallel = list(parse_files("bls-ooh", files, workers=2))
    serial = list(parse_files("bls-ooh", files, workers=1))
    assert parallel == serial
    assert [o.document for o in parallel] == files
    assert parallel[-1].result is None and "missing.htm: cannot read" in parallel[-1].error


def test_parse_does_not_import_pandas(tmp_path):
    """Importing pandas costs more than parsing a hundred pages; `parse` must get by without it."""
    page = tmp_path / "ma.htm"
    page.write_text(render(medical_assistants_2025()))
    script = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from flows.cli import app\n"
        f"result = CliRunner().invoke(app, ['parse', 'bls-ooh', {str(page)!r}])\n"
        "assert result.exit_code == 0, result.output\n"
        "assert '\"employment\"' in result.stdout\n"
        "print('pandas' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


def test_a_file_whose_facts_break_the_contract_fails_alone(tmp_path):
    untitled = medical_assistants_2025()
    untitled.title, untitled.rows = "", []  # no occupation named anywhere: facts without a title
    bad = tmp_path / "untitled.htm"
    bad.write_text(render(untitled))
    good = tmp_path / "good.htm"
    good.write_text(render(medical_assistants_2025()))
    result = runner.invoke(app, ["parse", "bls-ooh", str(bad), str(good)])
    assert result.exit_code == 1
    assert f"error: {bad}: bls-ooh" in result.stderr and "no occupation title" in result.stderr
    assert {json.loads(line)["document"] for line in result.stdout.splitlines()} == {str(good)}
