"""Reading guides: plain text, Markdown and HTML into the text the finder reads."""

from __future__ import annotations

import pytest

from extractors.guide_text import GuideReadError, OccupationTitles, find_figures, read_guide

TITLES = OccupationTitles.from_rows([("Pharmacy Technicians", "29-2052")])


def test_plain_text_and_markdown_keep_offsets_into_the_input() -> None:
    source = "# Pharmacy technicians\n\nThe **median** annual wage was **$43,460** in May 2024.\n"
    guide = read_guide(source.encode("utf-8"), "guide.md")
    assert guide.kind == "markdown" and guide.offsets_are_input and guide.text == source
    (figure,) = find_figures(guide.text, TITLES)
    assert source[figure.start : figure.end] == "$43,460"
    assert (figure.metric, figure.soc_code, figure.period) == ("median_pay_annual", "29-2052", "2024")


def test_html_is_read_as_visible_text_with_blocks_on_their_own_lines() -> None:
    html = (
        b"<html><head><title>x</title><style>p{}</style></head><body>"
        b"<h2>Pharmacy technicians</h2><p>The median hourly wage was $20.90 in May 2024.</p>"
        b"<script>var pay = '$99,999';</script>"
        b"<ul><li>Hospitals $23.10</li></ul></body></html>"
    )
    guide = read_guide(html, "page.html")
    assert guide.kind == "html" and not guide.offsets_are_input
    assert "$99,999" not in guide.text
    assert guide.text.splitlines()[:2] == [
        "Pharmacy technicians",
        "The median hourly wage was $20.90 in May 2024.",
    ]
    figures = find_figures(guide.text, TITLES)
    assert [(f.text, f.metric) for f in figures][0] == ("$20.90", "median_pay_hourly")


def test_html_is_recognised_without_a_suffix_and_decoded_from_its_charset() -> None:
    html = '<!DOCTYPE html><meta charset="windows-1252"><p>Caf\xe9 pay: $30,000 a year.</p>'.encode("cp1252")
    guide = read_guide(html, "https://example.org/guide")
    assert guide.kind == "html" and "Caf\u00e9" in guide.text


def test_unreadable_input_names_the_file_and_the_reason() -> None:
    with pytest.raises(GuideReadError, match="empty.txt: holds no text"):
        read_guide(b"   \n", "empty.txt")
    with pytest.raises(GuideReadError, match="blob.txt: binary data"):
        read_guide(b"\x00\x01\x02abc", "blob.txt")
