"""BLS data files benchmark (issue 13): prints one JSON line. Not a test; run
`uv run python benchmarks/bls_files.py` (the first run writes the synthetic workbook, several minutes).

1. all-data scale: a synthetic workbook with the shape and size of `oesmYYall` (410,000 rows, the real
   file's 32 columns: the real national rows repeated over states, metropolitan areas and industries,
   special values and flags included), cached under --cache (default /tmp/laborstats-bench-bls-files)
   with a CSV of the same rows.
   - read: `read_oews_file` turning it into tidy facts, timed in a fresh subprocess that does nothing
     else, so its peak RSS is the reader's alone;
   - floor: DuckDB's own bulk load of the same rows from the CSV (CREATE TABLE AS read_csv);
   - load: in another fresh subprocess, read again and load the facts into a temporary laborstats
     warehouse through `warehouse.load.load_release` (as a refresh would), then load the same document
     again (a repeated refresh: nothing changes, the loader skips it); its peak RSS too.
   Goals (issue 13): read + normalise + load <= 2x floor, repeated load <= 0.1x first, peak <= 2 GB.
2. reader: the real May 2023 national file in ../shared/samples: `read_oews_file` (best of three), the
   sheet read alone through fastexcel (the OEWS reader) and python-calamine (the EP reader), and
   python-calamine vs openpyxl through pd.read_excel on its workbook.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import math
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import numpy as np
import openpyxl
import pandas as pd
from python_calamine import CalamineWorkbook

# benchmarks/warehouse.py is named like the `warehouse` package; keep this folder off the import path.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

from extractors.parsing.excel import Workbook, read_sheet_text, sheet_names  # noqa: E402
from extractors.sources import extractor_version  # noqa: E402
from extractors.sources.bls_oews_files.workbook import SOURCE, read_oews_file  # noqa: E402
from warehouse.load import DocumentRecord, load_release  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
REAL_ZIP = REPO.parent / "shared" / "samples" / "bls-oews-bulk" / "oesm23nat.zip"


def peak_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def real_workbook(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        member = next(n for n in archive.namelist() if n.lower().endswith((".xlsx", ".xls")))
        return archive.read(member)


def best_of(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def compare_readers(book: bytes) -> dict[str, float]:
    def read(engine: str) -> None:
        pd.read_excel(io.BytesIO(book), sheet_name=0, dtype=object, engine=engine, keep_default_na=False)

    def direct() -> None:
        pd.DataFrame(CalamineWorkbook.from_filelike(io.BytesIO(book)).get_sheet_by_index(0).to_python())

    calamine = best_of(3, lambda: read("calamine"))
    openpyxl_s = best_of(3, lambda: read("openpyxl"))
    workbook = Workbook("national", book)
    text = best_of(3, lambda: read_sheet_text(workbook, sheet_names(workbook)[0]))
    return {
        "fastexcel_text_s": round(text, 3),  # the OEWS reader's sheet read (excel.read_sheet_text)
        "calamine_direct_s": round(best_of(3, direct), 3),  # the EP reader's (excel.read_sheet)
        "calamine_s": round(calamine, 3),  # pd.read_excel(engine="calamine")
        "openpyxl_s": round(openpyxl_s, 3),
        "openpyxl_over_calamine": round(openpyxl_s / calamine, 1),
        "openpyxl_over_fastexcel_text": round(openpyxl_s / text, 1),
    }


def synthetic_rows(book: bytes, rows: int) -> pd.DataFrame:
    """The real national rows repeated over areas and industries until `rows` rows."""
    real = pd.read_excel(
        io.BytesIO(book), sheet_name=0, dtype=object, engine="calamine", keep_default_na=False
    )
    copies = math.ceil(rows / len(real))
    parts = []
    for copy in range(copies):
        part = real.copy()
        if copy == 0:
            parts.append(part)
            continue
        kind = copy % 3
        if kind == 0:  # a state
            part["AREA"], part["AREA_TYPE"] = str(copy % 56 + 1), "2"
        elif kind == 1:  # a metropolitan area
            part["AREA"], part["AREA_TYPE"] = str(10000 + copy * 10), "4"
        else:  # an industry, nationally
            part["NAICS"], part["NAICS_TITLE"], part["I_GROUP"] = (
                f"{600000 + copy:06d}",
                f"Industry {copy}",
                "4-digit",
            )
        if kind != 2:
            employment = pd.to_numeric(part["TOT_EMP"], errors="coerce")
            part["JOBS_1000"] = (employment / 1518.5387).round(3).fillna("**")
            part["LOC_QUOTIENT"] = 1.0
        parts.append(part)
    return pd.concat(parts, ignore_index=True).iloc[:rows]


def write_xlsx(frame: pd.DataFrame, path: Path) -> None:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("all_data_M_2023")
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False, name=None):
        sheet.append([None if value == "" else value for value in row])
    notes = book.create_sheet("Field Descriptions")
    notes.append(["#  = wage equal to or greater than $115.00 per hour or $239,200 per year"])
    tmp = path.with_suffix(".part")
    book.save(tmp)
    tmp.rename(path)


def cached_inputs(cache: Path, rows: int) -> tuple[Path, Path]:
    cache.mkdir(parents=True, exist_ok=True)
    xlsx, csv = cache / f"all_data_M_2023_{rows}.xlsx", cache / f"all_data_M_2023_{rows}.csv"
    if not (xlsx.exists() and csv.exists()):
        frame = synthetic_rows(real_workbook(REAL_ZIP), rows)
        frame.to_csv(csv, index=False)
        write_xlsx(frame, xlsx)
    return xlsx, csv


def duckdb_floor(csv: Path) -> float:
    connection = duckdb.connect(":memory:")
    start = time.perf_counter()
    connection.execute(f"CREATE TABLE rows AS SELECT * FROM read_csv('{csv}', header = true)")
    elapsed = time.perf_counter() - start
    connection.close()
    return elapsed


# DuckDB's own bulk load of the workbook itself: its `excel` extension's read_xlsx, all cells as text
# (typed columns fail on the special values `*` and `#`). The extension ships for an older DuckDB than the
# project's, so it runs in a throwaway environment of its own; only the CREATE TABLE is timed.
XLSX_FLOOR_DUCKDB = "1.5.5"
_XLSX_FLOOR_SCRIPT = """
import json, pathlib, sys, time
import duckdb, duckdb_extension_excel
extension = next(pathlib.Path(duckdb_extension_excel.__file__).parent.rglob("*.duckdb_extension"))
connection = duckdb.connect()
connection.execute(f"LOAD '{extension}'")
start, cpu = time.perf_counter(), time.process_time()
connection.execute("CREATE TABLE t AS SELECT * FROM read_xlsx(?, all_varchar = true)", [sys.argv[1]])
elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
rows = connection.execute("SELECT count(*) FROM t").fetchone()[0]
print(json.dumps({"seconds": elapsed, "cpu_seconds": cpu, "rows": rows, "duckdb": duckdb.__version__}))
"""


def duckdb_xlsx_floor(xlsx: Path) -> dict:
    """DuckDB's bulk load of `xlsx` through its excel extension, in a subprocess (`uv run --no-project`
    with the extension's DuckDB): {"seconds", "cpu_seconds" (all its threads), "rows", "duckdb"}, or
    {"error"} saying why it could not run. Never a made-up number."""
    command = [
        "uv", "run", "--no-project", "--quiet",
        "--with", f"duckdb=={XLSX_FLOOR_DUCKDB}", "--with", f"duckdb-extension-excel=={XLSX_FLOOR_DUCKDB}",
        "python", "-c", _XLSX_FLOOR_SCRIPT, str(xlsx),
    ]  # fmt: skip
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=tempfile.gettempdir())
    except (OSError, subprocess.TimeoutExpired) as error:
        return {"error": f"{' '.join(command[:3])} could not run: {error}"}
    if done.returncode != 0:
        return {"error": f"exit {done.returncode}: {(done.stderr or done.stdout).strip()[-500:]}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def warehouse_frame(facts: pd.DataFrame, url: str, sha256: str) -> pd.DataFrame:
    """The facts with the provenance the warehouse stores, as categoricals (one document)."""
    frame = facts.copy(deep=False)
    for column, value in {
        "document": url,
        "source_url": url,
        "document_sha256": sha256,
        "extractor_version": extractor_version(SOURCE),
    }.items():
        frame[column] = pd.Categorical.from_codes(np.zeros(len(frame), dtype=np.int8), categories=[value])
    return frame


def phase_read(xlsx: Path) -> dict:
    data = xlsx.read_bytes()
    start = time.perf_counter()
    result = read_oews_file(data, xlsx.name)
    elapsed = time.perf_counter() - start
    return {
        "rows": result.rows_read,
        "facts": len(result.facts),
        "top_coded_facts": int(result.notes["top_coded_facts"]),
        "facts_frame_mb": round(result.facts.memory_usage(deep=True).sum() / 2**20),
        "read_normalise_s": round(elapsed, 2),
        "peak_rss_mb": peak_mb(),
    }


def phase_load(xlsx: Path) -> dict:
    data = xlsx.read_bytes()
    url = f"https://www.bls.gov/oes/special-requests/{xlsx.name}"
    sha256 = hashlib.sha256(data).hexdigest()
    document = DocumentRecord(url, sha256, datetime.now(UTC), 200, "application/zip", len(data), SOURCE)
    start = time.perf_counter()
    facts = warehouse_frame(read_oews_file(data, xlsx.name).facts, url, sha256)
    read_s = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as tmp:
        warehouse = Path(tmp) / "warehouse.duckdb"

        def load():
            began = time.perf_counter()
            summary = load_release(warehouse, facts, [document], [url], [SOURCE], [])
            return time.perf_counter() - began, summary

        first_s, first = load()
        repeat_s, repeat = load()
    return {
        "read_normalise_s": round(read_s, 2),
        "first_load_s": round(first_s, 2),
        "first_load_facts_added": first.facts_added,
        "repeat_load_s": round(repeat_s, 3),
        "repeat_load_status": repeat.status,
        "peak_rss_mb": peak_mb(),
    }


def in_fresh_process(phase: str, xlsx: Path) -> dict:
    """`phase` run by a new interpreter, so what earlier phases allocated does not count in its peak."""
    command = [sys.executable, __file__, "--phase", phase, "--xlsx", str(xlsx)]
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=REPO)
    return json.loads(done.stdout.strip().splitlines()[-1])


def real_national(path: Path) -> dict:
    data = path.read_bytes()
    return {
        "read_oews_file_s": round(best_of(3, lambda: read_oews_file(data, path.name)), 3),
        **compare_readers(real_workbook(path)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=410_000)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/laborstats-bench-bls-files"))
    parser.add_argument("--skip-readers", action="store_true", help="skip the real national file's readers")
    parser.add_argument("--phase", choices=["read", "load"], help=argparse.SUPPRESS)  # a subprocess's job
    parser.add_argument("--xlsx", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps((phase_read if args.phase == "read" else phase_load)(args.xlsx)))
        return
    cached = (args.cache / f"all_data_M_2023_{args.rows}.xlsx").exists()
    xlsx, csv = cached_inputs(args.cache, args.rows)
    read = in_fresh_process("read", xlsx)
    floor = duckdb_floor(csv)
    load = in_fresh_process("load", xlsx)
    total = load["read_normalise_s"] + load["first_load_s"]
    report = {
        "benchmark": "bls_files",
        "rows": read["rows"],
        "facts": read["facts"],
        "top_coded_facts": read["top_coded_facts"],
        "xlsx_mb": round(xlsx.stat().st_size / 2**20, 1),
        "inputs_cached": cached,
        "read_normalise_s": read["read_normalise_s"],
        "duckdb_floor_s": round(floor, 2),
        "read_normalise_over_floor": round(read["read_normalise_s"] / floor, 1),
        "peak_rss_mb_read": read["peak_rss_mb"],
        "facts_frame_mb": read["facts_frame_mb"],
        "load": load,
        "read_normalise_load_s": round(total, 2),
        "read_normalise_load_over_floor": round(total / floor, 1),
        "repeat_load_over_first": round(load["repeat_load_s"] / load["first_load_s"], 3),
        "goals": {
            "read_normalise_load_le_2x_floor": total <= 2 * floor,
            "repeat_le_0.1x_first": load["repeat_load_s"] <= 0.1 * load["first_load_s"],
            "peak_le_2gb": max(read["peak_rss_mb"], load["peak_rss_mb"]) <= 2048,
        },
    }
    if not args.skip_readers:
        report["real_national_2023"] = real_national(REAL_ZIP)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
