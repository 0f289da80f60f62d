"""The figures report as one HTML file an editor can open anywhere, offline.

Everything is inline (CSS in a <style> element, charts as <svg>), nothing is fetched: no fonts, scripts
or images from elsewhere, so the file can be mailed, archived, or opened on a train. Every value from the
claims file or the warehouse is escaped.
"""

from __future__ import annotations

from html import escape

from flows.figure_text import (
    ReportContext,
    comparison,
    format_change,
    format_value,
    status_counts,
)
from transforms.figures import STATUSES, Figure
from warehouse.figures import Release

STATUS_HELP = {
    "current": "the source's latest period is the printed one, with the printed value",
    "outdated": "the source has a newer period, or revised the printed period's value",
    "source-failing": "the source failed in its latest refresh; the last good value is shown",
    "no-data": "the warehouse holds no fact for this figure (or only an older period)",
    "unmapped": "no source laborstats reads states this figure",
}

CSS = """
:root { --ink:#1d2430; --muted:#5b6472; --line:#d9dee5; --bg:#f6f7f9;
  --current:#1f7a3f; --outdated:#b35c00; --source-failing:#b3261e; --no-data:#6b7280; --unmapped:#4b5bb3; }
* { box-sizing: border-box; }
body { margin: 24px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; }
.meta { color: var(--muted); margin: 0 0 14px; }
.meta code { background: var(--bg); padding: 1px 4px; border-radius: 3px; }
.summary { display: flex; gap: 8px; flex-wrap: wrap; margin: 0 0 16px; padding: 0; list-style: none; }
.summary li { border: 1px solid var(--line); border-radius: 6px; padding: 4px 10px; background: var(--bg); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 8px 10px; border-bottom: 1px solid var(--line); }
th { font-size: 12px; text-transform: uppercase; letter-spacing: .03em; color: var(--muted);
  background: var(--bg); position: sticky; top: 0; }
td.num { white-space: nowrap; font-variant-numeric: tabular-nums; }
.value { font-size: 16px; font-weight: 600; }
.period, .small, .id { color: var(--muted); font-size: 12px; }
.badge { display: inline-block; color: #fff; border-radius: 10px; padding: 1px 9px; font-size: 12px;
  font-weight: 600; white-space: nowrap; }
.badge.current { background: var(--current); } .badge.outdated { background: var(--outdated); }
.badge.source-failing { background: var(--source-failing); } .badge.no-data { background: var(--no-data); }
.badge.unmapped { background: var(--unmapped); }
.label-note { margin-top: 6px; padding: 4px 8px; border-left: 3px solid #d4a017; background: #fdf8e6;
  font-size: 12px; }
.compare { font-size: 12px; margin-top: 4px; }
.change { color: var(--muted); font-size: 12px; }
.last-good { font-size: 11px; color: var(--source-failing); text-transform: uppercase; }
a { color: #1a56a8; word-break: break-all; }
svg text { font: 10px system-ui, sans-serif; fill: var(--muted); }
dl.legend { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin-top: 18px; }
dl.legend dd { margin: 0; color: var(--muted); }
"""


def render_html(figures: list[Figure], context: ReportContext) -> str:
    latest = context.latest
    as_of = (
        f"release {latest.release_id} ({escape(latest.status)}, {latest.created_at:%Y-%m-%d %H:%M} UTC)"
        if latest
        else "no release yet"
    )
    counts = status_counts(figures)
    summary = "".join(
        f'<li><span class="badge {s}">{s}</span> {counts[s]}</li>' for s in STATUSES if s in counts
    )
    rows = "\n".join(_row(f, context.releases) for f in figures)
    legend = "".join(
        f'<dt><span class="badge {s}">{s}</span></dt><dd>{escape(text)}</dd>'
        for s, text in STATUS_HELP.items()
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Guide figures: {len(figures)} figures as of {escape(as_of)}</title>
<style>{CSS}</style>
</head>
<body>
<h1>Guide figures</h1>
<p class="meta">Claims <code>{escape(context.claims_file)}</code> against warehouse
<code>{escape(context.warehouse)}</code>, as of {as_of}; generated
{context.generated_at:%Y-%m-%d %H:%M} UTC.</p>
<ul class="summary">{summary}</ul>
<table>
<thead><tr><th>Figure</th><th>The guide prints</th><th>The source says now</th><th>Status</th>
<th>Source</th><th>History by release</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
<dl class="legend">{legend}</dl>
</body>
</html>
"""


def _row(figure: Figure, releases: list[Release]) -> str:
    label = f'<div class="label-note">{escape(figure.label_note)}</div>' if figure.label_note else ""
    compare = f'<div class="compare">{escape(comparison(figure))}</div>' if figure.compare_soc else ""
    change = format_change(figure.change, figure.unit)
    arrow = "▲ " if (figure.change or 0) > 0 else "▼ " if (figure.change or 0) < 0 else ""
    last_good = (
        '<div class="last-good">last good value</div>'
        if figure.status == "source-failing" and figure.current_value is not None
        else ""
    )
    note = f'<div class="small">{escape(figure.note)}</div>' if figure.note else ""
    return f"""<tr id="claim-{escape(figure.claim)}">
<td>{escape(figure.description)}<div class="id">{escape(figure.claim)}</div>{label}{compare}</td>
<td class="num">{_value_cell(figure.printed_value, figure.printed_period, figure.unit)}</td>
<td class="num">{last_good}{_value_cell(figure.current_value, figure.current_period, figure.unit)}
{f'<div class="change">{arrow}{escape(change)}</div>' if change else ""}</td>
<td><span class="badge {escape(figure.status)}">{escape(figure.status)}</span>{note}</td>
<td>{_source_cell(figure)}</td>
<td>{sparkline(figure, releases)}</td>
</tr>"""


def _value_cell(value, period: str | None, unit: str | None) -> str:
    if value is None:
        return '<span class="small">none</span>'
    return (
        f'<div class="value">{escape(format_value(value, unit))}</div>'
        f'<div class="period">{escape(period or "")}</div>'
    )


def _source_cell(figure: Figure) -> str:
    source = f'<div class="small">{escape(figure.source)}</div>'
    if not figure.source_url:
        return source
    url = escape(figure.source_url)
    fetched = (
        f'<div class="small">fetched {figure.fetched_at:%Y-%m-%d %H:%M} UTC</div>'
        if figure.fetched_at
        else ""
    )
    return f'<a href="{url}">{url}</a>{source}{fetched}'


def sparkline(figure: Figure, releases: list[Release], width: int = 190, height: int = 64) -> str:
    """The series' value in each release (x: releases in order; y: value), with the printed value dashed.

    The y range spans the values and the printed figure, so a change of a few percent is visible; the
    printed line says which way the source moved from the guide.
    """
    points = [(p.release_id, p.value_num, p.period) for p in figure.history if p.value_num is not None]
    if not points or not releases:
        return '<span class="small">no history</span>'
    ids = [r.release_id for r in releases]
    printed = figure.printed_value if isinstance(figure.printed_value, int | float) else None
    values = [v for _, v, _ in points] + ([float(printed)] if printed is not None else [])
    low, high = min(values), max(values)
    left, right, top, bottom = 8, width - 8, 8, height - 16
    span = (high - low) or 1.0

    def x(release_id: int) -> float:
        return left + (right - left) * (ids.index(release_id) / max(len(ids) - 1, 1))

    def y(value: float) -> float:
        return (top + bottom) / 2 if high == low else bottom - (bottom - top) * (value - low) / span

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img">']
    parts.append(
        f"<title>{escape(figure.description)}: value in each release "
        f"{ids[0]}..{ids[-1]}; dashed line: the guide's figure</title>"
    )
    parts.append(f'<line x1="{left}" y1="{bottom + 2}" x2="{right}" y2="{bottom + 2}" stroke="#d9dee5"/>')
    if printed is not None:
        py = y(float(printed))
        parts.append(
            f'<line x1="{left}" y1="{py:.1f}" x2="{right}" y2="{py:.1f}" stroke="#b35c00" '
            'stroke-width="1" stroke-dasharray="3 3"/>'
        )
    coords = " ".join(f"{x(r):.1f},{y(v):.1f}" for r, v, _ in points)
    parts.append(f'<polyline points="{coords}" fill="none" stroke="#1a56a8" stroke-width="1.5"/>')
    for r, v, period in points:
        label = escape(f"release {r}: {format_value(_whole(v), figure.unit)} ({period})")
        parts.append(
            f'<circle cx="{x(r):.1f}" cy="{y(v):.1f}" r="3" fill="#1a56a8"><title>{label}</title></circle>'
        )
    for r in ids if len(ids) <= 8 else [ids[0], ids[-1]]:
        parts.append(f'<text x="{x(r):.1f}" y="{height - 3}" text-anchor="middle">r{r}</text>')
    parts.append("</svg>")
    periods = []
    for _, _, period in points:
        if not periods or periods[-1] != period:
            periods.append(period)
    caption = " → ".join(escape(p) for p in periods)
    return "".join(parts) + f'<div class="small">{caption}</div>'


def _whole(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value
