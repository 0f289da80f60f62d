"""Accuracy and speed of the guide figure finder on labelled guides.

Usage: `uv run python benchmarks/audit.py [GUIDES_DIR] [--samples DIR]` (defaults: ../shared/samples/guides
and ../shared/samples). The occupation titles are built the way `audit` builds them from the warehouse:
OEWS titles and codes (the national workbooks), EP titles and codes (the projections workbook) and the
handbook's A-Z index (page titles and the aliases that point to them).

Scores, over every labelled figure attributed to BLS:
- recall: labelled figures the finder reports (same printed text at the same place, else the same
  value) with the labelled SOC code and metric (a label's `other` accepts any metric);
- precision: figures the finder maps to BLS whose label says BLS with that SOC code and metric;
- violations: figures attributed to another source that the finder maps to BLS (target 0);
- speed: seconds to read a 2,000-word text, titles already loaded.
Prints one JSON line, then a breakdown of misses and false positives per guide.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import zipfile
from io import BytesIO
from pathlib import Path

import lxml.html
from python_calamine import CalamineWorkbook

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extractors.guide_text import Figure, OccupationTitles, find_figures  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def title_rows(samples: Path) -> list[tuple[str, str]]:
    """(title, SOC code) rows: OEWS detailed and major titles (latest year first), EP titles, then
    handbook page titles and their A-Z aliases resolved to a code through those titles."""
    rows: list[tuple[str, str]] = []
    for archive in sorted((samples / "bls-oews-bulk").glob("*.zip"), reverse=True):
        with zipfile.ZipFile(archive) as bundle:
            for name in bundle.namelist():
                if re.search(r"national_M\d{4}_dl\.xlsx$", name):
                    sheet = CalamineWorkbook.from_filelike(BytesIO(bundle.read(name))).get_sheet_by_index(0)
                    table = sheet.to_python()
                    header = [str(cell).upper() for cell in table[0]]
                    code, title, group = (
                        header.index("OCC_CODE"),
                        header.index("OCC_TITLE"),
                        header.index("O_GROUP"),
                    )
                    for row in table[1:]:
                        if str(row[group]).lower() in {"detailed", "major", "total"}:
                            rows.append((str(row[title]), str(row[code])))
    for workbook in sorted((samples / "bls-ep").glob("*.xlsx")):
        book = CalamineWorkbook.from_path(str(workbook))
        for sheet_name in book.sheet_names:
            if sheet_name.strip() == "Table 1.2":
                for row in book.get_sheet_by_name(sheet_name).to_python()[2:]:
                    code = str(row[1]) if len(row) > 2 else ""
                    summary = str(row[2]).strip().lower() == "summary"
                    if re.match(r"^\d{2}-\d{4}$", code) and (not summary or code.endswith("-0000")):
                        rows.append((str(row[0]).strip(), str(row[1])))
    index = samples / "bls-ooh-a-z-index.html"
    if index.exists():
        rows.extend(_handbook_rows(index.read_bytes(), OccupationTitles.from_rows(rows)))
    return rows


def _handbook_rows(html: bytes, known: OccupationTitles) -> list[tuple[str, str]]:
    """Page titles and aliases from the A-Z index. A page's code is the code its title names in the
    OEWS/EP titles; aliases of pages whose title names no single occupation are skipped."""
    root = lxml.html.document_fromstring(html)
    by_page: dict[str, list[str]] = {}
    page_title: dict[str, str] = {}
    for item in root.iter("li"):
        anchors = [a for a in item.iter("a") if "/ooh/" in (a.get("href") or "")]
        if not anchors:
            continue
        href = anchors[-1].get("href")
        if len(anchors) == 1:
            page_title.setdefault(href, anchors[0].text_content().strip())
        else:
            page_title[href] = anchors[-1].text_content().strip()
            by_page.setdefault(href, []).append(anchors[0].text_content().strip())
    rows = []
    for href, title in page_title.items():
        hit = known.lookup(title)
        if hit is None:
            words = set(re.findall(r"[a-z]+", title.lower()))
            candidates = [m for m in known.mentions(title)]
            hit = (candidates[0].soc_code, title) if len(candidates) == 1 and len(words) > 1 else None
        if hit is None:
            continue
        rows.append((title, hit[0]))
        rows.extend((alias, hit[0]) for alias in by_page.get(href, []) if len(alias.split()) >= 2)
    return rows


def _matches(label: dict, figure: Figure, text: str) -> bool:
    if figure.text.replace(" ", "") == label["text"].replace(" ", "").lstrip("~"):
        return True
    return abs(float(figure.value) - float(label["value"])) < 1e-6


def score(guides: Path, titles: OccupationTitles) -> tuple[dict, dict]:
    totals = {"bls_labels": 0, "found": 0, "found_right": 0, "mapped": 0, "mapped_right": 0, "violations": 0,
              "other_labels": 0, "period_right": 0, "area_right": 0}  # fmt: skip
    breakdown: dict[str, dict] = {}
    for label_file in sorted(guides.glob("g*.json")):
        text = label_file.with_suffix(".txt").read_text(encoding="utf-8")
        labels = json.loads(label_file.read_text(encoding="utf-8"))["figures"]
        figures = find_figures(text, titles)
        claimed: set[int] = set()
        pairing: dict[int, int] = {}
        cursor = 0
        for number, label in enumerate(labels):
            at = text.find(label["text"], cursor)
            cursor = at + 1 if at >= 0 else cursor
            options = [i for i, f in enumerate(figures) if i not in claimed and f.start == at and at >= 0]
            options = options or [
                i for i, f in enumerate(figures) if i not in claimed and _matches(label, f, text)
            ]
            if options:
                chosen = min(options, key=lambda i: abs(figures[i].start - (at if at >= 0 else 0)))
                claimed.add(chosen)
                pairing[number] = chosen
        misses, false_positives = [], []
        for number, label in enumerate(labels):
            is_bls = label["attributed_to"] == "BLS"
            figure = figures[pairing[number]] if number in pairing else None
            if is_bls:
                totals["bls_labels"] += 1
                right = figure is not None and figure.maps_to_bls and _right(label, figure)
                totals["found"] += figure is not None
                totals["found_right"] += right
                if right:
                    totals["period_right"] += figure.period == label["period"]
                    totals["area_right"] += _area_key(figure.area) == _area_key(label["area"])
                else:
                    misses.append(_describe(label, figure))
            elif label["attributed_to"] not in (None, "none"):
                totals["other_labels"] += 1
                if figure is not None and figure.maps_to_bls:
                    totals["violations"] += 1
                    false_positives.append({"violation": _describe(label, figure)})
        labelled = {pairing[n]: labels[n] for n in pairing}
        for index, figure in enumerate(figures):
            if not figure.maps_to_bls:
                continue
            label = labelled.get(index)
            if label is not None and label["attributed_to"] in (None, "none"):
                continue
            if figure.soc_code is None and (label is None or label["soc_code"] is not None):
                continue
            totals["mapped"] += 1
            if label is not None and label["attributed_to"] == "BLS" and _right(label, figure):
                totals["mapped_right"] += 1
            elif label is None:
                false_positives.append({"unlabelled": _short(figure)})
        breakdown[label_file.stem] = {"misses": misses, "false_positives": false_positives}
    return totals, breakdown


def _right(label: dict, figure: Figure) -> bool:
    metric_ok = label["metric"] == "other" or label["metric"] == figure.metric
    return metric_ok and label["soc_code"] == figure.soc_code


def _area_key(area: str) -> str:
    return area.replace("\u00e9", "e").lower()


def _describe(label: dict, figure: Figure | None) -> dict:
    wanted = {k: label[k] for k in ("text", "metric", "soc_code", "attributed_to")}
    return {"label": wanted, "found": _short(figure) if figure else None}


def _short(figure: Figure) -> dict:
    return {"text": figure.text, "metric": figure.metric, "soc_code": figure.soc_code,
            "attributed_to": figure.attributed_to}  # fmt: skip


def speed(titles: OccupationTitles, guides: Path) -> float:
    """Seconds to read a 2,000-word text made of the guides' text (best of three runs)."""
    words = " ".join(p.read_text(encoding="utf-8") for p in sorted(guides.glob("g*.txt"))).split(" ")
    sample = " ".join(words[:2000])
    timings = []
    for _ in range(3):
        began = time.perf_counter()
        find_figures(sample, titles)
        timings.append(time.perf_counter() - began)
    return min(timings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("guides", nargs="?", default=str(ROOT.parent / "shared" / "samples" / "guides"))
    parser.add_argument("--samples", default=str(ROOT.parent / "shared" / "samples"))
    args = parser.parse_args(argv)
    began = time.perf_counter()
    titles = OccupationTitles.from_rows(title_rows(Path(args.samples)))
    load_seconds = time.perf_counter() - began
    totals, breakdown = score(Path(args.guides), titles)
    summary = {
        "guides": len(breakdown),
        "bls_figures": totals["bls_labels"],
        "recall": round(totals["found_right"] / max(totals["bls_labels"], 1), 4),
        "found_any_mapping": round(totals["found"] / max(totals["bls_labels"], 1), 4),
        "precision": round(totals["mapped_right"] / max(totals["mapped"], 1), 4),
        "mapped": totals["mapped"],
        "other_source_figures": totals["other_labels"],
        "other_source_mapped_to_bls": totals["violations"],
        "period_right_of_right": round(totals["period_right"] / max(totals["found_right"], 1), 4),
        "area_right_of_right": round(totals["area_right"] / max(totals["found_right"], 1), 4),
        "seconds_per_2000_words": round(speed(titles, Path(args.guides)), 4),
        "title_variants": len(titles),
        "titles_load_seconds": round(load_seconds, 2),
    }
    print(json.dumps(summary))
    for guide, detail in breakdown.items():
        if detail["misses"] or detail["false_positives"]:
            print(f"{guide}: {json.dumps(detail)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
