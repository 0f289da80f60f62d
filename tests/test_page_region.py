"""The content region a handbook page is cut to before its tree is built: no pane is ever cut off."""

from __future__ import annotations

import pytest

from extractors.parsing.page import content_region

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
