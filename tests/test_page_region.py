"""The content region a handbook page is cut to before its tree is built: no pane is ever cut off."""

from __future__ import annotations

import pytest
from bs4 import UnicodeDammit
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


def _panes_page(nav: bytes, content: bytes, date: bytes = b"2025-04-18") -> bytes:
    return (
        b'<html><head><meta charset="utf-8"><meta name="date" content="' + date + b'"></head><body>'
        b"<nav>" + nav + b'</nav><div id="panes"><div id="tab-1"><p>' + content + b"</p></div></div>"
        b"<footer>f</footer></body></html>"
    )


def test_a_page_declaring_utf8_but_saved_in_windows_1252_reads_as_unicode_dammit_reads_it():
    """Bytes that are not UTF-8 inside the region send the page to `UnicodeDammit` (libxml2 reports them
    as it builds the tree): the content is read as the whole decoded page gives it, not with U+FFFD."""
    body = _panes_page(b"menu", "Median pay: café – 41 500 €".encode("windows-1252"))
    tree = load_page(body)
    assert text_of(tree.tab(1)) == text_of(load_page(UnicodeDammit(body, is_html=True).unicode_markup).tab(1))
    assert "\ufffd" not in text_of(tree.tab(1))
    assert tree.published == "2025-04-18"


def test_bytes_outside_the_region_do_not_change_how_the_content_reads():
    """A stray windows-1252 byte in the site navigation (not read) leaves the UTF-8 content as it is."""
    tree = load_page(_panes_page("menu \u00e9".encode("windows-1252"), "café – 41 500 €".encode()))
    assert text_of(tree.tab(1)) == "café – 41 500 €"
    assert tree.published == "2025-04-18"


def test_a_date_that_is_not_utf8_is_read_as_the_decoded_page_gives_it():
    body = _panes_page(b"menu", b"pay", date="2025-04-18 \u00e9".encode("windows-1252"))
    assert load_page(body).published == load_page(UnicodeDammit(body, is_html=True).unicode_markup).published
    assert load_page(body).published.startswith("2025-04-18")


def test_each_thread_parses_with_its_own_utf8_parser():
    """The error log read after each document must be that document's, whichever thread parsed it."""
    import threading

    from extractors.parsing.page import utf8_html_parser

    seen = []
    worker = threading.Thread(target=lambda: seen.append(utf8_html_parser()))
    worker.start()
    worker.join()
    assert utf8_html_parser() is utf8_html_parser()
    assert seen[0] is not utf8_html_parser()
