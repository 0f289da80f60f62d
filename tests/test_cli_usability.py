"""The command line as a new user meets it: typos fail fast in one line, output a person reads, `show`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import warehouse_rows as rows
from typer.testing import CliRunner

from flows.cli import app
from warehouse.connection import open_for_write

runner = CliRunner()
REPO = Path(__file__).resolve().parents[1]


def one_error_line(result) -> str:
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    return lines[0]


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--sources", "bls-oohh"], "'bls-oohh'"),
        (["--occupation", "astronauts"], "'astronauts'"),
        (["--occupation", "99-9999"], "'99-9999'"),
        (["--replay", "MISSING"], "no such folder"),
        (["--replay", "EMPTY"], "the folder is empty"),
        (["--base-url", "bls"], "--base-url 'bls'"),
        (["--base-url", "bls=127.0.0.1:8000"], "is not an http(s) URL"),
        (["--config", "MISSING/laborstats.toml"], "config file not found"),
        (["--warehouse", "EMPTY"], "is a folder"),
        (["--replay-archive", "MISSING/w.duckdb"], "--replay-archive names no warehouse"),
    ],
)
def test_refresh_typos_fail_before_prefect_in_one_line(tmp_path, args, named):
    (tmp_path / "EMPTY").mkdir()
    args = [
        a.replace("MISSING", str(tmp_path / "missing")).replace("EMPTY", str(tmp_path / "EMPTY"))
        for a in args
    ]
    base = ["refresh", "--replay", "examples/replay", "--warehouse", str(tmp_path / "w.duckdb")]
    if "--replay" in args or "--replay-archive" in args:
        base = ["refresh", "--warehouse", str(tmp_path / "w.duckdb")]
    result = runner.invoke(app, [*base, *args])
    assert result.exit_code == 1
    assert named in one_error_line(result)
    assert not (tmp_path / "w.duckdb").exists()


def test_a_typo_in_a_real_process_is_one_line_and_no_prefect(tmp_path):
    """As a user runs it: one line on stderr, exit 1, and Prefect never imported (it is what is slow)."""
    probe = (
        "import sys, runpy\n"
        "sys.argv = ['laborstats', 'refresh', '--sources', 'nosuch', '--warehouse', sys.argv[1]]\n"
        "try:\n    runpy.run_module('flows.cli', run_name='__main__')\n"
        "except SystemExit as exit:\n"
        "    print('prefect loaded' if 'prefect' in sys.modules else 'no prefect', exit.code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path / "w.duckdb")], cwd=REPO, capture_output=True, text=True
    )
    assert done.stdout.split() == ["no", "prefect", "1"]
    [line] = done.stderr.splitlines()
    assert line.startswith("error: --sources: source 'nosuch' has no parser yet; available: aama, bls-api")


def test_debug_shows_the_traceback(tmp_path):
    result = runner.invoke(
        app, ["--debug", "refresh", "--sources", "nosuch", "--warehouse", str(tmp_path / "w")]
    )
    assert result.exit_code == 1
    assert type(result.exception).__name__ == "RefreshOptionError"


@pytest.fixture
def empty_warehouse(tmp_path) -> Path:
    path = tmp_path / "wh.duckdb"
    open_for_write(path).close()
    return path


def query(warehouse: Path, sql: str, *options: str):
    return runner.invoke(app, ["query", sql, "--warehouse", str(warehouse), *options])


def test_query_table_aligns_numbers_and_prints_dates_as_dates(empty_warehouse):
    sql = "select 811000::DOUBLE as employment_count, 0.1 + 0.2 as share, DATE '2025-04-18' as day, 'US' area"
    table = query(empty_warehouse, sql)
    assert table.exit_code == 0, table.output
    row = next(line for line in table.stdout.splitlines() if "811" in line)
    cells = [cell for cell in row.split("│")[1:-1]]
    assert cells[0].endswith("811,000 ") and cells[0].startswith("  ")  # right-aligned, separated
    assert cells[1].strip() == "0.3"  # not 0.30000000000000004
    assert cells[2].strip() == "2025-04-18"
    csv_out = query(empty_warehouse, sql, "--format", "csv")
    assert csv_out.stdout.splitlines()[1] == "811000,0.3,2025-04-18,US"
    assert json.loads(query(empty_warehouse, sql, "--format", "json").stdout) == [
        {"employment_count": 811000, "share": 0.3, "day": "2025-04-18", "area": "US"}
    ]


@pytest.mark.parametrize(
    ("sql", "says"),
    [
        ("", "no SQL given"),
        ("   ;  ", "no SQL given"),
        ("select 1; select 2", "2 statements given"),
        ("delete from facts_history", "read-only"),
        ("create table t as select 1", "read-only"),
    ],
)
def test_query_refusals_are_one_line(empty_warehouse, sql, says):
    result = query(empty_warehouse, sql)
    assert result.exit_code == 1
    assert says in one_error_line(result)


def test_query_may_copy_to_a_file_but_not_into_the_warehouse(empty_warehouse, tmp_path):
    target = tmp_path / "out.csv"
    copied = query(empty_warehouse, f"copy (select 1 as x) to '{target}' (header)")
    assert copied.exit_code == 0, copied.output
    assert target.read_text().splitlines() == ["x", "1"]
    query(empty_warehouse, f"copy (select * from releases) to '{target}' (header)")
    into = query(empty_warehouse, f"copy releases from '{target}'")
    assert into.exit_code == 1
    assert "read-only" in one_error_line(into)


def test_export_into_an_existing_file_is_one_line(empty_warehouse, tmp_path):
    existing = tmp_path / "file.txt"
    existing.write_text("keep me")
    result = runner.invoke(app, ["export", str(existing), "--warehouse", str(empty_warehouse)])
    assert result.exit_code == 1
    assert str(existing) in one_error_line(result)
    assert existing.read_text() == "keep me"


# A quickstart refresh (examples/replay, all sources) piped to files, as a scheduler or a log would run it.


@pytest.fixture
def quickstart(quickstart_refresh) -> tuple[Path, str]:
    """The suite's one quickstart refresh process (conftest's `quickstart_refresh`)."""
    return quickstart_refresh.warehouse, quickstart_refresh.stderr


def test_quickstart_refresh_writes_no_prefect_log_line(quickstart):
    _, stderr = quickstart
    for prefect_log in ("| INFO", "| WARNING", "Task run", "Flow run", "prefect.io", "telemetry"):
        assert prefect_log not in stderr
    # the first line says what the run waits for: here the running server PREFECT_API_URL names
    assert stderr.splitlines()[0].startswith("refresh: using the Prefect server at http://127.0.0.1:")
    assert len(stderr.splitlines()) < 40
    progress = [line for line in stderr.splitlines() if line.startswith(("fetched", "parsed"))]
    assert len(progress) == 20 and all(len(line) < 200 for line in progress)  # API URLs shortened
    warnings = [line for line in stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == len(set(warnings))


def test_show_lists_every_source_with_its_document(quickstart):
    warehouse, _ = quickstart
    result = runner.invoke(app, ["show", "31-9092", "--warehouse", str(warehouse)])
    assert result.exit_code == 0, result.output
    for source in ("bls-ooh", "bls-oews", "bls-api"):
        assert f"\n{source}  " in result.stdout
    shas = rows(
        warehouse,
        "select distinct document_sha256 from facts where soc_code = '31-9092' and source in "
        "('bls-ooh', 'bls-oews', 'bls-api')",
    )
    assert len(shas) == 3 and all(f"sha256 {sha}" in result.stdout for (sha,) in shas)
    assert "811,000" in result.stdout


def test_show_by_slug_or_title_and_as_json(quickstart):
    warehouse, _ = quickstart
    by_code = runner.invoke(app, ["show", "31-9092", "--metric", "employment", "--format", "json",
                                  "--warehouse", str(warehouse)])  # fmt: skip
    payload = json.loads(by_code.stdout)
    employment = [r for r in payload["current"] if r["source"] == "bls-ooh" and r["period"] == "2024"]
    assert [r["value_num"] for r in employment] == [811000]
    assert employment[0]["document_sha256"] and employment[0]["confirmed_at"] and employment[0]["source_url"]
    for name in ("medical-assistants", "Medical assistants"):
        other = runner.invoke(app, ["show", name, "--metric", "employment", "--format", "json",
                                    "--warehouse", str(warehouse)])  # fmt: skip
        assert json.loads(other.stdout)["current"] == payload["current"]


def test_show_history_and_unknown_names(quickstart):
    warehouse, _ = quickstart
    history = runner.invoke(app, ["show", "31-9092", "--history", "--warehouse", str(warehouse)])
    assert "history:" in history.stdout and "1- (current)" in history.stdout
    nosuch = runner.invoke(app, ["show", "31-9092", "--metric", "nosuch", "--warehouse", str(warehouse)])
    assert nosuch.exit_code == 1 and "'nosuch'" in one_error_line(nosuch)
    unknown = runner.invoke(app, ["show", "99-9999", "--warehouse", str(warehouse)])
    assert unknown.exit_code == 1 and "'99-9999'" in one_error_line(unknown)


def test_diff_names_unknown_filters_and_counts_in_words(quickstart):
    warehouse, _ = quickstart
    nosuch = runner.invoke(app, ["diff", "0", "1", "--metric", "nosuch", "--warehouse", str(warehouse)])
    assert nosuch.exit_code == 1
    assert "--metric 'nosuch': unknown metric" in one_error_line(nosuch)
    for option, typo in (("--source", "bls-oohh"), ("--soc", "319092")):
        wrong = runner.invoke(app, ["diff", "0", "1", option, typo, "--warehouse", str(warehouse)])
        assert wrong.exit_code == 1 and f"{option} '{typo}'" in one_error_line(wrong)
    one = runner.invoke(app, ["diff", "0", "1", "--metric", "employment", "--soc", "31-9092", "--source",
                              "bls-ooh", "--warehouse", str(warehouse)])  # fmt: skip
    assert one.exit_code == 0, one.output
    assert one.stderr.strip() == "release 0 -> 1: 1 change"
    assert "811,000" in one.stdout
