"""The audit report as a terminal table, Markdown, JSON (CONTRACT.md's `audit` rows) or one HTML page.

The HTML page is self-contained like the figures report (inline CSS, no scripts, no fetches) and reuses
its look; every value from a guide or the warehouse is escaped.
"""

from __future__ import annotations

import io
import json
from dataclasses import asdict
from html import escape
from typing import Any

from flows.audit import Audited
from flows.figure_text import format_value, with_period
from flows.output import render_records
from flows.report_html import CSS as FIGURES_CSS
from transforms.audit import STATUSES, AuditRow

FORMATS = ("table", "json", "markdown", "html")

# The contract's fields first, then ours.
JSON_FIELDS = [
    "document", "text", "start", "end", "value", "unit", "qualifier", "attributed_to", "source", "metric",
    "soc_code", "occupation", "area", "industry", "period", "status", "current_value", "current_period",
    "source_url", "document_sha256", "series_metric", "series_industry", "matched_value", "matched_period",
    "note",
]  # fmt: skip

STATUS_HELP = {
    "current": "the printed value is the series' latest value",
    "outdated": "the series has a newer period or another value; the latest is shown",
    "no-series": "a labor figure laborstats has no series for (or only an older period)",
    "other-source": "attributed to another source; never checked against BLS",
}

TABLE_COLUMNS = ["document", "at", "printed", "metric", "occupation", "area", "status", "now", "source"]
MARKDOWN_COLUMNS = [*TABLE_COLUMNS, "note"]


def all_rows(results: list[Audited]) -> list[AuditRow]:
    return [row for result in results for row in result.rows]


def render_audit(results: list[Audited], fmt: str, warehouse: str) -> str:
    rows = all_rows(results)
    if fmt == "json":
        return json.dumps([json_row(r) for r in rows], indent=2, ensure_ascii=False) + "\n"
    if fmt == "html":
        return render_html(results, warehouse)
    if fmt in ("table", "markdown"):
        out = io.StringIO()
        columns = TABLE_COLUMNS if fmt == "table" else MARKDOWN_COLUMNS
        render_records([display_row(r) for r in rows], columns, fmt, out)
        return out.getvalue()
    raise ValueError(f"unknown format {fmt!r}; choose {', '.join(FORMATS)}")


def json_row(row: AuditRow) -> dict[str, Any]:
    values = asdict(row)
    return {name: values[name] for name in JSON_FIELDS}


def display_row(row: AuditRow) -> dict[str, str]:
    where = row.area if row.area == "US" else row.area
    if row.industry:
        where = f"{where}; {row.industry}"
    return {
        "document": row.document,
        "at": str(row.start),
        "printed": with_period(row.text, row.period),
        "metric": row.metric,
        "occupation": f"{row.soc_code} {row.occupation}" if row.soc_code else (row.occupation or ""),
        "area": where,
        "status": row.status if row.status != "other-source" else f"other-source ({row.attributed_to})",
        "now": with_period(format_value(row.current_value, row.unit), row.current_period),
        "source": row.source_url or row.source or "",
        "note": row.note or "",
    }


_EXTRA_CSS = """
.badge.no-series { background: var(--no-data); } .badge.other-source { background: var(--unmapped); }
.error { color: var(--source-failing); }
.context { color: var(--muted); font-size: 12px; }
mark { background: #fdf0d5; padding: 0 2px; }
h2 { font-size: 17px; margin: 22px 0 6px; }
"""


def render_html(results: list[Audited], warehouse: str) -> str:
    rows = all_rows(results)
    counts = {s: sum(r.status == s for r in rows) for s in STATUSES}
    summary = "".join(f'<li><span class="badge {s}">{s}</span> {n}</li>' for s, n in counts.items() if n)
    sections = "\n".join(_section(result) for result in results)
    legend = "".join(
        f'<dt><span class="badge {s}">{s}</span></dt><dd>{escape(t)}</dd>' for s, t in STATUS_HELP.items()
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Guide audit: {len(rows)} figures in {len(results)} inputs</title>
<style>{FIGURES_CSS}{_EXTRA_CSS}</style>
</head>
<body>
<h1>Guide audit</h1>
<p class="meta">{len(results)} inputs against warehouse <code>{escape(warehouse)}</code>.</p>
<ul class="summary">{summary or "<li>no figures found</li>"}</ul>
{sections}
<dl class="legend">{legend}</dl>
</body>
</html>
"""


def _section(result: Audited) -> str:
    title = f"<h2>{escape(result.name)}</h2>"
    if result.error:
        return f'{title}<p class="error">{escape(result.error)}</p>'
    if not result.rows:
        return f'{title}<p class="small">no labor figures found</p>'
    text = result.guide.text if result.guide else ""
    body = "\n".join(_row(row, text) for row in result.rows)
    return f"""{title}
<table>
<thead><tr><th>The guide prints</th><th>Read as</th><th>Status</th><th>The source says now</th>
<th>Source</th></tr></thead>
<tbody>
{body}
</tbody>
</table>"""


def _row(row: AuditRow, text: str) -> str:
    before = text[max(0, row.start - 60) : row.start].split("\n")[-1]
    after = text[row.end : row.end + 60].split("\n")[0]
    context = f"…{escape(before)}<mark>{escape(row.text)}</mark>{escape(after)}…"
    who = " ".join(filter(None, [row.soc_code, row.occupation])) or "occupation not named"
    where = ", ".join(filter(None, [row.area, row.industry]))
    read_as = f"{escape(row.metric)}<div class='small'>{escape(who)}; {escape(where)}</div>"
    if row.attributed_to and row.status == "other-source":
        read_as += f"<div class='small'>attributed to {escape(row.attributed_to)}</div>"
    note = f'<div class="small">{escape(row.note)}</div>' if row.note else ""
    now = (
        f'<div class="value">{escape(format_value(row.current_value, row.unit))}</div>'
        f'<div class="period">{escape(row.current_period or "")}</div>'
        if row.current_value is not None
        else '<span class="small">none</span>'
    )
    source = ""
    if row.source_url:
        url = escape(row.source_url)
        sha = escape((row.document_sha256 or "")[:12])
        source = (
            f'<a href="{url}">{url}</a><div class="small">{escape(row.source or "")} · sha256 {sha}…</div>'
        )
    return f"""<tr>
<td class="num"><div class="value">{escape(row.text)}</div>
<div class="period">{escape(row.period or "")}</div><div class="context">{context}</div></td>
<td>{read_as}</td>
<td><span class="badge {escape(row.status)}">{escape(row.status)}</span>{note}</td>
<td class="num">{now}</td>
<td>{source}</td>
</tr>"""
