"""Parser for BLS Occupational Outlook Handbook occupation pages (source `bls-ooh`).

Pages reach us in two forms: as a browser saved them (after scripts added ids such as `outlook-table`
and `data-label` attributes) and as an HTTP client receives them (without those). So tables are found by
what they are: the quick facts table by its "Quick Facts" header, the projections table by its caption
"Employment projections data for ...", the work environment and pay tables by the sentence before them,
figures in running text by their wording. Nothing here depends on an id that a script adds.

This module ties the parts together; each tab's reading lives in its own module:
`quick_facts` (summary), `projections` (job outlook), `tables` (work environment and pay tables), `pay`
(pay sentences), `charts` (the pay and outlook bar charts), over `extractors.parsing.page` (loading) and
`occupations` (who a figure is about).
"""

from __future__ import annotations

from extractors.fact import Fact, ParseError, ParseResult
from extractors.parsing.page import PageTree, load_page, paragraphs, text_of
from extractors.sources.bls_ooh.charts import chart_facts
from extractors.sources.bls_ooh.occupations import SOURCE, Occupation, Occupations
from extractors.sources.bls_ooh.pay import PayContext, known_medians, may_state_pay, pay_sentence_facts
from extractors.sources.bls_ooh.projections import (
    Projections,
    find_projections_table,
    openings,
    read_projections,
)
from extractors.sources.bls_ooh.quick_facts import QuickFactRows, find_quick_facts, quick_facts, read_rows
from extractors.sources.bls_ooh.tables import TableContext, table_facts

__all__ = ["SOURCE", "parse_ooh_page"]


def parse_ooh_page(html: bytes | str, document: str) -> ParseResult:
    """Extract every figure an occupation page states, from all of its tabs.

    Raises ParseError naming `document` when the page is not an occupation page at all (no quick facts,
    no projections table, no handbook tabs). A page with only some of them yields what it has plus a
    warning; so does the one kind of real page that states no handbook figures (military careers).
    """
    tree = load_page(html)
    quick_table = find_quick_facts(tree)
    projections_table = find_projections_table(tree)
    if quick_table is None and projections_table is None:
        if _is_occupation_page_without_figures(tree):
            warning = f"{document}: occupation page states no quick facts and no projections table"
            return ParseResult(facts=[], warnings=[warning], published=tree.published)
        raise ParseError(
            document,
            "not a BLS OOH occupation page: no 'Quick Facts' table and no "
            "'Employment projections data' table",
        )

    warnings: list[str] = []
    rows = read_rows(quick_table) if quick_table is not None else None
    projections = Projections()
    if projections_table is not None:
        try:
            projections = read_projections(projections_table, document)
        except ParseError as exc:  # the other tabs still say something; name what was wrong
            warnings.append(str(exc))
    page = _page_occupation(rows, projections)
    occupations = Occupations(page, projections.rows, (rows.title,) if rows else ())
    span = projections.span or (rows.span if rows else None)
    base_year = projections.base_year or (rows.jobs_year if rows else None)
    pay_year = rows.pay_year if rows else None

    facts: list[Fact] = []
    if rows is not None:
        facts.extend(quick_facts(rows, page, document, warnings))
    else:
        warnings.append(f"{document}: no quick facts table; the other tabs were read")
    if projections_table is not None:
        facts.extend(projections.facts)
    else:
        warnings.append(f"{document}: no employment projections table")
    facts.extend(openings(tree, occupations, span))

    table_context = TableContext(occupations, base_year, pay_year)
    for table in tree.tables():
        if table is not quick_table and table is not projections_table:
            facts.extend(table_facts(table, table_context))

    facts.extend(chart_facts(tree, occupations))
    pay_tab = tree.tab(5)
    pay_context = PayContext(
        occupations,
        pay_year,
        known_medians(facts, occupations),
        hourly_only=bool(rows and rows.pay_units == {"USD/hour"}),
    )
    texts = list(paragraphs(pay_tab if pay_tab is not None else tree.root, may_state_pay))
    facts.extend(pay_sentence_facts(texts, pay_context))
    return ParseResult(facts=facts, warnings=warnings, published=tree.published)


def _page_occupation(rows: QuickFactRows | None, projections: Projections) -> Occupation:
    """The projections table's first (group) row; else the quick facts title."""
    if projections.rows:
        return projections.rows[0]
    return Occupation(rows.title if rows else "", None)


def _is_occupation_page_without_figures(tree: PageTree) -> bool:
    """A handbook occupation page has its tab panes: pay (tab 5) and job outlook (tab 6) among them."""
    pay, outlook = tree.tab(5), tree.tab(6)
    if pay is None or outlook is None:
        return False
    headings = " ".join(text_of(h) for tab in (pay, outlook) for h in tab.iter("h2")).lower()
    return "pay" in headings and "outlook" in headings
