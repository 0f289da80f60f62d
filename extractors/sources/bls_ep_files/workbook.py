"""The Employment Projections occupation workbook (source `bls-ep-files`):
https://www.bls.gov/emp/ind-occ-matrix/occupation.xlsx, Table 1.2, as tidy facts.

Table 1.2 ("Occupational projections, 2023-33, and worker characteristics, 2023") has one row per
occupation of the National Employment Matrix, line items and summary rows alike. Every row with a code
gives employment in the base and the projected year, the change in number and percent, the annual average
openings, the median annual wage where the edition has it (the 2019-29 edition does not), and the typical
education, work experience and on-the-job training as text. The sheet is found by its name or title
("Table 1.2"), the header row and the columns by what they say, so a title row more or less, a moved
column, another edition's years or wording, footnote markers or a header over two rows do not matter; a
missing required column is an error naming it. Editions before 2023-33 kept the education, experience
and training categories in a table of their own (Table 1.7); where Table 1.2 lacks them they are read
from there, by code.

Employment, change and openings are printed in thousands and stored as jobs. `—` states no figure; a
top-coded wage (`>=$239,200`) keeps its figure with qualifier `>=`.

Periods follow the handbook parsers (extractors/ooh_projections.py, extractors/bls_ep.py,
extractors/ooh_quick_facts.py), so that the same figure from two programs has the same identity:
`employment` the base year ("2023"), `employment_projected` the projected year ("2033"), the change,
percent change, openings and the three categories the span ("2023-2033"), the wage the year its column
names ("2023").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from extractors.fact import FACT_FRAME_COLUMNS, ParseError
from extractors.parsing.excel import (
    FileFacts,
    Workbook,
    empty_facts,
    read_sheet,
    sheet_names,
    workbooks,
)
from extractors.parsing.numbers import clean_text, parse_span

SOURCE = "bls-ep-files"
TABLE = "table 1.2"

_CODE = re.compile(r"^\d{2}-\d{4}$")
_YEAR = re.compile(r"(?:19|20)\d{2}")
# "Employment, 2023"; also "Employment 2023", "Projected employment, 2033", "Employment, projected 2033".
_EMPLOYMENT_YEAR = re.compile(r"^(?:projected\s+)?employment,?\s*(?:projected\s+)?((?:19|20)\d{2})\b")
# Footnote markers BLS appends to header cells: "2023[1]", "2023(1)", "title [2]".
_FOOTNOTE_MARKER = re.compile(r"\s*(?:\[\s*\w{1,3}\s*\]|\(\s*\d{1,2}\s*\))")
_CATEGORY_COLUMNS = {
    "entry_level_education": lambda x: "education" in x,
    "work_experience": lambda x: "work experience" in x,
    "on_the_job_training": lambda x: "training" in x,
}
_THOUSANDS = re.compile(r"\bthousands\b", re.IGNORECASE)
_NOT_STATED = {"", "\u2014", "\u2013", "-", "n/a", "(\u2014)"}
# A top-coded figure: ">=$239,200", "≥ $239,200", "equal to or greater than $239,200", "$239,200 or more",
# "$239,200+".
_AT_LEAST = re.compile(
    r"^(?:>=|\u2265|equal to or greater than)\s*|\s*(?:\+|or more|and over)$", re.IGNORECASE
)
_HEADER_SEARCH_ROWS = 30
_ALL_OCCUPATIONS = "00-0000"
# An all-occupations employment this large is a count of jobs, not of thousands (the US has ~160 million).
_JOBS_NOT_THOUSANDS = 10_000_000


@dataclass(frozen=True, slots=True)
class _Columns:
    title: int
    code: int
    base: int
    projected: int
    change: int
    change_pct: int
    openings: int
    wage: int | None
    education: int | None
    experience: int | None
    training: int | None


def read_ep_workbook(data: bytes, name: str) -> FileFacts:
    """The facts of Table 1.2 of an occupation.xlsx (or a zip holding it), named `name` in errors."""
    warnings: list[str] = []
    for book in workbooks(data, name):
        found = _table_sheet(book)
        if found is not None:
            return _read_table(book, *found, warnings)
    raise ParseError(name, "no sheet 'Table 1.2' (occupational projections): not the EP occupation workbook")


def _sheet_key(name: str) -> str:
    """A sheet name as a lookup key: "Table 1.2", "TABLE1.2", "Table_1.2 " all give "table1.2"."""
    return re.sub(r"[\s_]+", "", name).lower()


def _label(value: object) -> str:
    """A header cell as a lookup label: whitespace (line breaks too) folded, lower case, footnote
    markers taken out ("Median annual wage, dollars, 2023[1]" -> "median annual wage, dollars, 2023")."""
    return clean_text(_FOOTNOTE_MARKER.sub("", clean_text(str(value)))).lower()


def _table_sheet(book: Workbook) -> tuple[str, pd.DataFrame] | None:
    """Table 1.2's sheet name and cells: the sheet so named, else the sheet whose title says so."""
    names = sheet_names(book)
    named = [s for s in names if _sheet_key(s) == _sheet_key(TABLE)]
    for sheet in named or names:
        frame = read_sheet(book, sheet)
        if named or _title(frame).lower().startswith(TABLE):
            return sheet, frame
    return None


def _title(frame: pd.DataFrame) -> str:
    """The text above the header: the first non-empty cells of the first rows."""
    texts = [clean_text(v) for v in frame.iloc[:5].to_numpy().ravel() if isinstance(v, str) and clean_text(v)]
    return " ".join(texts[:1])


def _read_table(book: Workbook, sheet: str, frame: pd.DataFrame, warnings: list[str]) -> FileFacts:
    found_header = _header(frame)
    if found_header is None:
        raise ParseError(book.name, "Table 1.2 has no header row with a code column and 'Employment, YYYY'")
    header, last_header_row, labels = found_header
    columns, years = _columns(labels, book.name)
    base_year, projected_year = years
    span = parse_span(labels[columns.change]) or parse_span(labels[columns.change_pct])
    span = span or f"{base_year}-{projected_year}"
    wage_year = None
    if columns.wage is not None:
        found = _YEAR.findall(labels[columns.wage])
        wage_year = found[0] if found else base_year
    body = frame.iloc[last_header_row + 1 :]
    codes = body.iloc[:, columns.code].map(lambda v: clean_text(str(v)))
    coded = codes.str.match(_CODE).to_numpy(dtype=bool)
    repeated = coded & codes.duplicated(keep="first").to_numpy(dtype=bool)
    if repeated.any():
        warnings.append(
            f"{book.name}: Table 1.2 states {int(repeated.sum())} code(s) twice; the first row is kept "
            f"(e.g. {codes[repeated].iloc[0]})"
        )
        coded = coded & ~repeated
    body, codes = body[coded], codes[coded].to_numpy(dtype=object)
    titles = body.iloc[:, columns.title].map(lambda v: clean_text(str(v))).to_numpy(dtype=object)
    above = " ".join(clean_text(str(v)) for v in frame.iloc[:header].to_numpy().ravel() if str(v).strip())
    base, _ = _numbers(body.iloc[:, columns.base], book.name, labels[columns.base])
    scale = _scale(" ".join([above, *labels]), base[codes == _ALL_OCCUPATIONS], book.name, warnings)

    parts: list[pd.DataFrame] = []
    numeric = [
        ("employment", columns.base, base_year, "jobs", scale),
        ("employment_projected", columns.projected, projected_year, "jobs", scale),
        ("employment_change", columns.change, span, "jobs", scale),
        ("employment_change_pct", columns.change_pct, span, "percent", 1.0),
        ("openings_per_year", columns.openings, span, "jobs/year", scale),
    ]
    if columns.wage is not None and wage_year is not None:
        numeric.append(("median_pay_annual", columns.wage, wage_year, "USD/year", 1.0))
    for metric, index, period, unit, factor in numeric:
        values, qualifiers = _numbers(body.iloc[:, index], book.name, labels[index])
        stated = ~np.isnan(values)
        scaled = np.round(values * factor) if factor != 1.0 else values
        parts.append(_part(codes, titles, stated, metric, period, unit, scaled, None, qualifiers, len(codes)))
    categories = {
        "entry_level_education": columns.education,
        "work_experience": columns.experience,
        "on_the_job_training": columns.training,
    }
    elsewhere = _categories_elsewhere(book, sheet, [m for m, index in categories.items() if index is None])
    for metric, index in categories.items():
        if index is not None:
            texts = body.iloc[:, index].map(lambda v: clean_text(str(v))).to_numpy(dtype=object)
        elif metric in elsewhere:
            other, by_code = elsewhere[metric]
            texts = np.array([by_code.get(code, "") for code in codes], dtype=object)
            warnings.append(f"{book.name}: {metric.replace('_', ' ')} taken from sheet {other!r} by code")
        else:
            warnings.append(
                f"{book.name}: no column for {metric.replace('_', ' ')} in Table 1.2 or elsewhere"
            )
            continue
        stated = ~pd.Series(texts).str.lower().isin(_NOT_STATED).to_numpy()
        parts.append(_part(codes, titles, stated, metric, span, None, None, texts, None, len(codes)))
    facts = pd.concat(parts, ignore_index=True) if parts else empty_facts()
    return FileFacts(
        facts=facts[FACT_FRAME_COLUMNS],
        rows_read=len(codes),
        warnings=warnings,
        period=span,
        notes={"base_year": base_year, "projected_year": projected_year, "wage_year": str(wage_year)},
    )


def _scale(stated: str, all_occupations: np.ndarray, name: str, warnings: list[str]) -> float:
    """Jobs per figure of the employment columns: 1,000, as BLS prints them ("Numbers in thousands").

    Where the table does not say so, the all-occupations row tells: the US has some 150 million jobs,
    so a total of millions is jobs already, and multiplying it by 1,000 would misread every figure."""
    if _THOUSANDS.search(stated):
        return 1000.0
    total = float(all_occupations[0]) if len(all_occupations) else float("nan")
    if total >= _JOBS_NOT_THOUSANDS:
        warnings.append(
            f"{name}: Table 1.2 does not say 'in thousands' and its all-occupations employment is "
            f"{total:,.0f}: read as jobs"
        )
        return 1.0
    warnings.append(f"{name}: Table 1.2 does not say 'in thousands'; read as thousands, as published")
    return 1000.0


def _header(frame: pd.DataFrame) -> tuple[int, int, list[str]] | None:
    """(first row, last row, labels) of the header: the first row with a code column and an
    `Employment, YYYY` column; else two rows read as one, where a group label spans the cells below it
    ("Employment" over "2019" and "2029"; merged cells read as one text and blanks to its right)."""
    rows = min(len(frame), _HEADER_SEARCH_ROWS)
    for index in range(rows):
        labels = [_label(v) for v in frame.iloc[index]]
        if _is_header(labels):
            return index, index, labels
    for index in range(rows - 1):
        upper = [_label(v) for v in frame.iloc[index]]
        lower = [_label(v) for v in frame.iloc[index + 1]]
        spanning = ""
        labels = []
        for above, below in zip(upper, lower, strict=True):
            spanning = above or (spanning if below else "")
            labels.append(", ".join(part for part in (spanning, below) if part))
        if _is_header(labels):
            return index, index + 1, labels
    return None


def _is_header(labels: list[str]) -> bool:
    return any(label.endswith("code") for label in labels) and any(_EMPLOYMENT_YEAR.match(x) for x in labels)


def _categories_elsewhere(
    book: Workbook, table_sheet: str, metrics: list[str]
) -> dict[str, tuple[str, dict[str, str]]]:
    """Categories Table 1.2 lacks, from another sheet that states them by code.

    Editions before 2023-33 kept worker characteristics (education, work experience, training) in a
    table of their own (Table 1.7, "Occupational projections and worker characteristics"), which the
    2023-33 edition folded into Table 1.2. Such a sheet is found by its header (a code column beside
    the category's column), not by its number."""
    found: dict[str, tuple[str, dict[str, str]]] = {}
    if not metrics:
        return found
    for sheet in sheet_names(book):
        if sheet == table_sheet:
            continue
        frame = read_sheet(book, sheet)
        for index in range(min(len(frame), _HEADER_SEARCH_ROWS)):
            labels = [_label(v) for v in frame.iloc[index]]
            code = next((i for i, label in enumerate(labels) if label.endswith("code")), None)
            if code is None:
                continue
            body = frame.iloc[index + 1 :]
            codes = body.iloc[:, code].map(lambda v: clean_text(str(v))).to_numpy(dtype=object)
            for metric in metrics:
                column = next((i for i, label in enumerate(labels) if _CATEGORY_COLUMNS[metric](label)), None)
                if metric in found or column is None:
                    continue
                texts = body.iloc[:, column].map(lambda v: clean_text(str(v))).to_numpy(dtype=object)
                by_code: dict[str, str] = {}
                for key, text in zip(codes, texts, strict=True):
                    if _CODE.match(key):
                        by_code.setdefault(key, text)
                found[metric] = (sheet, by_code)
            break
        if len(found) == len(metrics):
            break
    return found


def _columns(labels: list[str], name: str) -> tuple[_Columns, tuple[str, str]]:
    def find(test) -> int | None:
        return next((i for i, label in enumerate(labels) if test(label)), None)

    employment = sorted(
        (m.group(1), i) for i, label in enumerate(labels) if (m := _EMPLOYMENT_YEAR.match(label))
    )
    found = {
        "title": _first(
            find(lambda x: x.endswith("title")), find(lambda x: "title" in x and "code" not in x)
        ),
        "code": find(lambda x: x.endswith("code")),
        "employment, base year": employment[0][1] if len(employment) >= 2 else None,
        "employment, projected year": employment[-1][1] if len(employment) >= 2 else None,
        "employment change, numeric": find(lambda x: "change" in x and ("numeric" in x or "number" in x)),
        "employment change, percent": find(lambda x: "change" in x and "percent" in x),
        "occupational openings": find(lambda x: "openings" in x),
    }
    missing = [label for label, index in found.items() if index is None]
    if missing:
        raise ParseError(name, f"Table 1.2 lacks required column(s): {', '.join(missing)}")
    columns = _Columns(
        *(int(index) for index in found.values()),  # type: ignore[arg-type]
        wage=find(lambda x: "median" in x and "wage" in x),
        education=find(_CATEGORY_COLUMNS["entry_level_education"]),
        experience=find(_CATEGORY_COLUMNS["work_experience"]),
        training=find(_CATEGORY_COLUMNS["on_the_job_training"]),
    )
    return columns, (employment[0][0], employment[-1][0])


def _first(*indexes: int | None) -> int | None:
    return next((index for index in indexes if index is not None), None)


def _numbers(cells: pd.Series, name: str, label: str) -> tuple[np.ndarray, np.ndarray]:
    """Floats (NaN where not stated) and qualifiers (`>=` for a top-coded figure) of one column."""
    values = pd.to_numeric(cells, errors="coerce").to_numpy(dtype=float, copy=True)
    qualifiers = np.full(len(cells), None, dtype=object)
    for position in np.flatnonzero(np.isnan(values)):  # text cells: a handful per column
        text = clean_text(str(cells.iloc[position]))
        if text.lower() in _NOT_STATED:
            continue
        bare = _AT_LEAST.sub("", text)
        number = pd.to_numeric(bare.replace("$", "").replace(",", ""), errors="coerce")
        if pd.isna(number):
            raise ParseError(name, f"Table 1.2 column '{label}': {text!r} is neither a number nor '\u2014'")
        values[position] = float(number)
        qualifiers[position] = ">=" if bare != text else None
    return values, qualifiers


def _part(
    codes: np.ndarray,
    titles: np.ndarray,
    stated: np.ndarray,
    metric: str,
    period: str,
    unit: str | None,
    numbers: np.ndarray | None,
    texts: np.ndarray | None,
    qualifiers: np.ndarray | None,
    length: int,
) -> pd.DataFrame:
    at = np.flatnonzero(stated)
    count = len(at)
    return pd.DataFrame(
        {
            "source": pd.Series([SOURCE] * count, dtype=object),
            "metric": pd.Series([metric] * count, dtype=object),
            "soc_code": pd.Series(codes[at], dtype=object),
            "occupation": pd.Series(titles[at], dtype=object),
            "area": pd.Series(["US"] * count, dtype=object),
            "industry": pd.Series([None] * count, dtype=object),
            "period": pd.Series([period] * count, dtype=object),
            "value_num": pd.Series(numbers[at] if numbers is not None else np.full(count, np.nan)),
            "value_text": pd.Series(texts[at] if texts is not None else [None] * count, dtype=object),
            "unit": pd.Series([unit] * count, dtype=object),
            "qualifier": pd.Series(
                qualifiers[at] if qualifiers is not None else [None] * count, dtype=object
            ),
        }
    )
