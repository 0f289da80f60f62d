"""The job outlook tab: the projections table (every row, group and detailed) and the openings sentence.

The table is found by its caption "Employment projections data for ...", its columns by their header
labels (a two-row header with rowspan/colspan), never by the `id="outlook-table"` or `data-label`
attributes that only a browser's scripts add.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml.etree import _Element

from extractors.fact import Fact, ParseError
from extractors.parsing.numbers import parse_number, parse_span, parse_year
from extractors.parsing.page import PageTree, column_labels, has_thead_rows, paragraphs, table_rows, text_of
from extractors.sources.bls_ooh.occupations import SOURCE, Occupation, Occupations

_SOC = re.compile(r"^\d{2}-\d{4}$")
_OPENINGS = re.compile(
    r"([\d][\d,.]*(?:\s+(?:thousand|million))?)\s+openings\s+for\s+([^.;:]+?)\s+are\s+projected\s+each\s+year",
    re.IGNORECASE,
)
# The word every openings sentence contains, with the same flags: a paragraph without it (most of the job
# outlook tab) is skipped before the number-led pattern above tries each digit in it.
_OPENINGS_WORD = re.compile(r"openings", re.IGNORECASE)


def _has_openings_word(text: str) -> bool:
    return _OPENINGS_WORD.search(text) is not None


@dataclass
class Projections:
    """Facts of every row, with the row occupations in table order and the years the table states."""

    rows: list[Occupation] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    base_year: str | None = None
    projected_year: str | None = None
    span: str | None = None


def find_projections_table(tree: PageTree) -> _Element | None:
    if tree.root is None:
        return None
    for caption in tree.captions:
        if "employment projections data" in text_of(caption).lower():
            parent = caption.getparent()
            while parent is not None and parent.tag != "table":
                parent = parent.getparent()
            if parent is not None:
                return parent
    return None


def header_labels(table: _Element) -> list[str]:
    """Leaf label of each column, expanding rowspan/colspan of a multi-row header.

    "Change, 2024–34" spans two columns whose second header row says "Percent" and "Numeric"; the leaf
    labels become "Change, 2024–34 Percent" and "Change, 2024–34 Numeric". The header rows are the
    thead's, else the leading rows made only of th cells.
    """
    header_rows: list[_Element] = []
    for tr in table.iter("tr"):
        parent = tr.getparent()
        if parent is not None and parent.tag == "thead":
            header_rows.append(tr)
    if not header_rows:
        for tr in table.iter("tr"):
            cells = [c for c in tr if c.tag in ("td", "th")]
            if cells and all(c.tag == "th" for c in cells) and len(cells) > 1:
                header_rows.append(tr)
            elif header_rows:
                break
    return column_labels(header_rows)


def read_projections(table: _Element, document: str) -> Projections:
    labels = [label.lower() for label in header_labels(table)]

    def column(*words: str) -> int | None:
        for i, label in enumerate(labels):
            for word in words:
                if word not in label:
                    break
            else:
                return i
        return None

    soc_col = column("soc")
    base_col = next(
        (i for i, lab in enumerate(labels) if lab.startswith("employment,") and parse_year(lab)), None
    )
    proj_col = column("projected employment")
    pct_col, num_col = column("change", "percent"), column("change", "numeric")
    if soc_col is None or base_col is None or proj_col is None:
        raise ParseError(
            document, "projections table lacks SOC code / employment / projected employment columns"
        )
    out = Projections(base_year=parse_year(labels[base_col]), projected_year=parse_year(labels[proj_col]))
    change_label = labels[pct_col] if pct_col is not None else labels[num_col or proj_col]
    out.span = parse_span(change_label) or f"{out.base_year}-{out.projected_year}"
    needed = max(soc_col, base_col, proj_col)
    # Only the columns read below (a row's cells up to the last of them; the rest are not read).
    width = max(needed, pct_col if pct_col is not None else 0, num_col if num_col is not None else 0) + 1
    body = [cells for _, cells in table_rows(table, body_only=True, width=width)]
    if not has_thead_rows(table):  # the leading all-th rows were the header
        body = body[_leading_header_rows(table) :]
    for cells in body:
        if len(cells) <= needed or not cells[0]:
            continue
        soc = cells[soc_col] if _SOC.match(cells[soc_col]) else None
        occupation = Occupation(cells[0], soc)
        row_facts: list[Fact] = []
        for metric, period, col, unit in (
            ("employment", out.base_year, base_col, "jobs"),
            ("employment_projected", out.projected_year, proj_col, "jobs"),
            ("employment_change_pct", out.span, pct_col, "percent"),
            ("employment_change", out.span, num_col, "jobs"),
        ):
            value = parse_number(cells[col]) if col is not None and col < len(cells) else None
            if value is not None and period:
                row_facts.append(Fact(SOURCE, metric, soc, occupation.title, period, value, unit))
        if row_facts:
            out.rows.append(occupation)
            out.facts.extend(row_facts)
    return out


def _leading_header_rows(table: _Element) -> int:
    count = 0
    for tr in table.iter("tr"):
        cells = [c for c in tr if c.tag in ("td", "th")]
        if cells and all(c.tag == "th" for c in cells) and len(cells) > 1:
            count += 1
        else:
            break
    return count


def openings(tree: PageTree, occupations: Occupations, span: str | None) -> list[Fact]:
    """ "About 112,300 openings for medical assistants are projected each year" -> openings_per_year for
    the occupation the sentence names (the job outlook tab; the whole page when it has no such tab)."""
    if span is None:
        return []
    facts: list[Fact] = []
    seen: set[tuple[str | None, str]] = set()
    container = tree.tab(6)
    for text in paragraphs(container if container is not None else tree.root, _has_openings_word):
        for match in _OPENINGS.finditer(text):
            value = parse_number(match.group(1))
            occ = occupations.named(match.group(2))
            key = (occ.soc_code, occ.title)
            if value is None or key in seen:
                continue
            seen.add(key)
            facts.append(Fact(SOURCE, "openings_per_year", occ.soc_code, occ.title, span, value, "jobs/year"))
    return facts
