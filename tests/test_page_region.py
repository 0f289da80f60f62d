"""The content region a handbook page is cut to before its tree is built: no pane is ever cut off."""

from __future__ import annotations

import pytest
from lxml import etree

from extractors.parsing.page import content_region, load_page, text_of

PAGE = (
    "<html><head><title>t</title></head><body><nav>site menu</nav>"
    '<div id="panes"><div {one}>pay</div><footer>in-pane footer</footer><div {two}>outlook</div></div>'
    "<footer>site footer</footer></body></html>"
)


@pytest.mark.parametrize(
    ("one", "two"),
    [('id="tab-1"', 'id="tab-6"'), ("id='tab-1'", "id=tab-6"), ('ID="TAB-1"', 'ID = "TAB-6"')],
)
def test_the_region_runs_from_the_panes_to_the_footer_after_the_last_tab(one, two):
    page = PAGE.format(one=one, two=two)
    start, end = content_region(page)
    region = page[start:end]
    assert region.startswith('<div id="panes">')
    assert "outlook" in region  # the last pane is kept although a footer stands before it
    assert "site footer" not in region and "site menu" not in region


def test_a_page_without_tabs_ends_at_its_first_footer():
    page = '<div id="main-content"><p>text</p><footer>f</footer><p>after</p></div>'
    start, end = content_region(page)
    assert page[start:end] == '<div id="main-content"><p>text</p>'


@pytest.mark.parametrize(
    "head",
    [
        '<meta charset="utf-8"><meta name="date" content="2025-04-18">',
        '<meta charset="utf-8"><meta content="2025-04-18 " name="DATE">',
        '<meta charset="utf-8">',
    ],
)
@pytest.mark.parametrize("panes", ['<div id="panes">', "<div>"])
def test_a_utf8_page_read_as_bytes_gives_the_tree_and_date_its_text_gives(head, panes):
    """UTF-8 pages are cut and parsed as bytes (offsets in bytes, not characters): the same region, tree
    and publication date as the decoded text, with letters beyond ASCII before and inside the region."""
    page = (
        f"<html><head><title>Café – pay</title>{head}</head><body><nav>menu é</nav>{panes}"
        '<div id="tab-1"><p>Median pay: 41 500 € a year – café</p></div>'
        '<div id="tab-6"><p>Outlook “fast”<br>growth</p></div></div><footer>f</footer></body></html>'
    )
    from_bytes, from_text = load_page(page.encode("utf-8")), load_page(page)
    assert from_bytes.published == from_text.published
    assert etree.tostring(from_bytes.root, encoding=str) == etree.tostring(from_text.root, encoding=str)
    assert text_of(from_bytes.tab(1)) == "Median pay: 41 500 € a year – café"
    assert text_of(from_bytes.tab(6)) == "Outlook “fast” growth"


@pytest.mark.parametrize("panes", ['<div id="panes">', "<DIV class='x' ID='panes'>", "<div id=panes>"])
def test_the_panes_div_is_found_however_its_markup_is_spelt(panes):
    page = (
        '<html><head><meta name="date" content="2025-04-18"></head><body><nav>menu</nav>'
        f'{panes}<div id="tab-1"><p>pay</p></div></div><footer>f</footer></body></html>'
    )
    for document in (page, page.encode("utf-8")):
        tree = load_page(document)
        assert tree.published == "2025-04-18"
        assert text_of(tree.root) == "pay"  # the menu before the panes is not in the region
