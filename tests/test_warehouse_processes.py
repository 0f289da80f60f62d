"""The warehouse across processes: lock waits, crashes at any moment, concurrent writers, migrations."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from warehouse.connection import WarehouseBusyError, WarehouseError, open_for_write, open_read_only
from warehouse.query import run_query
from warehouse.schema import MIGRATIONS, SCHEMA_VERSION

TESTS = Path(__file__).resolve().parent

HOLD_SCRIPT = """
import sys, time
from warehouse.connection import open_for_write
con = open_for_write(sys.argv[1])
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
con.close()
"""

# Prints "statement" before each statement a load runs (BEGIN and COMMIT included), so a test can kill the
# process at a chosen point of a load, whatever the machine's speed, and "loaded N" after each release.
LOAD_SCRIPT = f"""
import sys
sys.path.insert(0, {str(TESTS)!r})
from synthetic_facts import change_values, documents_for, synthetic_facts
import warehouse.load
from warehouse.load import load_release
_run = warehouse.load.run
def traced_run(con, sql, params=None):
    print("statement", flush=True)
    return _run(con, sql, params)
warehouse.load.run = traced_run
warehouse, loads, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
base = synthetic_facts(50_000, facts_per_document=250)
urls = list(dict.fromkeys(base["source_url"]))
for k in range(loads):
    frame, _ = change_values(base, 0.05, seed=seed * 1000 + k)
    summary = load_release(warehouse, frame, documents_for(frame), urls, ["bls-oews"], [])
    print("loaded", summary.release_id, flush=True)
"""


def python(script: str, *args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def hold_lock(warehouse: Path, seconds: float) -> subprocess.Popen:
    proc = python(HOLD_SCRIPT, str(warehouse), str(seconds))
    assert proc.stdout.readline().strip() == "holding", proc.stderr.read()
    return proc


@pytest.fixture
def warehouse(tmp_path) -> Path:
    path = tmp_path / "wh.duckdb"
    open_for_write(path).close()
    return path


def test_a_second_writer_waits_for_the_first(warehouse):
    holder = hold_lock(warehouse, 1.5)
    con = open_for_write(warehouse, timeout_s=60)
    try:
        assert holder.poll() is not None, "got the write lock while another process held it"
    finally:
        con.close()
        holder.wait()


def test_a_writer_that_cannot_wait_longer_names_the_holder(warehouse):
    holder = hold_lock(warehouse, 60)
    try:
        with pytest.raises(WarehouseBusyError) as caught:
            open_for_write(warehouse, timeout_s=0.5)
        assert f"process {holder.pid}" in str(caught.value)
        assert str(warehouse) in str(caught.value)
    finally:
        holder.kill()
        holder.wait()


def test_query_during_a_load_waits_briefly_and_answers(warehouse):
    holder = hold_lock(warehouse, 1.5)
    frame = run_query(warehouse, "select count(*) as n from releases")
    assert frame["n"].tolist() == [0]
    assert holder.poll() is not None
    holder.wait()


def test_an_older_warehouse_is_migrated_and_a_newer_one_refused(tmp_path):
    old = tmp_path / "old.duckdb"
    con = duckdb.connect(str(old))
    for statement in MIGRATIONS[0].split(";\n"):
        if statement.strip():
            con.execute(statement).fetchall()
    con.execute("insert into schema_version values (1, now())").fetchall()
    con.execute(
        "insert into facts_history values (md5('k'), md5('s'), 'u', 'bls-ooh', 'employment', "
        "'31-9092', 'Medical assistants', 'US', NULL, '2024', 811000, NULL, 'jobs', NULL, 'u', "
        "'sha', 'bls-ooh/1', 1, NULL)"
    ).fetchall()
    con.close()

    frame = run_query(
        old, "select value_num, extractor_version, document_sha256, confirmed_release from facts"
    )
    assert frame.values.tolist() == [[811000.0, "bls-ooh/1", "sha", 1]]  # confirmations backfilled
    assert run_query(old, "select max(version) as v from schema_version")["v"].tolist() == [SCHEMA_VERSION]

    con = duckdb.connect(str(old))
    con.execute("insert into schema_version values (?, now())", [SCHEMA_VERSION + 1]).fetchall()
    con.close()
    for opener in (open_for_write, open_read_only):
        with pytest.raises(WarehouseError, match="newer than this laborstats"):
            opener(old)


MIGRATE_AND_DIE_SCRIPT = """
import os, sys
from warehouse.connection import open_for_write
connection = open_for_write(sys.argv[1])  # kept open: closing would checkpoint
os._exit(9)  # no close, no checkpoint: the migrations stay in DuckDB's write-ahead log
"""


def test_a_warehouse_whose_creator_died_before_a_checkpoint_opens_offline(tmp_path):
    """The migrations' macros replay from the write-ahead log with no network (CI and this machine have
    none), instead of DuckDB trying to download an extension it already has built in."""
    warehouse = tmp_path / "wh.duckdb"
    creator = python(MIGRATE_AND_DIE_SCRIPT, str(warehouse))
    creator.wait()
    assert Path(f"{warehouse}.wal").exists(), creator.stderr.read()
    frame = run_query(warehouse, "select max(version) as v from schema_version")
    assert frame["v"].tolist() == [SCHEMA_VERSION]


def check_consistent(warehouse: Path) -> int:
    """Every release that exists is whole: contiguous ids, history only from existing releases, one
    open version per fact, and each release's counts equal to its diff. Returns the release count."""
    con = open_for_write(warehouse, timeout_s=30)  # replays DuckDB's WAL after a crash
    try:
        ids = [r[0] for r in con.execute("select release_id from releases order by 1").fetchall()]
        assert ids == list(range(1, len(ids) + 1))
        latest = ids[-1] if ids else 0
        top_from, top_to = con.execute(
            "select coalesce(max(valid_from_release), 0), coalesce(max(valid_to_release), 0) "
            "from facts_history"
        ).fetchone()
        assert top_from <= latest and top_to <= latest
        assert con.execute("select coalesce(max(release_id), 0) from confirmations").fetchone()[0] <= latest
        assert con.execute(
            "select count(*) from (select fact_key from facts_history where valid_to_release is null "
            "group by fact_key having count(*) > 1)"
        ).fetchone() == (0,)
        for release in ids:
            recorded = con.execute(
                "select facts_added, facts_changed, facts_removed, facts_rolled from releases "
                "where release_id = ?",
                [release],
            ).fetchone()
            counts = dict(
                con.execute(
                    "select change, count(*) from release_diff(?, ?) group by change",
                    [release - 1, release],
                ).fetchall()
            )
            expected = tuple(counts.get(c, 0) for c in ("added", "changed", "removed", "rolled"))
            assert recorded == expected, f"release {release}"
        if ids:
            assert con.execute("select count(*) from facts").fetchone() == (50_000,)
        return len(ids)
    finally:
        con.close()


def test_loads_killed_at_random_moments_never_leave_half_a_release(tmp_path):
    """Each trial lets a random number of loads finish, then kills the loader just as it starts a random
    statement of the next load (one of its transaction's statements, or the BEGIN or COMMIT)."""
    warehouse = tmp_path / "wh.duckdb"
    rng = random.Random(20250828)
    releases_seen = 0
    per_load = 0  # statements in one load, counted in the first trial's first load
    for trial in range(5):
        loader = python(LOAD_SCRIPT, str(warehouse), "50", str(trial))
        finished = rng.randrange(1 if trial == 0 else 0, 3)  # the first trial always writes a release
        kill_at, loaded, statements = None, 0, 0
        for line in loader.stdout:
            if line.startswith("loaded"):
                per_load = per_load or statements
                loaded, statements = loaded + 1, 0
                continue
            statements += 1
            if loaded == finished:
                kill_at = kill_at or rng.randrange(1, per_load + 1)
                if statements == kill_at:
                    break
        os.kill(loader.pid, signal.SIGKILL)
        loader.wait()
        assert statements == kill_at, loader.stderr.read()
        releases = check_consistent(warehouse)
        assert releases >= releases_seen + finished  # a crash never takes away a release already written
        releases_seen = releases
    assert releases_seen > 0


def test_two_refreshes_loading_at_once_leave_one_consistent_warehouse(tmp_path):
    warehouse = tmp_path / "wh.duckdb"
    loaders = [python(LOAD_SCRIPT, str(warehouse), "3", str(seed)) for seed in (1, 2)]
    for loader in loaders:
        out, err = loader.communicate(timeout=300)
        assert loader.returncode == 0, err
        assert out.count("loaded") == 3
    assert check_consistent(warehouse) == 6
