"""Generic tables (`extractors.html_page.read_table`) read as a reader sees them, spans and all.

Every shape is checked against `pandas.read_html` on the same markup: pandas expands colspan and rowspan
in header and body alike, so a cell must stand under the same column in both readings.
"""

from __future__ import annotations

from io import StringIO

import pandas as pd
import pytest

from extractors.parsing.html_page import load_html, read_table, tables
from extractors.parsing.numbers import clean_text
from extractors.parsing.page import text_of

HEAD = "<thead><tr><th>Area</th><th>Metro</th><th>Median wage</th></tr></thead>"

SHAPES = {
    "colspan in a body row": HEAD + "<tbody><tr><td colspan=2>US</td><td>44,200</td></tr>"
    "<tr><td>California</td><td>Los Angeles</td><td>49,530</td></tr></tbody>",
    "rowspan carried down": HEAD
    + "<tbody><tr><td rowspan=3>California</td><td>Los Angeles</td><td>49,530</td></tr>"
    "<tr><td>San Jose</td><td>58,470</td></tr><tr><td>Fresno</td><td>41,900</td></tr>"
    "<tr><td>Texas</td><td>Houston</td><td>39,140</td></tr></tbody>",
    "rowspan in the middle column": HEAD
    + "<tbody><tr><td>Oregon</td><td rowspan=2>Portland (multi-state)</td><td>52,010</td></tr>"
    "<tr><td>Washington</td><td>52,010</td></tr></tbody>",
    "rowspan and colspan together": HEAD
    + "<tbody><tr><td rowspan=2 colspan=2>US</td><td>44,200</td></tr><tr><td>21.25</td></tr>"
    "<tr><td>Ohio</td><td>Columbus</td><td>42,360</td></tr></tbody>",
    "two header rows without thead": "<tr><th rowspan=2>Area</th><th colspan=2>Annual wage</th></tr>"
    "<tr><th>Median</th><th>Mean</th></tr>"
    "<tr><td>US</td><td colspan=2>44,200</td></tr><tr><td>Maine</td><td>41,080</td><td>42,310</td></tr>",
}


def _markup(body: str) -> str:
    return f"<html><body><p>Estimates</p><table>{body}</table></body></html>"


@pytest.mark.parametrize("shape", SHAPES)
def test_body_row_spans_match_pandas_read_html(shape):
    html = _markup(SHAPES[shape])
    [table] = tables(load_html(html))
    ours = [[clean_text(text_of(cell)) for cell in row] for row in table.rows]
    [frame] = pd.read_html(StringIO(html), thousands=None, keep_default_na=False)
    theirs = [[clean_text(str(value)) for value in row] for row in frame.astype(str).to_numpy().tolist()]
    assert ours == theirs
    assert len(table.columns) == frame.shape[1]


def test_a_value_after_a_spanned_label_stands_under_its_own_column():
    [table] = tables(load_html(_markup(SHAPES["colspan in a body row"])))
    column = table.columns.index("median wage")
    assert text_of(table.rows[0][column]) == "44,200"
    assert table.columns == ["area", "metro", "median wage"]


def test_a_row_that_leaves_a_position_uncovered_reads_it_empty():
    root = load_html(
        _markup(
            HEAD + "<tr><td>Ohio</td><td>Columbus</td><td rowspan=2>42,360</td></tr><tr><td>Utah</td></tr>"
        )
    )
    table = read_table(next(root.iter("table")))
    assert [[text_of(cell) for cell in row] for row in table.rows] == [
        ["Ohio", "Columbus", "42,360"],
        ["Utah", "", "42,360"],
    ]
