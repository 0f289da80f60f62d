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
