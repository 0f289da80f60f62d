"""Turning a handbook page's bytes into an lxml tree of its content, and reading text and tables from it.

Speed matters here (a full refresh parses some 340 pages, and `parse` may be handed thousands): a page is
~120 kB, of which the content panes are about half. So the raw text is sliced to the content region
before any tree is built, and the tree is built by lxml directly (BeautifulSoup over lxml builds the
same trees some 20 times slower; see benchmarks/soup_vs_lxml.py). Bytes become text through
BeautifulSoup's `UnicodeDammit` (`decode`), which weighs the HTTP charset, a BOM and `<meta charset>`;
a page that declares UTF-8 (every handbook page) skips its machinery, and is sliced and handed to
libxml2 as bytes, which it reads without converting them (`load_page`, which checks that what it reads is
valid UTF-8).
Only the `<meta name="date">` of the head is needed, and a regex reads it.

Everything here works on markup the server sends: tab divs (`id="tab-N"`), tables, captions, paragraphs.
Nothing depends on ids or attributes that the handbook's scripts add in a browser.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any, TypeVar

from bs4 import UnicodeDammit
from bs4.dammit import EncodingDetector
from lxml import etree
from lxml.etree import ParserError, _Element

from extractors.parsing.numbers import clean_text

# Markup patterns match letter case the way HTML does, ASCII only (`re.ASCII`): Unicode case folding
# ("ı" for "i", "ſ" for "s") is never markup, and matching without it scans a page twice as fast.
_MARKUP = re.IGNORECASE | re.ASCII
_META = re.compile(r"<meta\b[^>]*>", _MARKUP)
_ATTR = re.compile(r"""([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_REGION_START = (
    re.compile(r"""<div\b[^>]*\bid\s*=\s*["']?panes["'\s>]""", _MARKUP),
    re.compile(r"""<div\b[^>]*\bid\s*=\s*["']?main-content["'\s>]""", _MARKUP),
)
_TAB_ID = re.compile(r"""\bid\s*=\s*["']?tab-\d""", _MARKUP)
_FOOTER = re.compile(r"<footer\b", _MARKUP)
# The end of a sentence: its mark and the space after it, before a capital, a quote or a parenthesis.
_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-Z\"“(])")
# lxml.html's parser builds the same tree but gives each element a Python class, found by a Python call
# whenever an element is touched; the handbook reader needs only the plain etree API.
_HTML_PARSER = etree.HTMLParser()
# libxml2 indexes `id` attributes as it parses (HTML's `<a name>` too, the first of each value winning).
_BY_ID = etree.XPath("id($name)")


@dataclass(frozen=True, slots=True)
class PageTree:
    """The content region of a page as a tree (None when the document has no markup at all)."""

    root: _Element | None
    published: str | None
    # Found in one walk of the tree as it is loaded (each walk of a page's ~900 elements costs as much as
    # reading a table): several readers look at every table; the projections table is found by its
    # caption, the bar charts are definition lists.
    all_tables: tuple[_Element, ...] = ()
    captions: tuple[_Element, ...] = ()
    definition_lists: tuple[_Element, ...] = ()

    def tab(self, number: int) -> _Element | None:
        """The `<div id="tab-N">` pane (1 summary, 3 work environment, 5 pay, 6 job outlook)."""
        if self.root is None:
            return None
        # By libxml2's id index; when that names another element (an `<a name>` or a `<span id>` of the
        # same value came first), the first such div in document order as `find` walks the tree.
        name = f"tab-{number}"
        found = _BY_ID(self.root, name=name)
        if found and found[0].tag == "div":
            return found[0]
        return self.root.find(f'.//div[@id="{name}"]')

    def tables(self) -> list[_Element]:
        return list(self.all_tables)


def decode(html: bytes | str, http_charset: str | None = None) -> str:
    """A document's bytes as text, by BeautifulSoup's `UnicodeDammit`: the charset the HTTP header gave
    (`http_charset`), else a byte-order mark, else a `<meta charset>`, else detection; UTF-8 with
    replacement characters when nothing decodes cleanly."""
    if isinstance(html, str):
        return html
    if http_charset is None and (text := _declared_utf8(html)) is not None:
        return text
    dammit = UnicodeDammit(
        html, known_definite_encodings=[http_charset] if http_charset else [], is_html=True
    )
    if dammit.unicode_markup is None:
        return html.decode("utf-8", errors="replace")
    return dammit.unicode_markup


# Byte-order marks `UnicodeDammit` heeds before any declaration (UTF-16 and UTF-32 ones, and UTF-8's).
_BYTE_ORDER_MARKS = (b"\xef\xbb\xbf", b"\xfe\xff", b"\xff\xfe", b"\x00\x00\xfe\xff")
_UTF8_NAMES = frozenset(("utf-8", "utf8"))


def _declared_utf8(html: bytes) -> str | None:
    """The text of a page that declares UTF-8 and is valid UTF-8, as `UnicodeDammit` would give it, or None.

    Without an HTTP charset or a byte-order mark, `UnicodeDammit` tries the declared encoding first and
    keeps it when the bytes decode strictly; for a UTF-8 page that is one `bytes.decode`. Its own machinery
    around that (a detector object, codec lookups, the declaration search again) cost half as much as the
    decoding itself on a handbook page, so the same first step is taken here directly, with its
    declaration search (`_declares_utf8`), and anything else goes to `UnicodeDammit`."""
    if not _declares_utf8(html):
        return None
    try:
        return html.decode("utf-8")
    except UnicodeDecodeError:
        return None


def http_charset(content_type: str | None) -> str | None:
    """The `charset` parameter of a Content-Type header (`text/html; charset=windows-1252`), if any."""
    for parameter in (content_type or "").split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip('"'):
            return value.strip().strip('"')
    return None


def load_page(html: bytes | str) -> PageTree:
    """The content region's tree and the page's publication date.

    A page that declares UTF-8 (every handbook page) is cut and parsed as bytes (`_load_utf8_bytes`):
    libxml2 reads UTF-8 natively, where a Python string reaches it as UTF-16 or UCS-4 that it converts
    first (7% of building the tree). Any other page, and a UTF-8 page whose region or date is not valid
    UTF-8, is decoded by charset (`decode`) and parsed as text, as before the bytes path existed."""
    if isinstance(html, bytes) and _declares_utf8(html):
        tree = _load_utf8_bytes(html)
        if tree is not None:
            return tree
    text = decode(html)
    start, end = _content_region(text, _TEXT_MARKUP)
    published = _published(text, start or 20000, _TEXT_MARKUP)
    return _page_tree(_parsed(text[start:end], _HTML_PARSER), published)


def _declares_utf8(html: bytes) -> bool:
    """Whether `UnicodeDammit` would first try UTF-8 for these bytes: no byte-order mark, and UTF-8 is
    the encoding the page declares (by the same declaration search, `find_declared_encoding`)."""
    return not html.startswith(_BYTE_ORDER_MARKS) and (
        EncodingDetector.find_declared_encoding(html, is_html=True) in _UTF8_NAMES
    )


def _load_utf8_bytes(html: bytes) -> PageTree | None:
    """`load_page` for a page that declares UTF-8, from its bytes; None when what is read of it is not
    valid UTF-8 (the caller then decodes the page as `UnicodeDammit` does).

    Only what is read is checked: the region's bytes by libxml2 as it builds the tree (it reports each
    invalid sequence in the parser's error log), and the `<meta>` tags the date is read from by their
    decoding. Decoding the whole page only to check it took as long as a tenth of building the tree, and
    an invalid byte in the site's navigation or footer, outside the region, says nothing about the
    content: the region is read as the UTF-8 it is, not re-read in another encoding."""
    start, end = _content_region(html, _BYTES_MARKUP)
    if not start:  # no panes: the rare page whose whole text the caller reads
        return None
    try:
        published = _published(html, start, _BYTES_MARKUP)
    except UnicodeDecodeError:
        return None
    parser = utf8_html_parser()
    root = _parsed(html[start:end], parser)
    if root is not None and _invalid_utf8_reported(parser):
        return None
    return _page_tree(root, published)


def _parsed(region: str | bytes, parser: etree.HTMLParser) -> _Element | None:
    """The region's tree, or None when it holds no markup or lxml builds none from it."""
    if ("<" if isinstance(region, str) else b"<") not in region:
        return None
    try:
        return etree.fromstring(region, parser)
    except (ParserError, ValueError):
        return None


# The errors libxml2 reports for bytes that are not UTF-8 (versions differ in which they use).
_ENCODING_ERRORS = frozenset((etree.ErrorTypes.ERR_INVALID_ENCODING, etree.ErrorTypes.ERR_INVALID_CHAR))
# libxml2 stops reporting errors after this many in one document; a log that long proves nothing.
_ERROR_LOG_LIMIT = 100


def _invalid_utf8_reported(parser: etree.HTMLParser) -> bool:
    """Whether the parser's last document held bytes that are not UTF-8 (or had too many errors to tell)."""
    log = parser.error_log
    return len(log) >= _ERROR_LOG_LIMIT or any(entry.type in _ENCODING_ERRORS for entry in log)


_THREAD_PARSERS = threading.local()


def utf8_html_parser() -> etree.HTMLParser:
    """This thread's parser for UTF-8 bytes: the encoding is given, never guessed from a `<meta>`.

    One per thread because `_load_utf8_bytes` reads the parser's error log after each document, and a
    parser shared between threads (refresh tasks parse in threads) would show another thread's errors.
    Public for the parse benchmark, whose floor builds the same regions with it."""
    parser = getattr(_THREAD_PARSERS, "parser", None)
    if parser is None:
        parser = _THREAD_PARSERS.parser = etree.HTMLParser(encoding="utf-8")
    return parser


def _page_tree(root: _Element | None, published: str | None) -> PageTree:
    """The tree with what several readers look for found in one walk, and `<br>` made a word break."""
    if root is None:
        return PageTree(None, published)
    tables: list[_Element] = []
    captions: list[_Element] = []
    definition_lists: list[_Element] = []
    found = {"table": tables.append, "caption": captions.append, "dl": definition_lists.append}
    for element in root.iter("br", "table", "caption", "dl"):
        tag = element.tag
        if tag == "br":  # <br> separates words on screen; make it separate them in the text read too
            element.tail = " " + (element.tail or "")
        else:
            found[tag](element)
    return PageTree(root, published, tuple(tables), tuple(captions), tuple(definition_lists))


@dataclass(frozen=True, slots=True)
class _Markup:
    """The patterns that find the region and the date, for pages as text or as UTF-8 bytes (the same
    patterns: they match ASCII markup, which UTF-8 bytes spell as the text does)."""

    region_start: tuple[re.Pattern[Any], ...]
    tab_id: re.Pattern[Any]
    footer: re.Pattern[Any]
    meta: re.Pattern[Any]
    tab_literal: Any
    panes_literal: Any
    before_attribute_value: Any


def _as_bytes(pattern: re.Pattern[str]) -> re.Pattern[bytes]:
    return re.compile(pattern.pattern.encode("ascii"), pattern.flags & ~re.UNICODE)


# What may stand just before the `tab-` of an `id="tab-N"` (a quote, `=`, whitespace as `\s` has it in
# ASCII), as one-character strings; slicing the character before a `tab-` gives "" at the region start.
_BEFORE_VALUE = frozenset("\"'= \t\n\r\f\v")
_TEXT_MARKUP = _Markup(_REGION_START, _TAB_ID, _FOOTER, _META, "tab-", '<div id="panes"', _BEFORE_VALUE)
_BYTES_MARKUP = _Markup(
    tuple(_as_bytes(p) for p in _REGION_START), _as_bytes(_TAB_ID), _as_bytes(_FOOTER), _as_bytes(_META),
    b"tab-", b'<div id="panes"', frozenset(c.encode("ascii") for c in _BEFORE_VALUE),
)  # fmt: skip


def content_region(text: str) -> tuple[int, int]:
    """Where the content panes lie in a page's text: from the panes' (or main content's) div to the site
    footer, cut only after the last tab pane so that no pane can be lost."""
    return _content_region(text, _TEXT_MARKUP)


def content_region_bytes(page: bytes) -> tuple[int, int]:
    """`content_region` of a UTF-8 page as bytes (offsets count bytes): where `load_page` cuts it."""
    return _content_region(page, _BYTES_MARKUP)


def _content_region(page: Any, markup: _Markup) -> tuple[int, int]:
    """`content_region` of a page as text, or as UTF-8 bytes (offsets then count bytes)."""
    start = _region_start(page, markup)
    last_tab = _last_tab_id_end(page, start, markup)
    footer = markup.footer.search(page, last_tab if last_tab is not None else start)
    return start, (footer.start() if footer is not None else len(page))


def _last_tab_id_end(text: Any, start: int, markup: _Markup) -> int | None:
    """The end of the last `id="tab-N` in text[start:], found from the back: `str.rfind` on the literal
    `tab-` and a check of the few characters before it, where a regex scan of the whole page (tens of
    kB, with a word boundary no search can skip ahead to) cost more than building the tree."""
    position = len(text)
    tab_id = markup.tab_id
    before_value = markup.before_attribute_value
    while (position := text.rfind(markup.tab_literal, start, position)) != -1:
        # The pattern has a quote, `=` or a space just before `tab-`: most other `tab-` (`#tab-2`,
        # `ooh-tab-table` in links, classes and scripts after the last pane) are passed over here.
        if text[position - 1 : position] not in before_value:
            continue
        attribute = tab_id.search(text, max(start, position - 16), position + 5)
        if attribute is not None and attribute.end() == position + 5:
            return attribute.end()
    # Markup in other letter cases (`ID="TAB-1"`): the full scan.
    ends = [match.end() for match in tab_id.finditer(text, start)]
    return ends[-1] if ends else None


def _region_start(text: Any, markup: _Markup = _TEXT_MARKUP) -> int:
    """Where the panes div (else the main content div) starts.

    The panes div as the server writes it, `<div id="panes"` (itself a match of the panes pattern), is found
    by a literal search: the pattern, which has no literal to skip ahead to, tries each of the ~1,000 `<`
    of head and navigation before it, at the cost of building a tenth of the tree. Only a page without
    that spelling (`<DIV ID='panes'>`, an unquoted id, no panes) goes to the patterns; a page with two
    panes divs, another spelling first, would start at the one spelt as the server spells it."""
    tag = text.find(markup.panes_literal)
    if tag != -1:
        return tag
    for pattern in markup.region_start:
        match = pattern.search(text)
        if match is not None:
            return match.start()
    return 0


def _published(text: Any, head_end: int, markup: _Markup) -> str | None:
    """The `<meta name="date">` content among text[:head_end] (searched in place, not a copy of it).
    In UTF-8 bytes each tag found is decoded and read as text (a tag starts and ends at ASCII `<`, `>`)."""
    for found in markup.meta.finditer(text, 0, head_end):
        tag = found.group(0)
        if not isinstance(tag, str):
            tag = tag.decode("utf-8")
        if "date" not in tag.lower():  # cannot be name="date"; most meta tags are skipped here
            continue
        attrs = {
            m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or "" for m in _ATTR.finditer(tag)
        }
        if attrs.get("name", "").lower() == "date" and attrs.get("content"):
            return attrs["content"].strip()
    return None


def text_of(element: _Element) -> str:
    """An element's text as a reader sees it: whitespace and non-breaking spaces collapsed. (The text of
    every descendant, as lxml.html's `text_content()` reads it, by lxml's serialiser, which is faster and
    works on plain etree elements too.)

    An element without children (most cells and labels) holds all its text in `.text`, five times
    cheaper to read than serialising it. `paragraphs` and `table_rows` repeat this expression inline:
    it runs for every paragraph and cell."""
    return " ".join(((element.text or "") if len(element) == 0 else _text_serialised(element)).split())


def sentences(text: str) -> list[str]:
    """The sentences of a text, each with its closing mark, without the space between them.

    By the matches of `_SENTENCE_END`, which starts with the mark: a pattern starting with a lookbehind
    for it (to split at the space alone) was tried at every position, at nearly twice the cost."""
    found: list[str] = []
    start = 0
    for end in _SENTENCE_END.finditer(text):
        if end.start() + 1 > start:
            found.append(text[start : end.start() + 1])
        start = end.end()
    if start < len(text):
        found.append(text[start:])
    return found


# The non-ASCII letters that `re.IGNORECASE` matches to ASCII ones: dotted and dotless i, long s, Kelvin sign.
_FOLD_TO_ASCII = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def match_case(text: str) -> str:
    """`text` lower-cased as a case-insensitive pattern sees its ASCII letters, so that `word in
    match_case(text)` (a C-level scan) can tell, before a `re.IGNORECASE` pattern with that literal word
    runs, whether it could match at all: such patterns cannot skip ahead to their first word and try every
    position. The few non-ASCII letters the pattern would take for ASCII ones are mapped onto them."""
    lower = text.lower()
    # The letters of `_FOLD_TO_ASCII`, each by `in` (a generator over them cost five times as much).
    if lower.isascii() or not ("\u0130" in text or "\u0131" in text or "\u017f" in text or "\u212a" in text):
        return lower
    return text.translate(_FOLD_TO_ASCII).lower()


def paragraphs(container: _Element | None, having: Callable[[str], bool] | None = None) -> Iterator[str]:
    """The text of each paragraph outside tables, in document order.

    With `having`, only the paragraphs whose text it accepts, asked of the text before its whitespace is
    collapsed: a reader that wants only the paragraphs with a word in them (openings, pay) does not pay
    for collapsing the others. So `having` must answer alike for the text before and after collapsing
    (true of a test for a word or a pattern without spaces in it)."""
    if container is None or container.tag == "table" or _inside(container, "table"):
        return
    # The paragraphs inside the container's tables, found from the tables down (few), where walking up
    # from every paragraph to the root cost a chain of parent lookups each.
    in_tables = {p for table in container.iter("table") for p in table.iter("p")}
    tostring = _tostring
    for p in container.iter("p"):
        if p in in_tables:
            continue
        # `_text_serialised`, inline
        raw = (p.text or "") if len(p) == 0 else tostring(p, method="text", encoding=str, with_tail=False)
        if having is not None and not having(raw):
            continue
        text = " ".join(raw.split())  # the rest of `text_of`, inline
        if text:
            yield text


def _inside(element: _Element, tag: str) -> bool:
    parent = element.getparent()
    while parent is not None:
        if parent.tag == tag:
            return True
        parent = parent.getparent()
    return False


def lead_in(table: _Element, max_steps: int = 8) -> str:
    """The text just before a table: the sentence that says what its rows are ("... as follows:").

    Walks back over empty paragraphs, comments and whitespace, and up out of wrappers, to the nearest
    text: a preceding element's text, the text between it and the table, or the wrapper's own text.
    """
    node = table
    for _ in range(max_steps):
        previous = node.getprevious()
        if previous is None:
            parent = node.getparent()
            if parent is None:
                return ""
            if parent.text and parent.text.strip():
                return clean_text(parent.text)
            node = parent
            continue
        if previous.tail and previous.tail.strip():
            return clean_text(previous.tail)
        if isinstance(previous.tag, str) and previous.tag != "table":
            text = text_of(previous)
            if text:
                return text
        if previous.tag == "table":
            return ""
        node = previous
    return ""


def table_rows(
    table: _Element, body_only: bool = False, width: int | None = None
) -> list[tuple[str, list[str]]]:
    """Each row of the table as (section, cell texts), with colspan cells repeated.

    `section` is the tag of the row's parent (`tbody`, `thead`, `tfoot` or `table`), so callers can skip
    header and footer rows; `body_only` skips them before their cells are read. Nested tables are not
    descended into. With `width`, each row holds only its first `width` columns: the cells after them are
    not read (the projections table's last cell, a link, is the costliest of its row to read).
    """
    rows: list[tuple[str, list[str]]] = []
    for tr in table.iter("tr"):
        parent = tr.getparent()
        # `owned_row`, inline for the usual `table > tr` and `table > tbody > tr`
        if parent is table:
            section = "table"
        else:  # (a row below the table has a parent)
            if (parent.tag == "table" or parent.getparent() is not table) and _owning_table(tr) is not table:
                continue
            section = parent.tag
            if body_only and (section == "thead" or section == "tfoot"):
                continue
        cells: list[str] = []
        append = cells.append
        # The row's children in one list, tested here, cost less than `iterchildren("td", "th")`'s
        # iterator; each cell is at least one column, so the first `width` cells hold the first `width`
        # columns.
        for cell in tr if width is None else islice(tr.iterchildren("td", "th"), width):
            tag = cell.tag
            if tag != "td" and tag != "th":
                continue
            # `text_of`, inline: this runs for every cell
            if len(cell) == 0:
                text = " ".join((cell.text or "").split())
            else:
                text = " ".join(_tostring(cell, method="text", encoding=str, with_tail=False).split())
            span = cell.get("colspan")
            if span is None:
                append(text)
            else:
                cells.extend([text] * _span(span))
        if width is not None:
            del cells[width:]
        rows.append((section, cells))
    return rows


def _text_serialised(element: _Element) -> str:
    """An element's text by lxml's serialiser. The keywords are spelt out at the call: a `partial` holding
    them merged them into a new dict on every call, which cost 0.2 us of the serialiser's 0.55."""
    return _tostring(element, method="text", encoding=str, with_tail=False)


_tostring = etree.tostring


def owned_row(tr: _Element, parent: _Element | None, table: _Element) -> bool:
    """Whether `tr` (whose parent is `parent`) is a row of `table` itself, not of a table nested in it:
    `_owning_table(tr) is table`, answered for the usual `table > tr` and `table > tbody > tr` without
    the walk up."""
    if parent is table:
        return True
    if parent is not None and parent.tag != "table" and parent.getparent() is table:
        return True
    return _owning_table(tr) is table


def _owning_table(element: _Element) -> _Element | None:
    parent = element.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _span(value: str | None) -> int:
    if value is None:
        return 1
    known = _SPANS.get(value)
    if known is not None:
        return known
    try:
        return max(1, min(int(value or 1), 50))
    except ValueError:
        return 1


# `_span` of the values real tables print ("2", "8"), looked up instead of converted and clamped.
_SPANS = {str(n): n for n in range(1, 51)}


def span_grid(rows: list[_Element]) -> list[list[_Element | None]]:
    """Each row's cells by column, with rowspan and colspan expanded as a reader sees the table: a cell
    spanning n columns stands in each of them, one spanning rows stands in the rows below (within `rows`).
    A position no cell covers is None. `_placed` expands the spans, here and for `column_labels`.
    """
    placed = _placed(
        [
            [(cell, cell.get("colspan"), cell.get("rowspan")) for cell in tr if cell.tag in _CELL_TAGS]
            for tr in rows
        ]
    )
    return [[row.get(c) for c in range(max(row, default=-1) + 1)] for row in placed]


_CELL_TAGS = ("td", "th")
_Item = TypeVar("_Item")


def _placed(rows: Sequence[Sequence[tuple[_Item, str | None, str | None]]]) -> list[dict[int, _Item]]:
    """Rows of (item, colspan, rowspan) as {column: item} per row, each item standing in every position it
    spans (within `rows`)."""
    placed: list[dict[int, _Item]] = [{} for _ in rows]
    for r, cells in enumerate(rows):
        row = placed[r]
        c = 0
        for item, colspan, rowspan in cells:
            while c in row:
                c += 1
            across = _span(colspan)
            for below in placed[r : r + _span(rowspan)]:
                for dc in range(across):
                    below[c + dc] = item
            c += across
    return placed


def column_labels(header_rows: list[_Element], text: Callable[[_Element], str] = text_of) -> list[str]:
    """Leaf label of each column of a multi-row header, expanding rowspan and colspan.

    "Change, 2024–34" spanning two columns whose second row says "Percent" and "Numeric" gives
    "Change, 2024–34 Percent" and "Change, 2024–34 Numeric". `text` reads a header cell's label, once
    per cell however many columns and rows it spans.

    The labels follow from each cell's label and spans alone, so they are worked out once per header
    (`_labels_of`): every occupation page of a handbook edition prints the same projections header, and
    expanding its spans cost three times as much as reading its cells.
    """
    shape = tuple(
        tuple((text(cell), cell.get("colspan"), cell.get("rowspan")) for cell in tr if cell.tag in _CELL_TAGS)
        for tr in header_rows
    )
    return list(_labels_of(shape))


@functools.lru_cache(maxsize=256)
def _labels_of(shape: tuple[tuple[tuple[str, str | None, str | None], ...], ...]) -> tuple[str, ...]:
    """`column_labels` of a header given as rows of (label, colspan, rowspan)."""
    placed = _placed(shape)
    width = max((max(row, default=-1) + 1 for row in placed), default=0)
    labels = []
    for c in range(width):
        parts: list[str] = []
        for row in placed:
            label = row.get(c)
            if label and label not in parts:
                parts.append(label)
        labels.append(" ".join(parts))
    return tuple(labels)
