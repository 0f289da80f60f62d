"""Bytes to text (`extractors.parsing.page.decode`, BeautifulSoup's UnicodeDammit): the charset may be given
only by the HTTP header, only by a byte-order mark, or only by a `<meta>` tag."""

from __future__ import annotations

from extractors.parsing.html_page import load_html, page_sentences
from extractors.parsing.page import decode, http_charset

TEXT = "Median pay: 41 500 € a year – café assistants"
PAGE = "<html><head>{meta}<title>Pay</title></head><body><p>" + TEXT + ".</p></body></html>"


def test_charset_only_in_the_http_header():
    body = PAGE.format(meta="").encode("windows-1252")
    charset = http_charset("text/html; charset=windows-1252")
    assert charset == "windows-1252"
    assert TEXT in decode(body, charset)


def test_charset_only_in_a_byte_order_mark():
    body = PAGE.format(meta="").encode("utf-16")  # Python writes the BOM first
    assert body[:2] in (b"\xff\xfe", b"\xfe\xff")
    assert TEXT in decode(body)


def test_charset_only_in_a_meta_tag():
    body = PAGE.format(meta='<meta charset="windows-1252">').encode("windows-1252")
    assert TEXT in decode(body)
    body = PAGE.format(
        meta='<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
    ).encode("windows-1252")
    assert TEXT in decode(body)


def test_plain_utf8_and_text_pass_through():
    assert TEXT in decode(PAGE.format(meta="").encode("utf-8"))
    assert decode(TEXT) == TEXT
    assert http_charset("text/html") is None and http_charset(None) is None


def test_the_http_charset_reaches_the_tree_a_parser_reads():
    body = PAGE.format(meta="").encode("windows-1252")
    root = load_html(decode(body, http_charset("text/html; charset=windows-1252")))
    assert root is not None and TEXT + "." in page_sentences(root)


def test_a_page_declaring_utf8_reads_as_unicode_dammit_reads_it():
    """The direct path for pages that declare UTF-8 gives what `UnicodeDammit` gives, whether the bytes
    are UTF-8 or not (a page declaring UTF-8 but saved as windows-1252 falls back to its detection)."""
    from bs4 import UnicodeDammit

    for meta in (
        '<meta charset="utf-8">',
        '<meta http-equiv="Content-Type" content="text/html; charset=UTF8">',
    ):
        for encoding in ("utf-8", "windows-1252"):
            body = PAGE.format(meta=meta).encode(encoding)
            assert decode(body) == UnicodeDammit(body, is_html=True).unicode_markup
        assert TEXT in decode(PAGE.format(meta=meta).encode("utf-8"))
    with_bom = b"\xef\xbb\xbf" + PAGE.format(meta='<meta charset="utf-8">').encode("utf-8")
    assert decode(with_bom) == UnicodeDammit(with_bom, is_html=True).unicode_markup
