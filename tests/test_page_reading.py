"""Reading a handbook page's tree: the shortcuts taken for speed give what the plain reading gives.

Tabs are found through libxml2's id index, a childless cell's text is read from `.text`, paragraphs inside
tables are found from the tables down, and a cell that is only a figure skips the general number reader.
Each shortcut is checked here on the markup where it could go wrong.
"""

from __future__ import annotations

import pytest

from extractors.parsing.numbers import parse_number
from extractors.parsing.page import load_page, paragraphs, table_rows, text_of


def _page(panes: str) -> str:
    return f'<html><body><div id="panes">{panes}</div><footer>site</footer></body></html>'


def test_a_tab_is_the_first_div_with_its_id_even_when_another_element_has_that_id_first():
    tree = load_page(
        _page(
            '<a name="tab-5">anchor</a><span id="tab-6">label</span>'
            '<div id="tab-5">pay</div><div id="tab-5">second pay</div><div id="tab-6">outlook</div>'
        )
    )
    assert text_of(tree.tab(5)) == "pay"
    assert text_of(tree.tab(6)) == "outlook"
    assert tree.tab(7) is None


def test_cell_text_is_every_descendant_text_with_spaces_collapsed():
    tree = load_page(
        _page(
            '<div id="tab-1"><table><tr><td>  Offices&nbsp;of\n physicians </td>'
            "<td>57<!-- note -->%</td><td><p><strong>Total,</strong> all<br>occupations</p></td>"
            '<td colspan="2">wide</td><td></td></tr></table></div>'
        )
    )
    (table,) = tree.tables()
    assert table_rows(table) == [
        ("table", ["Offices of physicians", "57%", "Total, all occupations", "wide", "wide", ""])
    ]


def test_paragraphs_skip_those_inside_tables_at_any_depth():
    tree = load_page(
        _page(
            '<div id="tab-6"><p>First.</p><table><tr><td><div><p>In a cell.</p></div></td></tr></table>'
            "<div><p>Second.</p></div></div>"
        )
    )
    assert list(paragraphs(tree.tab(6))) == ["First.", "Second."]


def test_a_container_inside_a_table_has_no_paragraphs_outside_tables():
    tree = load_page(_page('<table><tr><td><div id="tab-6"><p>In a cell.</p></div></td></tr></table>'))
    assert list(paragraphs(tree.tab(6))) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,895,500", 1895500),
        ("$47,560", 47560),
        ("57%", 57),
        ("23.33", 23.33),
        ("1,,", 1),
        ("$47,560 per year", 47560),
        (" 12 ", 12),
        ("3.2 million", 3200000),
        ("\u2013 12,400", -12400),
        ("\u2014", None),
    ],
)
def test_figures_read_the_same_whether_plain_or_worded(text, value):
    number = parse_number(text)
    assert number == value and type(number) is type(value)
