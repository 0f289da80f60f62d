"""Speed and outcome of `laborstats audit` (finder + warehouse mapping) on a warehouse built from real files.

Usage: `uv run python benchmarks/audit_command.py [--samples DIR] [--keep DIR]` (default ../shared/samples).

Builds a warehouse in a temporary folder from the samples: release 1 the OEWS May 2022 national file,
release 2 the May 2023 file, the 2023-33 projections workbook and the saved handbook pages (parsed by
the real readers; the files' facts are loaded as `bls-oews-files` and `bls-ep-files`). Then measures,
on that warehouse:
- titles: building the occupation titles from the warehouse (cold), and loading them from the per-release
  cache (warm, what every later run pays);
- one guide of 2,000 words (the sample guides' text): find + read candidate series + judge, warehouse
  open and titles loaded (the issue's target: under a second), best of five;
- the whole command in-process on the eight sample guides, with the count of each status, and its
  mapping scored as `benchmarks/audit.py` scores the finder, but with the metric the command settled on
  (pay with no statistic named becomes a median or a mean by the series whose history holds the value).
Prints one JSON line.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extractors.batch import parse_file  # noqa: E402
from extractors.guide_text import find_figures  # noqa: E402
from extractors.sources.bls_ep_files.workbook import read_ep_workbook  # noqa: E402
from extractors.sources.bls_oews_files.workbook import read_oews_file  # noqa: E402
from flows import audit as audit_flow  # noqa: E402
from transforms.audit import audit_figures, series_requests  # noqa: E402
from transforms.normalize import CATEGORICAL_COLUMNS, facts_frame, warehouse_frame  # noqa: E402
from warehouse.audit import AuditReader, Wanted  # noqa: E402
from warehouse.identity import fact_identity  # noqa: E402
from warehouse.load import DocumentRecord, load_release  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OOH = "https://www.bls.gov/ooh/{}.htm"


def _load(warehouse: Path, parts: list[tuple[str, str, bytes, object]]) -> None:
    """Load one release of (url, source, bytes, facts) parts: a file reader's frame (value_num and
    value_text already split), or a page parser's facts frame."""
    import pandas as pd

    frames, documents = [], []
    now = datetime.now(UTC)
    for url, source, body, frame in parts:
        sha = hashlib.sha256(body).hexdigest()
        if "value" in frame.columns:
            frame = warehouse_frame(frame, {url: sha}, {source: f"{source}/bench"})
        else:
            frame = frame.copy()
            frame["document"] = url
            frame["source_url"] = url
            frame["document_sha256"] = sha
            frame["extractor_version"] = f"{source}/bench"
        frame["source"] = source
        frames.append(frame.astype({c: "object" for c in CATEGORICAL_COLUMNS if c in frame.columns}))
        documents.append(DocumentRecord(url, sha, now, 200, "application/octet-stream", len(body), source))
    facts = pd.concat(frames, ignore_index=True)
    for column in CATEGORICAL_COLUMNS:
        facts[column] = facts[column].astype("category")
    load_release(
        warehouse, facts, documents, [d.url for d in documents], sorted({d.source for d in documents}), []
    )


def build(samples: Path, warehouse: Path) -> None:
    def oews(year: str) -> tuple[str, str, bytes, object]:
        path = samples / "bls-oews-bulk" / f"oesm{year}nat.zip"
        body = path.read_bytes()
        url = f"https://www.bls.gov/oes/special-requests/oesm{year}nat.zip"
        return url, "bls-oews-files", body, read_oews_file(body, path.name).facts

    _load(warehouse, [oews("22")])
    ep_path = samples / "bls-ep" / "occupation-2023-33.xlsx"
    ep_body = ep_path.read_bytes()
    parts = [
        oews("23"),
        ("https://www.bls.gov/emp/ind-occ-matrix/occupation.xlsx", "bls-ep-files", ep_body,
         read_ep_workbook(ep_body, ep_path.name).facts),
    ]  # fmt: skip
    for page in sorted((samples / "bls-ooh").glob("*.html")):
        outcome = parse_file("bls-ooh", str(page))
        if outcome.result is None:
            continue
        url = OOH.format(page.stem)
        frame = facts_frame([(url, outcome.result.facts)], fact_identity)
        parts.append((url, "bls-ooh", page.read_bytes(), frame))
    _load(warehouse, parts)


def score_rows(guides: Path, results: list) -> dict:
    """Recall and precision of the command's rows against the labels (same rules as benchmarks/audit.py)."""
    bls = right = mapped = mapped_right = violations = 0
    for result in results:
        labels = json.loads(Path(result.name).with_suffix(".json").read_text(encoding="utf-8"))["figures"]
        text = result.guide.text
        rows = list(result.rows)
        paired: dict[int, object] = {}
        taken: set[int] = set()
        cursor = 0
        for number, label in enumerate(labels):
            at = text.find(label["text"], cursor)
            cursor = at + 1 if at >= 0 else cursor
            options = [i for i, r in enumerate(rows) if i not in taken and r.start == at and at >= 0] or [
                i
                for i, r in enumerate(rows)
                if i not in taken and abs(float(r.value) - float(label["value"])) < 1e-6
            ]
            if options:
                taken.add(options[0])
                paired[number] = rows[options[0]]
        for number, label in enumerate(labels):
            row = paired.get(number)
            is_right = row is not None and row.status != "other-source" and _right(label, row)
            if label["attributed_to"] == "BLS":
                bls += 1
                right += is_right
            elif (
                label["attributed_to"] not in (None, "none")
                and row is not None
                and row.status != "other-source"
            ):
                violations += 1
        labelled = {id(row): labels[n] for n, row in paired.items()}
        for row in rows:
            label = labelled.get(id(row))
            if row.status == "other-source" or (
                label is not None and label["attributed_to"] in (None, "none")
            ):
                continue
            if row.soc_code is None and (label is None or label["soc_code"] is not None):
                continue
            mapped += 1
            mapped_right += label is not None and label["attributed_to"] == "BLS" and _right(label, row)
    return {
        "recall": round(right / max(bls, 1), 4),
        "precision": round(mapped_right / max(mapped, 1), 4),
        "bls_figures": bls,
        "mapped": mapped,
        "other_source_mapped_to_bls": violations,
    }


def _right(label: dict, row) -> bool:
    return (label["metric"] == "other" or label["metric"] == row.metric) and label["soc_code"] == row.soc_code


def guide_text(guides: Path, words: int = 2000) -> str:
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(guides.glob("g*.txt")))
    return " ".join(text.split(" ")[:words])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", default=str(ROOT.parent / "shared" / "samples"))
    parser.add_argument("--keep", help="build the warehouse in this folder and keep it")
    args = parser.parse_args(argv)
    samples = Path(args.samples)
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="audit-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    warehouse = folder / "warehouse.duckdb"
    try:
        began = time.perf_counter()
        if not warehouse.exists():
            build(samples, warehouse)
        built = time.perf_counter() - began
        shutil.rmtree(folder / "cache", ignore_errors=True)
        audit_flow._TITLES.clear()
        with AuditReader(warehouse) as reader:
            began = time.perf_counter()
            titles = audit_flow.titles_for(reader)
            cold = time.perf_counter() - began
            audit_flow._TITLES.clear()
            began = time.perf_counter()
            titles = audit_flow.titles_for(reader)
            warm = time.perf_counter() - began
            text = guide_text(samples / "guides")
            timings = []
            for _ in range(5):
                began = time.perf_counter()
                figures = find_figures(text, titles)
                wanted = [
                    Wanted(r.key, r.soc_code, r.metric, r.area, r.with_industry)
                    for r in series_requests(figures)
                ]
                stored: dict[str, list] = {}
                for fact in reader.stored_facts(wanted):
                    stored.setdefault(fact.key, []).append(fact)
                rows = audit_figures("bench", figures, stored)
                timings.append(time.perf_counter() - began)
        began = time.perf_counter()
        results = audit_flow.audit_inputs(
            [str(p) for p in sorted((samples / "guides").glob("g*.txt"))], warehouse
        )
        whole = time.perf_counter() - began
        statuses: dict[str, int] = {}
        for result in results:
            for row in result.rows:
                statuses[row.status] = statuses.get(row.status, 0) + 1
        print(json.dumps({
            "warehouse_build_seconds": round(built, 1),
            "title_variants": len(titles),
            "titles_cold_seconds": round(cold, 3),
            "titles_cached_seconds": round(warm, 3),
            "words": len(text.split()),
            "figures_in_2000_words": len(rows),
            "seconds_per_2000_word_guide": round(min(timings), 3),
            "sample_guides_seconds": round(whole, 3),
            "sample_guides_statuses": statuses,
            "sample_guides_mapping": score_rows(samples / "guides", results),
        }))  # fmt: skip
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
