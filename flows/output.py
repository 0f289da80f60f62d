"""Rendering result tables for the terminal and for scripts (table, csv, json, jsonl, markdown)."""

from __future__ import annotations

import csv
import json
import math
import sys
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    import pandas as pd


def _plain(value: Any) -> Any:
    """JSON-safe scalars: NaN/NA -> None, numpy scalars/arrays -> Python, timestamps -> ISO text."""
    if value is None:
        return None
    if hasattr(value, "tolist") and not isinstance(value, str):
        return _plain(value.tolist())
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        if math.isnan(value):
            return None
        # value_num is DOUBLE; 811000.0 reads as the figure BLS printed only without the ".0".
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    pd = sys.modules.get("pandas")  # only pandas values need pandas; never import it for them
    if pd is not None and (value is pd.NA or value is pd.NaT):
        return None
    if hasattr(value, "isoformat"):  # datetime, date, pandas Timestamp
        return value.isoformat()
    return value


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {column: _plain(value) for column, value in zip(frame.columns, row, strict=True)}
        for row in frame.itertuples(index=False, name=None)
    ]


def render(frame: pd.DataFrame, fmt: str, out=None) -> None:
    render_records(records(frame), [str(c) for c in frame.columns], fmt, out)


def render_records(rows: list[dict[str, Any]], columns: list[str], fmt: str, out=None) -> None:
    """Rows (dicts keyed by `columns`) in a format; `parse` renders without building a DataFrame."""
    out = out or sys.stdout
    rows = [{column: _plain(row[column]) for column in columns} for row in rows]
    if fmt == "json":
        json.dump(rows, out, indent=2, ensure_ascii=False)
        out.write("\n")
    elif fmt == "jsonl":
        for record in rows:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for record in rows:
            writer.writerow(["" if v is None else v for v in record.values()])
    elif fmt == "markdown":
        out.write(markdown_table(rows, columns))
    elif fmt == "table":
        table = Table(show_lines=False)
        for column in columns:
            table.add_column(column)
        for record in rows:
            table.add_row(*("" if v is None else str(v) for v in record.values()))
        Console(file=out, width=200 if not getattr(out, "isatty", lambda: False)() else None).print(table)
    else:
        raise ValueError(f"unknown format {fmt!r}")


def markdown_table(rows: list[dict[str, Any]], columns: list[str]) -> str:
    """A GitHub-flavoured Markdown table; pipes in values are escaped so cells stay cells."""

    def cell(value: Any) -> str:
        return "" if value is None else str(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(r[c]) for c in columns) + " |" for r in rows]
    return "\n".join(lines) + "\n"
