"""Warehouse load benchmark (issue 5): prints JSON. Not a test; run `uv run python benchmarks/warehouse.py`.

In one run, on N synthetic facts with realistic identities:
- floor: DuckDB's own bulk insert of the same rows into a plain table with the warehouse's column
  types (a fresh file);
- first_load: `load_release` into an empty warehouse;
- noop_reload: the same documents again (zero history rows may be written);
- change_reload: 1% of values revised (history rows added must equal the revisions);
- diff: `release_diff` between the last two releases;
- peak RSS of the process.
Goals: first_load <= 2x floor; noop_reload <= 0.1x first_load; diff <= 1 s; peak RSS <= 2 GB.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

import duckdb

# This file is named like the `warehouse` package; keep its own folder off the import path.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent / "tests"))

from synthetic_facts import change_values, documents_for, synthetic_facts  # noqa: E402

from warehouse.connection import open_read_only  # noqa: E402
from warehouse.load import STAGED_COLUMNS, load_release  # noqa: E402

PEAKS_MB: dict[str, int] = {}


def peak_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def timed(fn, label: str):
    start = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - start
    PEAKS_MB[label] = peak_mb()  # the process's peak so far, read after each phase
    return elapsed, result


def history_rows(path: Path) -> int:
    con = open_read_only(path)
    try:
        return con.execute("SELECT count(*) FROM facts_history").fetchone()[0]
    finally:
        con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=2_000_000)
    args = parser.parse_args()

    frame = synthetic_facts(args.facts)
    PEAKS_MB["data_generated"] = peak_mb()
    documents = documents_for(frame)
    urls = list(dict.fromkeys(frame["source_url"]))
    changed, n_changed = change_values(frame, 0.01)
    changed_documents = documents_for(changed)

    with tempfile.TemporaryDirectory() as tmp:
        floor_db = Path(tmp) / "floor.duckdb"

        def floor() -> None:
            # The same rows into a plain table with the warehouse's column types: the cost of storing
            # them at all, without identity keys, history or diffs.
            con = duckdb.connect(str(floor_db))
            columns = ", ".join(f"{name} {kind}" for name, kind in STAGED_COLUMNS.items())
            con.execute(f"CREATE TABLE plain ({columns})").fetchall()
            con.register("frame", frame)
            con.execute(f"INSERT INTO plain SELECT {', '.join(STAGED_COLUMNS)} FROM frame").fetchall()
            con.close()

        floor_s, _ = timed(floor, "floor")
        warehouse = Path(tmp) / "wh.duckdb"

        def load(facts, docs):
            return load_release(warehouse, facts, docs, urls, ["bls-oews"], [])

        first_s, first = timed(lambda: load(frame, documents), "first_load")
        rows_after_first = history_rows(warehouse)
        noop_s, noop = timed(lambda: load(frame, documents), "noop_reload")
        rows_after_noop = history_rows(warehouse)
        change_s, change = timed(lambda: load(changed, changed_documents), "change_reload")
        rows_after_change = history_rows(warehouse)

        def diff() -> int:
            con = open_read_only(warehouse)
            try:
                return con.execute(
                    "SELECT count(*) FROM release_diff(?, ?)", [change.release_id - 1, change.release_id]
                ).fetchone()[0]
            finally:
                con.close()

        diff_s, diff_rows = timed(diff, "diff")

    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report = {
        "facts": args.facts,
        "documents": len(urls),
        "floor_s": round(floor_s, 3),
        "first_load_s": round(first_s, 3),
        "first_load_vs_floor": round(first_s / floor_s, 2),
        "first_load_facts_added": first.facts_added,
        "history_rows_after_first": rows_after_first,
        "noop_reload_s": round(noop_s, 3),
        "noop_vs_first_load": round(noop_s / first_s, 3),
        "noop_history_rows_written": rows_after_noop - rows_after_first,
        "noop_status": noop.status,
        "change_reload_s": round(change_s, 3),
        "values_changed": n_changed,
        "change_history_rows_added": rows_after_change - rows_after_noop,
        "change_facts_changed": change.facts_changed,
        "diff_s": round(diff_s, 3),
        "diff_rows": diff_rows,
        "peak_rss_mb": round(peak_rss_mb),
        "peak_rss_mb_after_each_phase": PEAKS_MB,
        "goals_met": {
            "first_load_le_2x_floor": first_s <= 2 * floor_s,
            "noop_le_0.1x_first_load": noop_s <= 0.1 * first_s,
            "noop_zero_rows": rows_after_noop == rows_after_first,
            "change_rows_equal_changes": rows_after_change - rows_after_noop == n_changed,
            "diff_le_1s": diff_s <= 1.0,
            "peak_rss_le_2gb": peak_rss_mb <= 2048,
        },
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
