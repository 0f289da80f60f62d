"""OEWS estimate files (source `bls-oews-files`): `oesmYYnat.zip`, `oesmYYst.zip`, `oesmYYma.zip`,
`oesmYYin4.zip`, `oesmYYall.zip`, or a workbook taken out of one, as tidy facts.

Every occupation row at every level (total, major, minor, broad, detailed) gives employment, the hourly
and annual mean, the five hourly and five annual percentiles, and employment per 1,000 jobs and the
location quotient where the file has them. Columns are found by name, case-insensitively, because the
layout changed over the years (lower-case headers in 2019, `OCC_GROUP` renamed `O_GROUP`, area and
industry columns only since 2019, `.xls` in 2013); a missing required column is an error naming the file
and the column.

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
5 million facts): no Python loop runs per row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from extractors.bls_files.excel import (
    FACT_FRAME_COLUMNS,
    FileFacts,
    Workbook,
    cell_text,
    column_key,
    empty_facts,
    read_sheet,
    sheet_names,
    workbooks,
)
from extractors.fact import ParseError

SOURCE = "bls-oews-files"
PARSER_VERSION = "1"

# The top codes BLS published where a file states none: (USD/hour, USD/year) by first May year.
# May 2022 on: the real May 2022 and May 2023 files' notes. May 2018 to May 2021: a real BLS API answer
# for 2018 ("equal to or greater than $100.00 per hour or $208,000 per year") and the handbook's pages.
# Earlier years are left out on purpose: their files carry the statement, and a guess would be a number
# BLS never published.
PUBLISHED_TOP_CODES: dict[int, tuple[float, float]] = {2018: (100.0, 208_000.0), 2022: (115.0, 239_200.0)}

_SPECIAL_NO_FIGURE = {"*", "**", "~", ""}
_TOP_CODED = "#"
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
_IDENTITY_OF_ROW = ["soc_code", "area", "industry"]


@dataclass(frozen=True, slots=True)
class TopCodes:
    hourly: float
    annual: float
    stated_by: str  # where the figures come from, for the report

    def for_unit(self, unit: str) -> float:
        return self.hourly if unit == "USD/hour" else self.annual


def read_oews_file(data: bytes, name: str, year: str | None = None) -> FileFacts:
    """The facts of one OEWS download (a zip of workbooks, or one .xlsx/.xls), named `name` in errors.

    `year` pins the reference year; otherwise it is read from the workbook's name (`national_M2023_dl`),
    the zip's (`oesm23nat.zip`) or the notes ("May 2023 OEWS Estimates").
    """
    books = workbooks(data, name)
    warnings: list[str] = []
    notes_text: list[str] = []
    row_frames: list[pd.DataFrame] = []
    rows_read = 0
    for book in books:
        table, notes = _data_table(book)
        notes_text.extend(notes)
        if table is None:
            continue
        rows, read = _rows(book, table, warnings)
        rows_read += read
        row_frames.append(rows)
    if not row_frames:
        raise ParseError(name, "no sheet with an OCC_CODE header: not an OEWS estimates file")
    period = year or _year(books, name, notes_text, warnings)
    tops = _top_codes(notes_text, period, name)
    rows = pd.concat(row_frames, ignore_index=True) if len(row_frames) > 1 else row_frames[0]
    rows = _one_row_per_identity(rows, name, warnings)
    facts, top_coded = _melt(rows, period, tops, name)
    notes = {"top_code": tops.stated_by if tops else "none needed", "top_coded_facts": str(top_coded)}
    return FileFacts(facts=facts, rows_read=rows_read, warnings=warnings, period=period, notes=notes)


def _data_table(book: Workbook) -> tuple[pd.DataFrame | None, list[str]]:
    """The first sheet with an OCC_CODE header row (header row on top, columns named), and the text of
    the other sheets (field descriptions, notes)."""
    table: pd.DataFrame | None = None
    notes: list[str] = []
    for sheet in sheet_names(book):
        frame = read_sheet(book, sheet)
        header = _header_row(frame) if table is None else None
        if header is None:
            notes.extend(str(v) for v in frame.to_numpy().ravel() if isinstance(v, str) and v.strip())
            continue
        table = frame.iloc[header + 1 :].reset_index(drop=True)
        table.columns = [column_key(label) for label in frame.iloc[header]]
    return table, notes


def _header_row(frame: pd.DataFrame) -> int | None:
    for index in range(min(len(frame), _HEADER_SEARCH_ROWS)):
        if "occ_code" in {column_key(v) for v in frame.iloc[index]}:
            return index
    return None


def _column(table: pd.DataFrame, names: tuple[str, ...]) -> pd.Series | None:
    for name in names:
        if name in table.columns:
            found = table[name]
            return found.iloc[:, 0] if isinstance(found, pd.DataFrame) else found
    return None


def _rows(book: Workbook, table: pd.DataFrame, warnings: list[str]) -> tuple[pd.DataFrame, int]:
    """The sheet's occupation rows with canonical columns: dimensions resolved, estimates still raw."""
    missing = [names[0].upper() for key, names in _DIMENSIONS.items() if key in _REQUIRED_DIMENSIONS]
    missing = [label for label in missing if label.lower() not in table.columns]
    missing += [e.names[0].upper() for e in ESTIMATES if e.required and _column(table, e.names) is None]
    if missing:
        raise ParseError(book.name, f"required column(s) missing: {', '.join(missing)}")
    dims = {key: _column(table, names) for key, names in _DIMENSIONS.items()}
    codes = _unique_map(dims["occ_code"], cell_text)
    coded = codes.str.fullmatch(_SOC).fillna(False).to_numpy(dtype=bool)
    stray = codes[~coded & codes.ne("").to_numpy()]
    if len(stray):
        warnings.append(
            f"{book.name}: {len(stray)} row(s) with an OCC_CODE that is no SOC code skipped "
            f"(e.g. {stray.iloc[0]!r})"
        )
    keep = np.flatnonzero(coded)
    rows = pd.DataFrame(index=pd.RangeIndex(len(keep)))
    rows["soc_code"] = codes.to_numpy(dtype=object)[keep]
    rows["occupation"] = _unique_map(dims["occ_title"], _clean).to_numpy(dtype=object)[keep]
    rows["area"] = _areas(dims["area"], dims["area_type"], len(table)).to_numpy(dtype=object)[keep]
    rows["industry"] = _industries(dims["naics"], dims["naics_title"], len(table)).to_numpy(dtype=object)[
        keep
    ]
    for flag in ("annual", "hourly"):
        column = dims[flag]
        rows[f"{flag}_only"] = (
            _unique_map(column, lambda v: str(v).strip().lower() in ("true", "1", "yes")).to_numpy(
                dtype=bool
            )[keep]
            if column is not None
            else False
        )
    for estimate in ESTIMATES:
        column = _column(table, estimate.names)
        rows[estimate.metric] = column.to_numpy(dtype=object)[keep] if column is not None else ""
    if dims["area"] is None:
        warnings.append(f"{book.name}: no AREA column; rows read as national (US)")
    return rows, len(keep)


_clean = cell_text


def _unique_map(column: pd.Series, convert) -> pd.Series:
    """`convert` applied once per distinct value (a sheet has few: ~1,400 codes, ~600 areas)."""
    codes, uniques = pd.factorize(column.to_numpy(dtype=object), use_na_sentinel=False)
    converted = np.array([convert(value) for value in uniques] + [None], dtype=object)
    return pd.Series(converted[codes], dtype=object)


def _areas(area: pd.Series | None, area_type: pd.Series | None, length: int) -> pd.Series:
    if area is None:
        return pd.Series(np.full(length, "US", dtype=object), dtype=object)
    kinds = area_type if area_type is not None else pd.Series([""] * length, dtype=object)
    pairs = pd.Series(list(zip(area.to_numpy(dtype=object), kinds.to_numpy(dtype=object), strict=True)))
    return _unique_map(pairs, lambda pair: _area_code(*pair))


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


def _industries(naics: pd.Series | None, title: pd.Series | None, length: int) -> pd.Series:
    if title is None:
        return pd.Series([None] * length, dtype=object)
    codes = naics if naics is not None else pd.Series([""] * length, dtype=object)
    pairs = pd.Series(list(zip(codes.to_numpy(dtype=object), title.to_numpy(dtype=object), strict=True)))
    return _unique_map(pairs, lambda pair: _industry(*pair))


def _industry(naics: object, title: object) -> str | None:
    name = _clean(title)
    code = _clean(naics)
    if name.lower() == "cross-industry" or (name == "" and code.strip("0") == ""):
        return None
    return name or code


def _one_row_per_identity(rows: pd.DataFrame, name: str, warnings: list[str]) -> pd.DataFrame:
    repeated = rows.duplicated(subset=_IDENTITY_OF_ROW, keep=False)
    if not repeated.any():
        return rows
    values = [e.metric for e in ESTIMATES]
    groups = rows[repeated].astype({metric: str for metric in values})
    distinct = groups.drop_duplicates(subset=_IDENTITY_OF_ROW + values)
    disagree = distinct.duplicated(subset=_IDENTITY_OF_ROW, keep=False)
    if disagree.any():
        first = distinct[disagree].iloc[0]
        warnings.append(
            f"{name}: {int(disagree.sum())} rows state one occupation/area/industry with different figures; "
            f"the first is kept (e.g. {first['soc_code']} {first['area']} {first['industry'] or ''})".rstrip()
        )
    return rows[~rows.duplicated(subset=_IDENTITY_OF_ROW, keep="first")].reset_index(drop=True)


def _estimate_values(raw: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(value, stated, top_coded) arrays of a raw estimate column: numbers as floats, `#` as top-coded,
    special values and blanks as not stated; text that is none of these is an error (raised by caller)."""
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


def _melt(rows: pd.DataFrame, period: str, tops: TopCodes | None, name: str) -> tuple[pd.DataFrame, int]:
    if rows.empty:
        return empty_facts(), 0
    positions: list[np.ndarray] = []
    values: list[np.ndarray] = []
    qualified: list[np.ndarray] = []
    metric_ids: list[np.ndarray] = []
    annual_only = rows["annual_only"].to_numpy(dtype=bool)
    hourly_only = rows["hourly_only"].to_numpy(dtype=bool)
    for index, estimate in enumerate(ESTIMATES):
        try:
            numbers, stated, top = _estimate_values(rows[estimate.metric])
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
        metric_ids.append(np.full(len(where), index, dtype=np.int16))
    at = np.concatenate(positions)
    metric_id = np.concatenate(metric_ids)
    top_coded = np.concatenate(qualified)
    count = len(at)
    metric_names = np.array([e.metric for e in ESTIMATES], dtype=object)
    units = np.array([e.unit for e in ESTIMATES], dtype=object)

    def column(array: np.ndarray) -> pd.Series:
        return pd.Series(array, dtype=object, copy=False)

    frame = pd.DataFrame(
        {
            "source": column(np.full(count, SOURCE, dtype=object)),
            "metric": column(metric_names[metric_id]),
            "soc_code": column(rows["soc_code"].to_numpy(dtype=object)[at]),
            "occupation": column(rows["occupation"].to_numpy(dtype=object)[at]),
            "area": column(rows["area"].to_numpy(dtype=object)[at]),
            "industry": column(rows["industry"].to_numpy(dtype=object)[at]),
            "period": column(np.full(count, period, dtype=object)),
            "value_num": pd.Series(np.concatenate(values), dtype="float64"),
            "value_text": column(np.full(count, None, dtype=object)),
            "unit": column(units[metric_id]),
            "qualifier": column(np.where(top_coded, ">=", None).astype(object)),
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
