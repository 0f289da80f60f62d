"""The job outlook tab: the projections table (every row, group and detailed) and the openings sentence.

The table is found by its caption "Employment projections data for ...", its columns by their header
labels (a two-row header with rowspan/colspan), never by the `id="outlook-table"` or `data-label`
attributes that only a browser's scripts add.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from lxml.etree import _Element

from extractors.fact import Fact, ParseError
from extractors.parsing.numbers import parse_number, parse_span, parse_year
from extractors.parsing.page import (
    PageTree,
    column_labels,
    match_case,
    owned_row,
    paragraphs,
    table_rows,
    text_of,
)
from extractors.sources.bls_ooh.occupations import SOURCE, Occupation, Occupations

_SOC = re.compile(r"^\d{2}-\d{4}$")
_OPENINGS = re.compile(
    r"([\d][\d,.]*(?:\s+(?:thousand|million))?)\s+openings\s+for\s+([^.;:]+?)\s+are\s+projected\s+each\s+year",
    re.IGNORECASE,
)


def _has_openings_word(text: str) -> bool:
    """Whether a paragraph has the word every openings sentence contains (as `_OPENINGS` matches it,
    see `match_case`): most of the job outlook tab does not, and is skipped before the number-led pattern
    tries each digit in it."""
    return "openings" in match_case(text)


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


def _header(table: _Element) -> tuple[list[str], int]:
    """The leaf label of each column, and how many leading body rows are the header.

    "Change, 2024–34" spans two columns whose second header row says "Percent" and "Numeric"; the leaf
    labels become "Change, 2024–34 Percent" and "Change, 2024–34 Numeric" (`column_labels`). The header
    rows are the thead's (then no body row is the header when one of them is the table's own), else the
    leading rows made only of th cells."""
    thead_rows: list[_Element] = []
    owned = False
    for tr in table.iter("tr"):
        parent = tr.getparent()
        if parent is not None and parent.tag == "thead":
            thead_rows.append(tr)
            owned = owned or owned_row(tr, parent, table)
    if thead_rows:
        return column_labels(thead_rows), 0 if owned else len(_leading_header_rows(table))
    leading = _leading_header_rows(table)
    return column_labels(leading), len(leading)


def _leading_header_rows(table: _Element) -> list[_Element]:
    """The table's first rows made only of th cells (at least two each)."""
    rows: list[_Element] = []
    for tr in table.iter("tr"):
        cells = [c for c in tr if c.tag in ("td", "th")]
        if cells and all(c.tag == "th" for c in cells) and len(cells) > 1:
            rows.append(tr)
        else:
            break
    return rows


def read_projections(table: _Element, document: str) -> Projections:
    header, leading_header_rows = _header(table)
    layout = _layout(tuple(header))
    if layout is None:
        raise ParseError(
            document, "projections table lacks SOC code / employment / projected employment columns"
        )
    out = Projections(base_year=layout.base_year, projected_year=layout.projected_year, span=layout.span)
    body = [cells for _, cells in table_rows(table, body_only=True, width=layout.width)]
    if leading_header_rows:  # the leading all-th rows were the header
        body = body[leading_header_rows:]
    needed, soc_col, figures = layout.needed, layout.soc_col, layout.figures
    rows, facts = out.rows, out.facts
    for cells in body:
        if len(cells) <= needed or not cells[0]:
            continue
        title = cells[0]
        soc = cells[soc_col] if _SOC.match(cells[soc_col]) else None
        row_facts = [
            Fact(SOURCE, metric, soc, title, period, value, unit)
            for metric, period, col, unit in figures
            if col < len(cells) and (value := parse_number(cells[col])) is not None
        ]
        if row_facts:
            rows.append(Occupation(title, soc))
            facts.extend(row_facts)
    return out


@dataclass(frozen=True, slots=True)
class _Layout:
    """Where a projections table's figures are, and for which years, as its header says."""

    soc_col: int
    needed: int  # a row with no cell at this column (the last of SOC, employment, projected) is skipped
    width: int  # the columns read: up to the last one any figure is in
    base_year: str | None
    projected_year: str | None
    span: str
    # (metric, period, column, unit) of each figure a row states, in the order they are read
    figures: tuple[tuple[str, str, int, str], ...]


@functools.lru_cache(maxsize=64)
def _layout(header: tuple[str, ...]) -> _Layout | None:
    """The layout the header's labels give, or None without SOC, employment and projected columns.

    Worked out once per header: every occupation page of a handbook edition prints the same one."""
    labels = [label.lower() for label in header]

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
        return None
    base_year, projected_year = parse_year(labels[base_col]), parse_year(labels[proj_col])
    change_label = labels[pct_col] if pct_col is not None else labels[num_col or proj_col]
    span = parse_span(change_label) or f"{base_year}-{projected_year}"
    needed = max(soc_col, base_col, proj_col)
    width = max(needed, pct_col if pct_col is not None else 0, num_col if num_col is not None else 0) + 1
    figures = tuple(
        (metric, period, col, unit)
        for metric, period, col, unit in (
            ("employment", base_year, base_col, "jobs"),
            ("employment_projected", projected_year, proj_col, "jobs"),
            ("employment_change_pct", span, pct_col, "percent"),
            ("employment_change", span, num_col, "jobs"),
        )
        if col is not None and period
    )
    return _Layout(soc_col, needed, width, base_year, projected_year, span, figures)  # type: ignore[arg-type]


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
