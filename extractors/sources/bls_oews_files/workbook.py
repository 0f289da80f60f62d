"""OEWS estimate files (source `bls-oews-files`): `oesmYYnat.zip`, `oesmYYst.zip`, `oesmYYma.zip`,
`oesmYYin4.zip`, `oesmYYall.zip`, or a workbook taken out of one, as tidy facts.

Every occupation row at every level (total, major, minor, broad, detailed) gives employment, the hourly
and annual mean, the five hourly and five annual percentiles, and employment per 1,000 jobs and the
location quotient where the file has them. Columns are found by name, case-insensitively, because the
layout changed over the years (lower-case headers in 2019, `OCC_GROUP` renamed `O_GROUP`, area and
industry columns only since 2019, `.xls` in 2013); a missing required column is an error naming the file
and the column. The data sheets are found by their header row (OCC_CODE beside another OEWS column),
wherever they sit among the zip's workbooks and sheets; a field-descriptions sheet or workbook is notes.

Special values are never numbers: `#` (at or above the top code) becomes the top code with qualifier
`>=`; `*`, `**` and `~` state no figure, so give no fact. The top code is the one the file's own notes
state ("# = ... $115.00 per hour or $239,200 per year"), else the value BLS published for that year
(`PUBLISHED_TOP_CODES`); a `#` in a year with neither is refused rather than guessed. Rows flagged
`ANNUAL` (annual wages only) give no hourly facts, rows flagged `HOURLY` no annual ones.

Dimensions: `area` is `US` for national rows, the 2-digit state FIPS code for states and territories, the
area code for metropolitan and nonmetropolitan areas; `industry` is null for cross-industry rows, else the
NAICS title; `period` is the May reference year. A code stated twice (since 2017 some occupations appear as
both `broad` and `detailed`; the industry zip's 3- and 4-digit files share aggregated industries) is one
fact: the first row wins and a disagreement is reported as a warning.

The work is done column by column over the whole sheet (the all-data file has about 410,000 rows and
5 million facts): cells are read as text into Arrow columns (`read_sheet_text`), dimensions are converted
once per distinct value and kept as categoricals, figures are parsed by Arrow in one pass; no Python
object is made per cell and no Python loop runs per row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandas.api.types import union_categoricals

from extractors.fact import FACT_FRAME_COLUMNS, ParseError
from extractors.parsing.excel import (
    FileFacts,
    SheetTexts,
    Workbook,
    cell_text,
    column_key,
    empty_facts,
    read_sheet_numbers,
    workbooks,
)

SOURCE = "bls-oews-files"

# The top codes BLS published where a file states none: (USD/hour, USD/year) by first May year.
# May 2022 on: the real May 2022 and May 2023 files' notes. May 2018 to May 2021: a real BLS API answer
# for 2018 ("equal to or greater than $100.00 per hour or $208,000 per year") and the handbook's pages.
# Earlier years are left out on purpose: their files carry the statement, and a guess would be a number
# BLS never published.
# The top codes BLS published, by the first May year each held (used only when a file's notes state none):
# $90.00 / $187,200 through May 2016, $100.00 / $208,000 from May 2017, $115.00 / $239,200 from May 2022.
PUBLISHED_TOP_CODES: dict[int, tuple[float, float]] = {
    2012: (90.0, 187_200.0),
    2017: (100.0, 208_000.0),
    2022: (115.0, 239_200.0),
}

_SPECIAL_NO_FIGURE = {"*", "**", "~", ""}
_TOP_CODED = "#"
_SPECIAL_CELLS = pa.array(sorted(_SPECIAL_NO_FIGURE | {_TOP_CODED}))
_PUBLISHED_DECIMALS = 3  # the most BLS gives a figure (employment per 1,000 jobs)
_SOC = r"\d{2}-\d{4}"
_HEADER_SEARCH_ROWS = 30
_TOP_CODE_NOTE = re.compile(
    r"#.{0,40}?equal\s+to\s+or\s+greater\s+than\s+\$\s*([\d,]+(?:\.\d+)?)\s*(?:per|an|a)\s+hour"
    r"\s+or\s+\$\s*([\d,]+(?:\.\d+)?)\s*(?:per|a)\s+year",
    re.IGNORECASE | re.DOTALL,
)
_NOTES_YEAR = re.compile(r"\bMay\s+((?:19|20)\d{2})\b")
_MEMBER_YEAR = re.compile(r"_M_?((?:19|20)\d{2})", re.IGNORECASE)
_ZIP_YEAR = re.compile(r"oesm(\d{2})[a-z0-9]*\.zip", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Estimate:
    """One estimate column: its metric and unit, the names it goes by, whether a file must have it."""

    metric: str
    unit: str
    names: tuple[str, ...]
    required: bool = True
    wage: str | None = None  # "hourly" or "annual": suppressed by the other-only flag


def _percentiles(prefix: str, basis: str, unit: str) -> list[Estimate]:
    names = {"10": "pay_p10", "25": "pay_p25", "50": "median_pay", "75": "pay_p75", "90": "pay_p90"}
    return [
        Estimate(
            f"{metric}_{basis}",
            unit,
            (f"{prefix}_median", f"{prefix}_pct50") if pct == "50" else (f"{prefix}_pct{pct}",),
            wage=basis,
        )
        for pct, metric in names.items()
    ]


ESTIMATES: tuple[Estimate, ...] = (
    Estimate("employment", "jobs", ("tot_emp",)),
    Estimate("mean_pay_hourly", "USD/hour", ("h_mean",), wage="hourly"),
    Estimate("mean_pay_annual", "USD/year", ("a_mean",), wage="annual"),
    *_percentiles("h", "hourly", "USD/hour"),
    *_percentiles("a", "annual", "USD/year"),
    Estimate("employment_per_1000_jobs", "jobs/1000 jobs", ("jobs_1000", "jobs_per_1000"), required=False),
    Estimate("location_quotient", "ratio", ("loc_quotient", "loc_q"), required=False),
)

# Dimension columns: canonical name -> the names it goes by. OCC_CODE and OCC_TITLE are required.
_DIMENSIONS: dict[str, tuple[str, ...]] = {
    "occ_code": ("occ_code",),
    "occ_title": ("occ_title",),
    "area": ("area",),
    "area_type": ("area_type",),
    "naics": ("naics",),
    "naics_title": ("naics_title",),
    "annual": ("annual",),
    "hourly": ("hourly",),
}
_REQUIRED_DIMENSIONS = ("occ_code", "occ_title")
# Any of these beside OCC_CODE marks a header row (see `_header_row`).
_KNOWN_KEYS = frozenset(
    {name for names in _DIMENSIONS.values() for name in names}
    | {name for estimate in ESTIMATES for name in estimate.names}
    | {"o_group", "occ_group", "emp_prse", "mean_prse"}
) - {"occ_code"}
_IDENTITY_OF_ROW = ["soc_code", "area", "industry"]


@dataclass(frozen=True, slots=True)
class TopCodes:
    hourly: float
    annual: float
    stated_by: str  # where the figures come from, for the report

    def for_unit(self, unit: str) -> float:
        return self.hourly if unit == "USD/hour" else self.annual


@dataclass(frozen=True, slots=True)
class _Table:
    """A sheet's data rows under its OCC_CODE header: text columns, with the keys of their header cells and
    where the rows sit in the sheet (to line up exact numbers read again)."""

    sheet: str
    sheet_text: pa.RecordBatch
    keys: list[str]
    first_row: int

    def column(self, names: tuple[str, ...]) -> pa.Array | None:
        """The data rows of the first column going by one of `names` (earlier names first)."""
        for name in names:
            if name in self.keys:
                return self.sheet_text.column(self.keys.index(name)).slice(self.first_row)
        return None

    def position_name(self, names: tuple[str, ...]) -> str:
        """fastexcel's name of the column `column(names)` gives, for reading it again."""
        return next(self.sheet_text.schema.names[self.keys.index(n)] for n in names if n in self.keys)

    def by_position_name(self, name: str) -> pa.Array:
        return self.sheet_text.column(name).slice(self.first_row)

    def __len__(self) -> int:
        return self.sheet_text.num_rows - self.first_row


@dataclass
class _Rows:
    """Occupation rows: dimensions resolved (categorical soc_code, occupation, area, industry; bool
    annual_only, hourly_only), estimates still the cells' text (null for an empty cell)."""

    dims: pd.DataFrame
    raw: dict[str, pa.Array]

    def take(self, positions: np.ndarray) -> _Rows:
        indices = pa.array(positions)
        return _Rows(
            self.dims.iloc[positions].reset_index(drop=True),
            {metric: column.take(indices) for metric, column in self.raw.items()},
        )


def read_oews_file(data: bytes, name: str, year: str | None = None) -> FileFacts:
    """The facts of one OEWS download (a zip of workbooks, or one .xlsx/.xls), named `name` in errors.

    `year` pins the reference year; otherwise it is read from the workbook's name (`national_M2023_dl`),
    the zip's (`oesm23nat.zip`) or the notes ("May 2023 OEWS Estimates").
    """
    books = workbooks(data, name)
    warnings: list[str] = []
    notes_text: list[str] = []
    row_sets: list[_Rows] = []
    rows_read = 0
    for book in books:
        tables, notes = _data_tables(book)
        notes_text.extend(notes)
        for table in tables:
            rows, read = _rows(book, table, warnings)
            rows_read += read
            row_sets.append(rows)
    if not row_sets:
        raise ParseError(name, "no sheet with an OCC_CODE header: not an OEWS estimates file")
    period = year or _year(books, name, notes_text, warnings)
    tops = _top_codes(notes_text, period, name)
    rows = _concat(row_sets)
    rows = _one_row_per_identity(rows, name, warnings)
    facts, top_coded = _melt(rows, period, tops, name)
    del rows, row_sets, books
    # Arrow's allocator keeps freed sheet buffers for reuse; hand them back, or a refresh carries the
    # reader's peak (over a gigabyte for the all-data file) into the load that follows.
    pa.default_memory_pool().release_unused()
    notes = {"top_code": tops.stated_by if tops else "none needed", "top_coded_facts": str(top_coded)}
    return FileFacts(facts=facts, rows_read=rows_read, warnings=warnings, period=period, notes=notes)


def _data_tables(book: Workbook) -> tuple[list[_Table], list[str]]:
    """Every sheet with an OCC_CODE header row (header row on top, columns named), and the text of the
    other sheets (field descriptions, notes), row by row. Usually one data sheet; an .xls holds at most
    65,536 rows, so a large early-year file may go on over further sheets, each under its own header."""
    tables: list[_Table] = []
    notes: list[str] = []
    texts = SheetTexts(book)
    for sheet in texts.sheet_names:
        text = texts.read(sheet)
        header = _header_row(text)
        if header is None:
            cells = (column.to_pylist() for column in text.columns)
            notes.extend(
                value for row in zip(*cells, strict=True) for value in row if value and value.strip()
            )
            continue
        labels = text.slice(header, 1).to_pylist()[0].values()
        keys = [column_key("" if label is None else label) for label in labels]
        tables.append(_Table(sheet, text, keys, header + 1))
    return tables, notes


def _header_row(text: pa.RecordBatch) -> int | None:
    """The row naming OCC_CODE and another OEWS column side by side. Another one too: a
    field-descriptions sheet (a sheet of the data workbook, or `field_descriptions.xlsx` beside it in the
    zip) lists `occ_code` as well, one name a row beside its description, and is notes, not a table."""
    for index, row in enumerate(text.slice(0, _HEADER_SEARCH_ROWS).to_pylist()):
        keys = {column_key("" if v is None else v) for v in row.values()}
        if "occ_code" in keys and keys & _KNOWN_KEYS:
            return index
    return None


def _rows(book: Workbook, table: _Table, warnings: list[str]) -> tuple[_Rows, int]:
    """The sheet's occupation rows with canonical columns: dimensions resolved, estimates still text."""
    missing = [names[0].upper() for key, names in _DIMENSIONS.items() if key in _REQUIRED_DIMENSIONS]
    missing = [label for label in missing if label.lower() not in table.keys]
    missing += [e.names[0].upper() for e in ESTIMATES if e.required and table.column(e.names) is None]
    if missing:
        raise ParseError(book.name, f"required column(s) missing: {', '.join(missing)}")
    dims = {key: table.column(names) for key, names in _DIMENSIONS.items()}
    code_of_row, codes = _unique_map(dims["occ_code"], cell_text)
    is_soc = np.array([re.fullmatch(_SOC, code) is not None for code in codes] + [False], dtype=bool)
    coded = is_soc[code_of_row]
    stray = np.flatnonzero(~coded & (np.array([*codes, ""], dtype=object)[code_of_row] != ""))
    if len(stray):
        warnings.append(
            f"{book.name}: {len(stray)} row(s) with an OCC_CODE that is no SOC code skipped "
            f"(e.g. {codes[code_of_row[stray[0]]]!r})"
        )
    keep = np.flatnonzero(coded)
    length = len(table)
    frame = pd.DataFrame(index=pd.RangeIndex(len(keep)))
    frame["soc_code"] = _categorical(code_of_row[keep], codes)
    frame["occupation"] = _categorical(*_taken(_unique_map(dims["occ_title"], _clean), keep))
    frame["area"] = _categorical(*_taken(_areas(dims["area"], dims["area_type"], length), keep))
    frame["industry"] = _categorical(*_taken(_industries(dims["naics"], dims["naics_title"], length), keep))
    for flag in ("annual", "hourly"):
        column = dims[flag]
        if column is None:
            frame[f"{flag}_only"] = False
            continue
        flagged, values = _unique_map(column, lambda v: str(v).strip().lower() in ("true", "1", "yes"))
        frame[f"{flag}_only"] = np.array([*values, False], dtype=bool)[flagged[keep]]
    present = {e.metric: table.position_name(e.names) for e in ESTIMATES if table.column(e.names) is not None}
    texts = _exact_figures(book, table, {name: table.by_position_name(name) for name in present.values()})
    indices = pa.array(keep)
    raw = {
        estimate.metric: texts[present[estimate.metric]].take(indices)
        if estimate.metric in present
        else pa.nulls(len(keep), pa.string())
        for estimate in ESTIMATES
    }
    if dims["area"] is None:
        warnings.append(f"{book.name}: no AREA column; rows read as national (US)")
    return _Rows(frame, raw), len(keep)


def _exact_figures(book: Workbook, table: _Table, texts: dict[str, pa.Array]) -> dict[str, pa.Array]:
    """`texts` (estimate columns by fastexcel name) with every number fastexcel may have cut written out
    exactly again: it renders a number with at most nine decimals, trailing zeros dropped, so a cell
    showing more decimals than BLS publishes (three) may have had more. Such columns (none in BLS's
    files) are read once more as floats; numbers within 5e-10 of a three-decimal figure still read as it."""
    cut = {name: mask for name, column in texts.items() if (mask := _more_decimals(column)) is not None}
    if not cut:
        return texts
    exact = read_sheet_numbers(book, table.sheet, list(cut))
    out = dict(texts)
    for name, mask in cut.items():
        numbers = exact[name][table.first_row :]
        written = np.full(len(mask), None, dtype=object)
        for index in np.flatnonzero(mask & ~np.isnan(numbers)):
            written[index] = repr(float(numbers[index]))
        out[name] = pc.coalesce(pa.array(written, type=pa.string()), texts[name])
    return out


def _more_decimals(column: pa.Array) -> np.ndarray | None:
    """Where `column`'s text has more than `_PUBLISHED_DECIMALS` digits after its point; None if nowhere."""
    point = pc.find_substring(column, ".")
    decimals = pc.if_else(pc.greater_equal(point, 0), pc.subtract(pc.utf8_length(column), point), 0)
    more = pc.fill_null(pc.greater(decimals, _PUBLISHED_DECIMALS + 1), False)
    return more.to_numpy(zero_copy_only=False) if pc.any(more).as_py() else None


_clean = cell_text


def _unique_map(column: pa.Array, convert) -> tuple[np.ndarray, list]:
    """`convert` applied once per distinct cell text (a sheet has few: ~1,400 codes, ~600 areas): the
    converted values, and for each row the position of its value among them. An empty cell is ""; the
    position `len(values)` is free for the caller's "none"."""
    encoded = pc.dictionary_encode(column.fill_null(""))
    values = [convert(value) for value in encoded.dictionary.to_pylist()]
    return encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64), values


def _taken(mapped: tuple[np.ndarray, list], keep: np.ndarray) -> tuple[np.ndarray, list]:
    return mapped[0][keep], mapped[1]


def _categorical(positions: np.ndarray, values: list) -> pd.Categorical:
    """Rows' values (by position in `values`) as a categorical; None values are missing."""
    codes, categories = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    codes = np.append(codes, -1)  # the caller's free position: missing
    return pd.Categorical.from_codes(codes[positions], categories=categories)


def _pairs(first: pa.Array, second: pa.Array | None, length: int, convert) -> tuple[np.ndarray, list]:
    """`convert(first, second)` once per distinct pair of cell texts."""
    if second is None:
        second = pa.nulls(length, pa.string())
    at_first, first_values = _unique_map(first, lambda v: v)
    at_second, second_values = _unique_map(second, lambda v: v)
    positions, distinct = pd.factorize(at_first * len(second_values) + at_second)
    values = [
        convert(first_values[pair // len(second_values)], second_values[pair % len(second_values)])
        for pair in distinct.tolist()
    ]
    return positions.astype(np.int64), values


def _areas(area: pa.Array | None, area_type: pa.Array | None, length: int) -> tuple[np.ndarray, list]:
    if area is None:
        return np.zeros(length, dtype=np.int64), ["US"]
    return _pairs(area, area_type, length, _area_code)


def _area_code(area: object, area_type: object) -> str:
    """`US`, a 2-digit state FIPS code, or the area's code (5 digits metro, 7 nonmetropolitan)."""
    text = _clean(area)
    kind = _clean(area_type)
    if not text.isdigit():
        return text
    number = int(text)
    if kind == "1" or (kind == "" and number == 99):
        return "US"
    if kind in ("2", "3") or (kind == "" and number < 100):
        return f"{number:02d}"
    if kind == "6" or (kind == "" and number >= 100_000):
        return f"{number:07d}"
    return f"{number:05d}"


def _industries(naics: pa.Array | None, title: pa.Array | None, length: int) -> tuple[np.ndarray, list]:
    if title is None:
        return np.zeros(length, dtype=np.int64), [None]
    return _pairs(title, naics, length, lambda name, code: _industry(code, name))


def _industry(naics: object, title: object) -> str | None:
    name = _clean(title)
    code = _clean(naics)
    if name.lower() == "cross-industry" or (name == "" and code.strip("0") == ""):
        return None
    return name or code


def _concat(row_sets: list[_Rows]) -> _Rows:
    if len(row_sets) == 1:
        return row_sets[0]
    dims = pd.concat([rows.dims for rows in row_sets], ignore_index=True)
    for column in ("soc_code", "occupation", "area", "industry"):
        dims[column] = union_categoricals([rows.dims[column] for rows in row_sets])
    raw = {metric: pa.concat_arrays([rows.raw[metric] for rows in row_sets]) for metric in row_sets[0].raw}
    return _Rows(dims, raw)


def _identity_of_rows(dims: pd.DataFrame) -> pd.Series:
    """One integer per distinct (soc_code, area, industry), from the categoricals' codes."""
    key = np.zeros(len(dims), dtype=np.int64)
    for column in _IDENTITY_OF_ROW:
        values = dims[column].array
        key = key * (len(values.categories) + 1) + values.codes.astype(np.int64) + 1
    return pd.Series(key)


def _one_row_per_identity(rows: _Rows, name: str, warnings: list[str]) -> _Rows:
    identity = _identity_of_rows(rows.dims)
    repeated = identity.duplicated(keep=False).to_numpy()
    if not repeated.any():
        return rows
    at = np.flatnonzero(repeated)
    taken = pa.array(at)
    # Each figure as the position of its text among the column's distinct texts: equal texts, equal codes.
    groups = pd.DataFrame(
        {"identity": identity.to_numpy()[at]}
        | {
            metric: pc.dictionary_encode(column.take(taken).fill_null("")).indices.to_numpy()
            for metric, column in rows.raw.items()
        }
    )
    distinct = groups.drop_duplicates()
    disagree = distinct.duplicated(subset="identity", keep=False)
    if disagree.any():
        first = rows.dims.iloc[at[distinct.index[disagree.to_numpy()][0]]]
        industry = first["industry"] if pd.notna(first["industry"]) else ""
        warnings.append(
            f"{name}: {int(disagree.sum())} rows state one occupation/area/industry with different figures; "
            f"the first is kept (e.g. {first['soc_code']} {first['area']} {industry})".rstrip()
        )
    return rows.take(np.flatnonzero(~identity.duplicated(keep="first").to_numpy()))


def _estimate_values(raw: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(value, stated, top_coded) arrays of a raw estimate column: numbers as floats, `#` as top-coded,
    special values and blanks as not stated; text that is none of these is an error (raised by caller).

    Numbers are converted by Arrow in one pass; a column with anything else (text such as "1,234",
    stray spaces) goes the slower way of `_estimate_values_of_cells`, which says what each cell is."""
    special = pc.or_(pc.is_null(raw), pc.is_in(raw, value_set=_SPECIAL_CELLS)).to_numpy(zero_copy_only=False)
    figures = pc.if_else(pa.array(special), pa.scalar(None, pa.string()), raw)
    try:
        numbers = pc.cast(figures, pa.float64()).to_numpy(zero_copy_only=False, writable=True)
    except pa.ArrowInvalid:
        return _estimate_values_of_cells(raw)
    if np.isnan(numbers[~special]).any():  # "nan" is text to BLS, not a number
        return _estimate_values_of_cells(raw)
    top = pc.fill_null(pc.equal(raw, _TOP_CODED), False).to_numpy(zero_copy_only=False)
    stated = ~np.isnan(numbers) | top
    return numbers, stated, top


def _estimate_values_of_cells(raw_text: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    raw = pd.Series(raw_text.fill_null("").to_numpy(zero_copy_only=False), dtype=object)
    numbers = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float, copy=True)
    texts = np.isnan(numbers)
    top = np.zeros(len(raw), dtype=bool)
    if texts.any():
        positions = np.flatnonzero(texts)
        cells = pd.Series(raw.to_numpy(dtype=object)[positions], dtype=object).map(_clean)
        is_top = cells.eq(_TOP_CODED).to_numpy()
        top[positions[is_top]] = True
        rest = ~is_top & ~cells.isin(_SPECIAL_NO_FIGURE).to_numpy()
        if rest.any():  # numbers stored as text, e.g. "1,234"
            parsed = pd.to_numeric(cells[rest].str.replace(",", "", regex=False), errors="coerce").to_numpy()
            numbers[positions[rest]] = parsed
            unreadable = cells[rest][np.isnan(parsed)]
            if len(unreadable):
                raise _Unreadable(str(unreadable.iloc[0]), len(unreadable))
    stated = ~np.isnan(numbers) | top
    return numbers, stated, top


class _Unreadable(ValueError):
    def __init__(self, example: str, count: int) -> None:
        super().__init__(example)
        self.example = example
        self.count = count


def _melt(rows: _Rows, period: str, tops: TopCodes | None, name: str) -> tuple[pd.DataFrame, int]:
    if rows.dims.empty:
        return empty_facts(), 0
    positions: list[np.ndarray] = []
    values: list[np.ndarray] = []
    qualified: list[np.ndarray] = []
    metric_ids: list[np.ndarray] = []
    annual_only = rows.dims["annual_only"].to_numpy(dtype=bool)
    hourly_only = rows.dims["hourly_only"].to_numpy(dtype=bool)
    for index, estimate in enumerate(ESTIMATES):
        try:
            numbers, stated, top = _estimate_values(rows.raw[estimate.metric])
        except _Unreadable as error:
            raise ParseError(
                name,
                f"{estimate.names[0].upper()}: {error.count} cell(s) neither a number nor a special value "
                f"(e.g. {error.example!r})",
            ) from None
        if estimate.wage == "hourly":
            stated &= ~annual_only
        elif estimate.wage == "annual":
            stated &= ~hourly_only
        top &= stated
        if top.any():
            if tops is None:
                raise ParseError(
                    name,
                    f"{estimate.names[0].upper()} has '#' (at or above the top code) but the file states no "
                    f"top code and none is on record for May {period}",
                )
            numbers[top] = tops.for_unit(estimate.unit)
        where = np.flatnonzero(stated)
        positions.append(where)
        values.append(numbers[where])
        qualified.append(top[where])
        metric_ids.append(np.full(len(where), index, dtype=np.int8))
    at = np.concatenate(positions)
    metric_id = np.concatenate(metric_ids)
    top_coded = np.concatenate(qualified)
    count = len(at)

    def repeated(column: str) -> pd.Categorical:
        values = rows.dims[column].array.remove_unused_categories()
        return pd.Categorical.from_codes(values.codes[at], dtype=values.dtype)

    def constant(value: str) -> pd.Categorical:
        return pd.Categorical.from_codes(np.zeros(count, dtype=np.int8), categories=[value])

    units = list(dict.fromkeys(e.unit for e in ESTIMATES))
    unit_of_metric = np.array([units.index(e.unit) for e in ESTIMATES], dtype=np.int8)
    industry = rows.dims["industry"].array
    industry_of_code = np.array([*industry.categories, None], dtype=object)
    frame = pd.DataFrame(
        {
            "source": constant(SOURCE),
            "metric": pd.Categorical.from_codes(metric_id, categories=[e.metric for e in ESTIMATES]),
            "soc_code": repeated("soc_code"),
            "occupation": repeated("occupation"),
            "area": repeated("area"),
            # object, None where cross-industry: a missing categorical would read back as NaN
            "industry": pd.Series(industry_of_code[industry.codes[at]], dtype=object),
            "period": constant(period),
            "value_num": pd.Series(np.concatenate(values), dtype="float64"),
            "value_text": pd.Series(np.full(count, None, dtype=object), dtype=object),
            "unit": pd.Categorical.from_codes(unit_of_metric[metric_id], categories=units),
            "qualifier": pd.Series(np.where(top_coded, ">=", None).astype(object), dtype=object),
        },
        columns=FACT_FRAME_COLUMNS,
    )
    return frame, int(top_coded.sum())


def _year(books: list[Workbook], name: str, notes: list[str], warnings: list[str]) -> str:
    from_names = [m.group(1) for book in books if (m := _MEMBER_YEAR.search(book.member))]
    zipped = _ZIP_YEAR.search(name.rsplit("/", 1)[-1])
    if zipped:
        from_names.append(f"20{zipped.group(1)}")
    from_notes = [m.group(1) for text in notes if (m := _NOTES_YEAR.search(text))]
    candidates = from_names or from_notes
    if not candidates:
        raise ParseError(
            name, "no reference year: not in the file names (national_M2023_dl, oesm23nat) nor the notes"
        )
    year = candidates[0]
    others = sorted({*from_names, *from_notes} - {year})
    if others:
        warnings.append(f"{name}: reference year {year} from the file name; the file also names {others}")
    return year


def _top_codes(notes: list[str], period: str, name: str) -> TopCodes | None:
    for text in notes:
        match = _TOP_CODE_NOTE.search(text)
        if match:
            hourly, annual = (float(g.replace(",", "")) for g in match.groups())
            return TopCodes(hourly, annual, f"the file's notes ({name})")
    year = int(period)
    since = [first for first in PUBLISHED_TOP_CODES if first <= year]
    if not since:
        return None
    hourly, annual = PUBLISHED_TOP_CODES[max(since)]
    return TopCodes(hourly, annual, f"published top code for May {period} (the file states none)")
