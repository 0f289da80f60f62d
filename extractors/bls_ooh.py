"""Parser for BLS Occupational Outlook Handbook occupation pages (source `bls-ooh`).

Pages reach us in two forms: as a browser saved them (after scripts added ids such as `outlook-table`
and `data-label` attributes) and as an HTTP client receives them (without those). So tables are found by
what they are: the quick facts table by its "Quick Facts" header, the projections table by its caption
"Employment projections data for ...", sentences by their wording. Nothing here depends on an id that a
script adds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, Tag

from extractors.fact import Fact, ParseError, ParseResult
from extractors.numbers import clean_text, is_missing, parse_number, parse_span, parse_year

SOURCE = "bls-ooh"
PARSER_VERSION = "1"

_SOC = re.compile(r"^\d{2}-\d{4}$")
_OPENINGS = re.compile(
    r"About\s+([\d,.]+(?:\s+(?:thousand|million))?)\s+openings\s+for\s+.+?\s+are\s+projected\s+each\s+year",
    re.IGNORECASE | re.DOTALL,
)
_PAY_ANNUAL = re.compile(r"\$\s*([\d,]+(?:\.\d+)?)\s*(?:per|a)\s+year", re.IGNORECASE)
_PAY_HOURLY = re.compile(r"\$\s*([\d,]+(?:\.\d+)?)\s*(?:per|an)\s+hour", re.IGNORECASE)
_TOP_CODED = re.compile(r"equal to or greater than", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Occupation:
    """Who the page-level facts are about: the projections table's first (group) row, else the header."""

    title: str
    soc_code: str | None


def parse_ooh_page(html: bytes | str, document: str) -> ParseResult:
    """Extract the facts an occupation page states.

    Raises ParseError naming `document` when the page is not an occupation page at all (no quick facts
    and no projections table); a page with only one of them yields what it has plus a warning.
    """
    soup = BeautifulSoup(html, "lxml")
    warnings: list[str] = []
    quick_facts = _find_quick_facts(soup)
    projections = _find_projections_table(soup)
    if quick_facts is None and projections is None:
        raise ParseError(
            document,
            "not a BLS OOH occupation page: no 'Quick Facts' table and no "
            "'Employment projections data' table",
        )

    projection_rows = _projection_rows(projections, document) if projections is not None else []
    occupation = _page_occupation(quick_facts, projection_rows)
    facts: list[Fact] = []
    span: str | None = None
    if quick_facts is not None:
        qf_facts, span = _quick_facts(quick_facts, occupation, document)
        facts.extend(qf_facts)
    else:
        warnings.append(f"{document}: no quick facts table; only the projections table was read")
    if projections is not None:
        for row_facts, row_span in projection_rows:
            facts.extend(row_facts)
            span = span or row_span
    else:
        warnings.append(f"{document}: no employment projections table")

    openings = _openings(soup, occupation, span)
    if openings is not None:
        facts.append(openings)
    return ParseResult(facts=facts, warnings=warnings, published=_published(soup))


def _published(soup: BeautifulSoup) -> str | None:
    meta = soup.find("meta", attrs={"name": "date"})
    if isinstance(meta, Tag):
        content = meta.get("content")
        return str(content) if content else None
    return None


def _find_quick_facts(soup: BeautifulSoup) -> Tag | None:
    for table in soup.find_all("table"):
        header = table.find("th")
        if header is not None and clean_text(header.get_text()).lower().startswith("quick facts"):
            return table
    return None


def _find_projections_table(soup: BeautifulSoup) -> Tag | None:
    for caption in soup.find_all("caption"):
        if "employment projections data" in clean_text(caption.get_text()).lower():
            parent = caption.find_parent("table")
            if parent is not None:
                return parent
    return None


def _page_occupation(
    quick_facts: Tag | None, projection_rows: list[tuple[list[Fact], str | None]]
) -> _Occupation:
    if projection_rows and projection_rows[0][0]:
        first = projection_rows[0][0][0]
        return _Occupation(first.occupation, first.soc_code)
    title = ""
    if quick_facts is not None:
        header = clean_text(quick_facts.find("th").get_text())
        title = re.sub(r"^quick facts:\s*", "", header, flags=re.IGNORECASE)
    return _Occupation(title, None)


def _quick_facts(table: Tag, occ: _Occupation, document: str) -> tuple[list[Fact], str | None]:
    facts: list[Fact] = []
    span: str | None = None

    def add(metric: str, period: str, value: int | float | str, unit: str | None, q: str | None = None):
        facts.append(Fact(SOURCE, metric, occ.soc_code, occ.title, period, value, unit, qualifier=q))

    rows = []
    for tr in table.find_all("tr"):
        th, td = tr.find("th"), tr.find("td")
        if th is None or td is None:
            continue
        rows.append((clean_text(th.get_text()), clean_text(td.get_text(" "))))
    # The outlook span also dates the category rows (education, experience, training), which BLS assigns
    # per projections cycle.
    for label, _ in rows:
        if label.lower().startswith(("job outlook", "employment change")):
            span = span or parse_span(label)

    for label, text in rows:
        lower = label.lower()
        if "median pay" in lower:
            year = parse_year(label)
            if year is None:
                raise ParseError(document, f"quick facts row '{label}' has no year")
            qualifier = ">=" if _TOP_CODED.search(text) else None
            annual, hourly = _PAY_ANNUAL.search(text), _PAY_HOURLY.search(text)
            if annual:
                add("median_pay_annual", year, parse_number(annual.group(1)), "USD/year", qualifier)
            if hourly:
                add("median_pay_hourly", year, parse_number(hourly.group(1)), "USD/hour", qualifier)
            if not annual and not hourly:
                raise ParseError(document, f"quick facts pay '{text}' states no amount")
        elif lower.startswith("typical entry-level education"):
            _add_text(add, "entry_level_education", span, text)
        elif lower.startswith("work experience"):
            _add_text(add, "work_experience", span, text)
        elif lower.startswith("on-the-job training"):
            _add_text(add, "on_the_job_training", span, text)
        elif lower.startswith("number of jobs"):
            year = parse_year(label)
            value = parse_number(text)
            if year and value is not None:
                add("employment", year, value, "jobs")
        elif lower.startswith("job outlook") and span:
            value = parse_number(text)
            if value is not None:
                add("employment_change_pct", span, value, "percent")
            category = re.search(r"\(([^)]+)\)", text)
            if category:
                add("outlook_category", span, clean_text(category.group(1)), None)
        elif lower.startswith("employment change") and span:
            value = parse_number(text)
            if value is not None:
                add("employment_change", span, value, "jobs")
    return facts, span


def _add_text(add, metric: str, span: str | None, text: str) -> None:
    if span and not is_missing(text):
        add(metric, span, text, None)


def _header_labels(table: Tag) -> list[str]:
    """Leaf label of each column, expanding rowspan/colspan of a multi-row header.

    "Change, 2024–34" spans two columns whose second header row says "Percent" and "Numeric"; the leaf
    labels become "Change, 2024–34 Percent" and "Change, 2024–34 Numeric".
    """
    thead = table.find("thead")
    header_rows = thead.find_all("tr") if thead is not None else []
    grid: dict[tuple[int, int], str] = {}
    width = 0
    for r, tr in enumerate(header_rows):
        c = 0
        for cell in tr.find_all(["th", "td"]):
            while (r, c) in grid:
                c += 1
            rowspan = int(cell.get("rowspan", 1) or 1)
            colspan = int(cell.get("colspan", 1) or 1)
            text = clean_text(cell.get_text())
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = text
            c += colspan
            width = max(width, c)
    labels = []
    for c in range(width):
        parts: list[str] = []
        for r in range(len(header_rows)):
            text = grid.get((r, c), "")
            if text and text not in parts:
                parts.append(text)
        labels.append(" ".join(parts))
    return labels


def _projection_rows(table: Tag, document: str) -> list[tuple[list[Fact], str | None]]:
    labels = [label.lower() for label in _header_labels(table)]

    def column(*words: str) -> int | None:
        for i, label in enumerate(labels):
            if all(w in label for w in words):
                return i
        return None

    soc_col = column("soc")
    base_col = next(
        (i for i, lab in enumerate(labels) if lab.startswith("employment,") and parse_year(lab)),
        None,
    )
    proj_col = column("projected employment")
    pct_col, num_col = column("change", "percent"), column("change", "numeric")
    if soc_col is None or base_col is None or proj_col is None:
        raise ParseError(
            document, "projections table lacks SOC code / employment / projected employment columns"
        )
    base_year = parse_year(labels[base_col])
    proj_year = parse_year(labels[proj_col])
    change_label = labels[pct_col] if pct_col is not None else labels[num_col or proj_col]
    span = parse_span(change_label) or f"{base_year}-{proj_year}"

    body = table.find("tbody") or table
    results: list[tuple[list[Fact], str | None]] = []
    for tr in body.find_all("tr", recursive=False) or body.find_all("tr"):
        if tr.find_parent("tfoot") is not None or tr.find_parent("thead") is not None:
            continue
        cells = tr.find_all(["th", "td"], recursive=False)
        if len(cells) <= max(c for c in (soc_col, base_col, proj_col) if c is not None):
            continue
        texts = [clean_text(cell.get_text(" ")) for cell in cells]
        title = texts[0]
        soc = texts[soc_col] if _SOC.match(texts[soc_col]) else None
        row: list[Fact] = []
        for metric, period, col, unit in (
            ("employment", base_year, base_col, "jobs"),
            ("employment_projected", proj_year, proj_col, "jobs"),
            ("employment_change_pct", span, pct_col, "percent"),
            ("employment_change", span, num_col, "jobs"),
        ):
            value = parse_number(texts[col]) if col is not None and col < len(texts) else None
            if value is not None:
                row.append(Fact(SOURCE, metric, soc, title, period, value, unit))
        if row:
            results.append((row, span))
    return results


def _openings(soup: BeautifulSoup, occ: _Occupation, span: str | None) -> Fact | None:
    for paragraph in soup.find_all("p"):
        text = clean_text(paragraph.get_text(" "))
        match = _OPENINGS.search(text)
        if match and span:
            value = parse_number(match.group(1))
            if value is not None:
                return Fact(SOURCE, "openings_per_year", occ.soc_code, occ.title, span, value, "jobs/year")
    return None
