"""Reading pages other than the handbook's: the whole document as a tree, its text as a reader sees it in
blocks and sentences, and tables by their column headings.

The handbook has a parser tuned for its size and layout (`parsing.page`); the other sources are single pages
of varied layout, so this reads any page whole and leaves finding things to the source's parser: tables
by what their header cells say, figures by the sentences that state them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html
from lxml.etree import ParserError, strip_elements
from lxml.html import HtmlElement

from extractors.parsing.numbers import clean_text

# The handbook reader's helpers are general: decoding, text, and cells' ownership and spans.
from extractors.parsing.page import _owning_table, column_labels, decode, sentences, span_grid, text_of

_BLOCKS = {
    "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div", "td", "th", "tr", "dt", "dd", "section",
    "article", "blockquote", "caption", "title", "header", "footer", "table", "ul", "ol", "dl", "figcaption",
}  # fmt: skip
_FOOTNOTE_MARK = re.compile(r"\(\d+\)|\[\d+\]")


def load_html(html: bytes | str) -> HtmlElement | None:
    """The whole document without scripts and styles (None when it has no markup); `<br>` separates words."""
    text = decode(html)
    if "<" not in text:
        return None
    try:
        root = lxml.html.document_fromstring(text)
    except (ParserError, ValueError):
        return None
    strip_elements(root, "script", "style", "noscript", with_tail=False)
    for br in root.iter("br"):
        br.tail = " " + (br.tail or "")
    return root


def text_blocks(root: HtmlElement) -> list[str]:
    """The page's text one block (paragraph, heading, list item, cell) at a time, in document order."""
    blocks: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = clean_text("".join(current))
        if text:
            blocks.append(text)
        current.clear()

    def walk(element: HtmlElement) -> None:
        block = isinstance(element.tag, str) and element.tag in _BLOCKS
        if block:
            flush()
        if isinstance(element.tag, str) and element.text:
            current.append(element.text)
        for child in element:
            walk(child)
        if block:
            flush()
        if element.tail:
            current.append(element.tail)

    walk(root)
    flush()
    return blocks


def page_sentences(root: HtmlElement) -> list[str]:
    return [sentence for block in text_blocks(root) for sentence in sentences(block)]


def heading_text(text: str) -> str:
    """A header cell's text without footnote marks: `Employment (1)` -> `employment`."""
    return clean_text(_FOOTNOTE_MARK.sub(" ", text)).lower()


@dataclass(frozen=True, slots=True)
class Table:
    """A table read by its header: `columns` are the joined header texts of each column (header rows
    with rowspan and colspan resolved, footnote marks removed, lower case); `rows` the body rows' cells by
    column, spans resolved the same way (a cell spanning two columns is in both; a position no cell covers
    is an empty `<td>`), so `rows[i][j]` is the cell under `columns[j]`."""

    element: HtmlElement
    columns: list[str]
    rows: list[list[HtmlElement]]

    def caption(self) -> str:
        found = self.element.find("caption")
        return text_of(found) if found is not None else ""


def read_table(table: HtmlElement) -> Table:
    """Header rows are those in `<thead>`, else the leading rows made only of `<th>` cells."""
    own_rows = [tr for tr in table.iter("tr") if _owning_table(tr) is table]
    header = [tr for tr in own_rows if tr.getparent() is not None and tr.getparent().tag == "thead"]
    if not header:
        for tr in own_rows:
            cells = _cells(tr)
            if cells and all(cell.tag == "th" for cell in cells):
                header.append(tr)
            else:
                break
    body = [tr for tr in own_rows if tr not in header and _cells(tr)]
    body = [tr for tr in body if tr.getparent() is None or tr.getparent().tag != "tfoot"]
    return Table(table, _header_columns(header), [_filled(row) for row in span_grid(body)])


def tables(root: HtmlElement) -> list[Table]:
    return [read_table(table) for table in root.iter("table")]


def _cells(tr: HtmlElement) -> list[HtmlElement]:
    return [cell for cell in tr if cell.tag in ("td", "th")]


def _filled(row: list[HtmlElement | None]) -> list[HtmlElement]:
    return [cell if cell is not None else lxml.html.Element("td") for cell in row]


def _header_columns(rows: list[HtmlElement]) -> list[str]:
    return column_labels(rows, lambda cell: heading_text(text_of(cell)))
