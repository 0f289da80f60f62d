"""Rendering result tables for the terminal and for scripts (table, csv, json, jsonl)."""

from __future__ import annotations

import csv
import json
import math
import sys
from typing import Any

import pandas as pd
from rich.console import Console
from rich.table import Table


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
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp) or hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {column: _plain(value) for column, value in zip(frame.columns, row, strict=True)}
        for row in frame.itertuples(index=False, name=None)
    ]


def render(frame: pd.DataFrame, fmt: str, out=None) -> None:
    out = out or sys.stdout
    if fmt == "json":
        json.dump(records(frame), out, indent=2, ensure_ascii=False)
        out.write("\n")
    elif fmt == "jsonl":
        for record in records(frame):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(frame.columns)
        for record in records(frame):
            writer.writerow(["" if v is None else v for v in record.values()])
    elif fmt == "markdown":
        out.write(markdown_table(frame))
    elif fmt == "table":
        table = Table(show_lines=False)
        for column in frame.columns:
            table.add_column(str(column))
        for record in records(frame):
            table.add_row(*("" if v is None else str(v) for v in record.values()))
        Console(file=out, width=200 if not getattr(out, "isatty", lambda: False)() else None).print(table)
    else:
        raise ValueError(f"unknown format {fmt!r}")


def markdown_table(frame: pd.DataFrame) -> str:
    """A GitHub-flavoured Markdown table; pipes in values are escaped so cells stay cells."""

    def cell(value: Any) -> str:
        return "" if value is None else str(value).replace("|", "\\|").replace("\n", " ")

    lines = [
        "| " + " | ".join(map(str, frame.columns)) + " |",
        "|" + "---|" * len(frame.columns),
    ]
    lines += ["| " + " | ".join(cell(v) for v in r.values()) + " |" for r in records(frame)]
    return "\n".join(lines) + "\n"
