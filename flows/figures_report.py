"""`laborstats figures`: the guide's figures against the warehouse, rendered for an editor or a script.

This module only wires the steps (load claims -> read the warehouse -> assess -> render); the SQL lives in
`warehouse.figures`, the claim rules in `transforms.claims`, the statuses in `transforms.figures`, and
the HTML page in `flows.report_html`.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flows.figure_text import ReportContext, format_change, format_value, notes, with_period
from flows.output import render_records
from flows.report_html import render_html
from transforms.claims import DEFAULT_CLAIMS, load_claims
from transforms.figures import Figure, assess, series_keys
from warehouse.figures import read_series

FORMATS = ("table", "markdown", "html", "json")


def default_claims_path() -> Path:
    """The shipped claims file: from the working directory, else from this checkout."""
    if DEFAULT_CLAIMS.exists():
        return DEFAULT_CLAIMS
    beside = Path(__file__).resolve().parents[1] / DEFAULT_CLAIMS
    return beside if beside.exists() else DEFAULT_CLAIMS


def build_figures(claims_path: Path, warehouse: Path) -> tuple[list[Figure], ReportContext]:
    claims = load_claims(claims_path)
    readings = read_series(warehouse, series_keys(claims))
    context = ReportContext(str(claims_path), str(warehouse), readings.releases, datetime.now(UTC))
    return assess(claims, readings), context


def render_figures(figures: list[Figure], context: ReportContext, fmt: str) -> str:
    if fmt == "json":
        return json.dumps([json_row(f) for f in figures], indent=2, ensure_ascii=False) + "\n"
    if fmt == "html":
        return render_html(figures, context)
    if fmt == "markdown":
        out = io.StringIO()
        render_records([display_row(f) for f in figures], MARKDOWN_COLUMNS, "markdown", out)
        return _markdown_heading(context) + out.getvalue()
    if fmt == "table":
        out = io.StringIO()
        render_records([display_row(f, wide=False) for f in figures], TABLE_COLUMNS, "table", out)
        return out.getvalue()
    raise ValueError(f"unknown format {fmt!r}; choose {', '.join(FORMATS)}")


# JSON: the contract's fields first, then ours.
JSON_FIELDS = [
    "claim", "printed_value", "printed_period", "current_value", "current_period", "status",
    "source_url", "fetched_at", "document_sha256", "extractor_version", "description", "unit", "change",
    "source", "compare_soc", "compare_occupation", "compare_value", "compare_period", "label_note", "note",
    "history",
]  # fmt: skip


def json_row(figure: Figure) -> dict[str, Any]:
    row: dict[str, Any] = {name: getattr(figure, name) for name in JSON_FIELDS}
    row["fetched_at"] = figure.fetched_at.isoformat() if figure.fetched_at else None
    row["history"] = [
        {"release_id": p.release_id, "period": p.period, "value": _number(p.value_num, p.value_text)}
        for p in figure.history
    ]
    return row


# The terminal table leaves out the long texts (description, label note); markdown keeps them.
TABLE_COLUMNS = ["claim", "guide", "now", "change", "status", "fetched", "source", "note"]
MARKDOWN_COLUMNS = ["claim", "figure", "guide", "now", "change", "status", "source", "fetched", "note"]


def display_row(figure: Figure, wide: bool = True) -> dict[str, str]:
    """One row as people read it: values as the source prints them, with their periods."""
    return {
        "claim": figure.claim,
        "figure": figure.description,
        "guide": with_period(format_value(figure.printed_value, figure.unit), figure.printed_period),
        "now": with_period(format_value(figure.current_value, figure.unit), figure.current_period),
        "change": format_change(figure.change, figure.unit),
        "status": figure.status,
        "source": figure.source_url or figure.source,
        "fetched": figure.fetched_at.date().isoformat() if figure.fetched_at else "",
        "note": notes(figure, wide),
    }


def _markdown_heading(context: ReportContext) -> str:
    latest = context.latest
    as_of = f"release {latest.release_id} of {latest.created_at:%Y-%m-%d}" if latest else "no release"
    return f"Guide figures from `{context.claims_file}` against `{context.warehouse}` ({as_of})\n\n"


def _number(num: float | None, text: str | None) -> int | float | str | None:
    if num is None:
        return text
    return int(num) if float(num).is_integer() else num
