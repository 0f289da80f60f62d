"""BLS data files benchmark (issue 13): prints one JSON line. Not a test; run
`uv run python benchmarks/bls_files.py` (the first run writes the synthetic workbook, several minutes).

1. reader: python-calamine (directly, as the readers do, and through pd.read_excel) vs openpyxl
   reading the same real workbook (the May 2023 national file in ../shared/samples), best of three each.
2. all-data scale: a synthetic workbook with the shape and size of `oesmYYall` (410,000 rows, the real
   file's 32 columns: the real national rows repeated over states, metropolitan areas and industries,
   special values and flags included), read and turned into tidy facts by `read_oews_file`, timed, with the
   process's peak RSS; against the floor of DuckDB's own bulk load of the same rows from a CSV, measured in
   the same run. The workbook and CSV are cached under --cache (default /tmp/laborstats-bench-bls-files).
"""

from __future__ import annotations

import argparse
import io
import json
import math
import resource
import time
import zipfile
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
from python_calamine import CalamineWorkbook

from extractors.bls_files.oews_workbook import read_oews_file

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
    return {
        "calamine_direct_s": round(best_of(3, direct), 3),  # what extractors/bls_files/excel.py does
        "calamine_s": round(calamine, 3),
        "openpyxl_s": round(openpyxl_s, 3),
        "openpyxl_over_calamine": round(openpyxl_s / calamine, 1),
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=410_000)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/laborstats-bench-bls-files"))
    parser.add_argument("--skip-readers", action="store_true", help="skip the calamine/openpyxl comparison")
    args = parser.parse_args()
    cached = (args.cache / f"all_data_M_2023_{args.rows}.xlsx").exists()
    xlsx, csv = cached_inputs(args.cache, args.rows)
    data = xlsx.read_bytes()
    start_mb = peak_mb()
    start = time.perf_counter()
    result = read_oews_file(data, xlsx.name)
    read_normalise = time.perf_counter() - start
    read_peak = peak_mb()
    floor = duckdb_floor(csv)
    report = {
        "benchmark": "bls_files",
        "rows": result.rows_read,
        "facts": len(result.facts),
        "top_coded_facts": int(result.notes["top_coded_facts"]),
        "xlsx_mb": round(len(data) / 2**20, 1),
        "read_normalise_s": round(read_normalise, 2),
        "duckdb_floor_s": round(floor, 2),
        "read_normalise_over_floor": round(read_normalise / floor, 1),
        "inputs_cached": cached,  # peak RSS is only the reader's when the inputs were cached
        "peak_rss_mb_before_read": start_mb,
        "peak_rss_mb_after_read": read_peak,
    }
    if not args.skip_readers:
        report["real_national_2023"] = compare_readers(real_workbook(REAL_ZIP))
    print(json.dumps(report))


if __name__ == "__main__":
    main()
