"""Rendering result tables for the terminal and for scripts (table, csv, json, jsonl, markdown)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import sys
from decimal import Decimal
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
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, float):
        if math.isnan(value):
            return None
        # value_num is DOUBLE; 811000.0 reads as the figure BLS printed only without the ".0", and
        # 15 significant digits drop the binary noise of arithmetic (19.830000000000002 -> 19.83).
        value = float(f"{value:.15g}")
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    pd = sys.modules.get("pandas")  # only pandas values need pandas; never import it for them
    if pd is not None and (value is pd.NA or value is pd.NaT):
        return None
    if hasattr(value, "isoformat"):  # datetime, date, pandas Timestamp
        return value.isoformat()
    return value


def plural(count: int, noun: str) -> str:
    """`1 change`, `2 changes`, `1,204 rows`."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


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
    if fmt == "table":
        print_table(rows, columns, out)
        return
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
    else:
        raise ValueError(f"unknown format {fmt!r}")


# Integer columns that name things rather than count them: no thousands separator (release 1204, 2024).
_IDENTIFIER_HINTS = ("id", "year", "release", "version", "period")


def print_table(rows: list[dict[str, Any]], columns: list[str], out) -> None:
    """A table for people: numbers right-aligned with thousands separators, dates as dates, timestamps
    to the second; csv and json keep the raw values."""
    cells = [[_plain_for_table(row[column]) for column in columns] for row in rows]
    numeric = [
        any(v is not None for v in column_values)
        and all(v is None or (isinstance(v, int | float) and not isinstance(v, bool)) for v in column_values)
        for column_values in zip(*cells, strict=True)
    ] or [False] * len(columns)
    table = Table(show_lines=False)
    for column, is_number in zip(columns, numeric, strict=True):
        table.add_column(column, justify="right" if is_number else "left")
    for values in cells:
        table.add_row(*(_cell(v, column) for v, column in zip(values, columns, strict=True)))
    Console(file=out, width=200 if not getattr(out, "isatty", lambda: False)() else None).print(table)


def _plain_for_table(value: Any) -> Any:
    if isinstance(value, dt.datetime) or (hasattr(value, "to_pydatetime") and not isinstance(value, str)):
        stamp = value.to_pydatetime() if hasattr(value, "to_pydatetime") else value
        if stamp.tzinfo is None and stamp.time() == dt.time(0):
            return stamp.date().isoformat()  # a DATE that went through pandas
        return stamp.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return _plain(value)


def _cell(value: Any, column: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if any(hint in column.lower() for hint in _IDENTIFIER_HINTS):
        return str(value)
    return f"{value:,}"


def markdown_table(rows: list[dict[str, Any]], columns: list[str]) -> str:
    """A GitHub-flavoured Markdown table; pipes in values are escaped so cells stay cells."""

    def cell(value: Any) -> str:
        return "" if value is None else str(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(r[c]) for c in columns) + " |" for r in rows]
    return "\n".join(lines) + "\n"
