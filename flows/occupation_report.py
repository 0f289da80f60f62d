"""Rendering `laborstats show`: an occupation's figures grouped by the document that states them."""

from __future__ import annotations

import sys
from itertools import groupby

from flows.output import _plain, plural, print_table, render_records
from flows.progress import short_url
from warehouse.occupation_figures import CURRENT_COLUMNS, HISTORY_COLUMNS, OccupationFigures


def render_occupation(figures: OccupationFigures, fmt: str, out=None) -> None:
    """json: `{"current": [..], "history": [..]}`; csv: the current rows, or the history rows with
    `--history`; table: one block per document (source, URL, sha256, last confirmed), then its figures."""
    out = out or sys.stdout
    if fmt == "json":
        import json

        payload = {"occupation": figures.name, "soc_codes": figures.soc_codes, "titles": figures.titles}
        payload["current"] = [{k: _plain(v) for k, v in row.items()} for row in figures.current]
        payload["history"] = [{k: _plain(v) for k, v in row.items()} for row in figures.history]
        out.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return
    if fmt == "csv":
        rows, columns = (
            (figures.history, HISTORY_COLUMNS) if figures.history else (figures.current, CURRENT_COLUMNS)
        )
        render_records(rows, columns, "csv", out)
        return
    names = ", ".join(figures.soc_codes + figures.titles)
    sources = {row["source"] for row in figures.current}
    out.write(f"{figures.name} ({names}): {plural(len(figures.current), 'current figure')} "
              f"from {plural(len(sources), 'source')}\n")  # fmt: skip
    by_url = sorted(figures.history, key=lambda r: r["source_url"])  # stable: keeps the SQL's order within
    past = {key: list(rows) for key, rows in groupby(by_url, key=lambda r: r["source_url"])}
    for (source, url, sha256, confirmed_release, confirmed_at), rows in groupby(
        sorted(figures.current, key=lambda r: (r["source"], r["source_url"])),
        key=lambda r: (
            r["source"],
            r["source_url"],
            r["document_sha256"],
            r["confirmed_release"],
            r["confirmed_at"],
        ),
    ):
        when = confirmed_at.replace(microsecond=0).isoformat(sep=" ") if confirmed_at else "never"
        out.write(
            f"\n{source}  {short_url(url)}\n"
            f"  sha256 {sha256}; last confirmed {when} (release {confirmed_release})\n"
        )
        print_table(
            [_figure(row) | {"since release": row["release_id"]} for row in rows],
            ["metric", "occupation", "area", "industry", "period", "value", "unit", "since release"],
            out,
        )
        if url in past:
            out.write("  history:\n")
            print_table(
                [_figure(row) | {"releases": _span(row)} for row in past[url]],
                ["metric", "occupation", "area", "industry", "period", "value", "unit", "releases"],
                out,
            )


def _figure(row: dict) -> dict:
    value = _plain(row["value_num"]) if row["value_num"] is not None else row["value_text"]
    if row["qualifier"] and value is not None:
        value = (
            f"{row['qualifier']}{value:,}" if isinstance(value, int | float) else f"{row['qualifier']}{value}"
        )
    return {key: row[key] for key in ("metric", "occupation", "area", "industry", "period", "unit")} | {
        "value": value
    }


def _span(row: dict) -> str:
    end = row["valid_to_release"]
    return f"{row['valid_from_release']}-{end - 1}" if end else f"{row['valid_from_release']}- (current)"
