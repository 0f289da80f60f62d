"""Small BLS-like workbooks written by the tests: OEWS estimate sheets (.xlsx via openpyxl, .xls via
xlwt, zipped or bare) and the EP occupation workbook's Table 1.2.

The rows carry real figures from BLS's May 2023 national file and the 2023-33 projections workbook; the
layouts are the ones the readers rely on (header names and case by year, notes sheets, title rows).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence

import openpyxl
import xlwt

Cell = str | int | float | None

# The May 2023 national file's columns, in its order.
COLUMNS_2023 = [
    "AREA",
    "AREA_TITLE",
    "AREA_TYPE",
    "PRIM_STATE",
    "NAICS",
    "NAICS_TITLE",
    "I_GROUP",
    "OWN_CODE",
    "OCC_CODE",
    "OCC_TITLE",
    "O_GROUP",
    "TOT_EMP",
    "EMP_PRSE",
    "JOBS_1000",
    "LOC_QUOTIENT",
    "PCT_TOTAL",
    "PCT_RPT",
    "H_MEAN",
    "A_MEAN",
    "MEAN_PRSE",
    "H_PCT10",
    "H_PCT25",
    "H_MEDIAN",
    "H_PCT75",
    "H_PCT90",
    "A_PCT10",
    "A_PCT25",
    "A_MEDIAN",
    "A_PCT75",
    "A_PCT90",
    "ANNUAL",
    "HOURLY",
]

_US = ("99", "U.S.", "1", "US", "000000", "Cross-industry", "cross-industry", "1235")
NATIONAL_2023: dict[str, tuple[Cell, ...]] = {
    "00-0000": (
        *_US,
        "00-0000",
        "All Occupations",
        "total",
        151853870,
        0,
        "",
        "",
        "",
        "",
        31.48,
        65470,
        0.3,
        13.97,
        17.14,
        23.11,
        37.01,
        58.4,
        29050,
        35660,
        48060,
        76980,
        121470,
        "",
        "",
    ),
    "31-0000": (
        *_US,
        "31-0000",
        "Healthcare Support Occupations",
        "major",
        7063530,
        0.2,
        "",
        "",
        "",
        "",
        18.37,
        38220,
        0.3,
        12.89,
        15.27,
        17.38,
        20.74,
        23.96,
        26800,
        31760,
        36140,
        43140,
        49840,
        "",
        "",
    ),
    "31-9000": (
        *_US,
        "31-9000",
        "Other Healthcare Support Occupations",
        "minor",
        1744490,
        0.4,
        "",
        "",
        "",
        "",
        21.6,
        44930,
        0.5,
        15.25,
        17.62,
        20.83,
        23.45,
        28.77,
        31730,
        36650,
        43330,
        48770,
        59840,
        "",
        "",
    ),
    "31-9090": (
        *_US,
        "31-9090",
        "Miscellaneous Healthcare Support Occupations",
        "broad",
        1651840,
        0.5,
        "",
        "",
        "",
        "",
        21.13,
        43940,
        0.4,
        15.25,
        17.6,
        20.62,
        23.17,
        28.12,
        31720,
        36600,
        42880,
        48190,
        58480,
        "",
        "",
    ),
    "31-9092": (
        *_US,
        "31-9092",
        "Medical Assistants",
        "detailed",
        763040,
        0.6,
        "",
        "",
        "",
        "",
        20.84,
        43350,
        0.4,
        16.1,
        17.68,
        20.19,
        22.7,
        27.15,
        33500,
        36780,
        42000,
        47220,
        56480,
        "",
        "",
    ),
    "43-6013": (
        *_US,
        "43-6013",
        "Medical Secretaries and Administrative Assistants",
        "detailed",
        749500,
        0.6,
        "",
        "",
        "",
        "",
        20.85,
        43380,
        0.2,
        15.34,
        17.57,
        19.54,
        23.05,
        28.05,
        31900,
        36540,
        40640,
        47930,
        58340,
        "",
        "",
    ),
    "29-1241": (
        *_US,
        "29-1241",
        "Ophthalmologists, Except Pediatric",
        "detailed",
        11530,
        7.5,
        "",
        "",
        "",
        "",
        150.06,
        312120,
        3.7,
        55.54,
        96.15,
        "#",
        "#",
        "#",
        115520,
        200000,
        "#",
        "#",
        "#",
        "",
        "",
    ),
    "25-2021": (
        *_US,
        "25-2021",
        "Elementary School Teachers, Except Special Education",
        "detailed",
        1410070,
        0.6,
        "",
        "",
        "",
        "",
        "*",
        70740,
        0.5,
        "*",
        "*",
        "*",
        "*",
        "*",
        46960,
        51260,
        63680,
        81480,
        104440,
        "TRUE",
        "",
    ),
    "27-2011": (
        *_US,
        "27-2011",
        "Actors",
        "detailed",
        62560,
        11.2,
        "",
        "",
        "",
        "",
        41.01,
        "*",
        6.4,
        13,
        15.98,
        20.5,
        36.54,
        100.01,
        "*",
        "*",
        "*",
        "*",
        "*",
        "",
        "TRUE",
    ),
    "13-1020": (
        *_US,
        "13-1020",
        "Buyers and Purchasing Agents",
        "broad",
        477980,
        1,
        "",
        "",
        "",
        "",
        37.43,
        77850,
        0.4,
        21,
        26.4,
        34.59,
        45.63,
        58.5,
        43680,
        54910,
        71950,
        94910,
        121680,
        "",
        "",
    ),
}
# Since 2017 a few codes appear twice, as `broad` and as `detailed`, with the same figures.
BUYERS_DETAILED = (*NATIONAL_2023["13-1020"][:10], "detailed", *NATIONAL_2023["13-1020"][11:])

TOP_CODE_NOTE_2023 = "#  = wage equal to or greater than $115.00 per hour or $239,200 per year"
TOP_CODE_NOTE_2017 = "#  = wage equal to or greater than $100.00 per hour or $208,000 per year"

# The columns of the 2014-2018 national files: no area or industry columns, OCC_GROUP.
COLUMNS_2014 = [
    "OCC_CODE",
    "OCC_TITLE",
    "OCC_GROUP",
    "TOT_EMP",
    "EMP_PRSE",
    "H_MEAN",
    "A_MEAN",
    "MEAN_PRSE",
    *COLUMNS_2023[COLUMNS_2023.index("H_PCT10") :],
]
# The columns of May 2019: area and industry columns, O_GROUP, per-1,000 and quotient, all lower case.
COLUMNS_2019 = [c.lower() for c in COLUMNS_2023 if c not in ("PRIM_STATE", "PCT_RPT")]


def field_descriptions(year: int, top_code_note: str) -> list[list[str]]:
    """A field-descriptions sheet's rows: one column name a row beside its meaning, then the notes."""
    fields = [[name.lower(), f"the {name.lower().replace('_', ' ')} field"] for name in COLUMNS_2023]
    return [[f"May {year} OEWS Estimates"], [], ["Field", "Field Description"], *fields, [], ["Notes:"],
            [top_code_note]]  # fmt: skip


def relaid(columns: Sequence[str], rows: list[tuple[Cell, ...]]) -> list[tuple[Cell, ...]]:
    """May 2023 rows (in `COLUMNS_2023` order) laid out in another year's `columns` (any case)."""
    at = {name: i for i, name in enumerate(COLUMNS_2023)}
    renamed = {"OCC_GROUP": "O_GROUP"}
    return [tuple(row[at[renamed.get(name.upper(), name.upper())]] for name in columns) for row in rows]


def national_rows(*codes: str) -> list[tuple[Cell, ...]]:
    return [NATIONAL_2023[code] for code in (codes or tuple(NATIONAL_2023))]


def without(columns: Sequence[str], rows: list[tuple[Cell, ...]], *dropped: str):
    """The table with some columns taken out (older layouts, a damaged file)."""
    keep = [i for i, name in enumerate(columns) if name not in dropped]
    return [columns[i] for i in keep], [tuple(row[i] for i in keep) for row in rows]


def xlsx(
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    sheet: str = "national_M2023_dl",
    notes: Sequence[str] = ("May 2023 OEWS Estimates", TOP_CODE_NOTE_2023),
    title_rows: Sequence[Sequence[Cell]] = (),
    extra_sheets: Sequence[str] = (),
    sheets_before: dict[str, Sequence[Sequence[Cell]]] | None = None,
) -> bytes:
    """A data sheet (with `title_rows` above its header), then a Field Descriptions sheet of `notes`;
    `extra_sheets` (a line each) or `sheets_before` (their rows) come before the data sheet."""
    book = openpyxl.Workbook()
    for name in extra_sheets:
        book.create_sheet(name).append(["an index of the tables"])
    before = dict(sheets_before or {})
    for name, rows_before in before.items():
        written = book.create_sheet(name)
        for row in rows_before:
            written.append(list(row))
    extra_sheets = [*extra_sheets, *before]
    data = book.active
    data.title = sheet
    if extra_sheets:
        book.move_sheet(data, offset=len(extra_sheets))
    for row in [*title_rows, list(header), *rows]:
        data.append(list(row))
    if notes:
        described = book.create_sheet("Field Descriptions")
        for line in notes:
            described.append([line])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xls(
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    sheet: str = "national_dl",
    continued: Sequence[Sequence[Cell]] = (),
) -> bytes:
    """An .xls data sheet; `continued` rows go on a second sheet under the same header, as a file past
    the format's 65,536 rows goes on."""
    book = xlwt.Workbook()
    parts = [(sheet, rows), (f"{sheet}_2", continued)] if continued else [(sheet, rows)]
    for name, part in parts:
        data = book.add_sheet(name)
        for r, row in enumerate([list(header), *part]):
            for c, value in enumerate(row):
                if value is not None:
                    data.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


# Table 1.2 of the 2023-33 projections workbook.
EP_TITLE = (
    "Table 1.2 Occupational projections, 2023\u201333, and worker characteristics, 2023 "
    "(Numbers in thousands)"
)
EP_HEADER = [
    "2023 National Employment Matrix title",
    "2023 National Employment Matrix code",
    "Occupation type",
    "Employment, 2023",
    "Employment, 2033",
    "Employment distribution, percent, 2023",
    "Employment distribution, percent, 2033",
    "Employment change, numeric, 2023\u201333",
    "Employment change, percent, 2023\u201333",
    "Percent self employed, 2023",
    "Occupational openings, 2023\u201333 annual average",
    "Median annual wage, dollars, 2023[1]",
    "Typical education needed for entry",
    "Work experience in a related occupation",
    "Typical on-the-job training needed to attain competency in the occupation",
    "Related Occupational Outlook Handbook (OOH) content",
]
_NA = "\u2014"
EP_ROWS: list[tuple[Cell, ...]] = [
    (
        "Total, all occupations",
        "00-0000",
        "Summary",
        167849.8,
        174589,
        100,
        100,
        6739.2,
        4,
        5.8,
        19174.8,
        48060,
        _NA,
        _NA,
        _NA,
        _NA,
    ),
    (
        "  Healthcare support occupations",
        "31-0000",
        "Summary",
        7516.9,
        8659.3,
        4.5,
        5,
        1142.4,
        15.2,
        2.5,
        1261.1,
        36140,
        _NA,
        _NA,
        _NA,
        _NA,
    ),
    (
        "        Medical assistants",
        "31-9092",
        "Line item",
        783.9,
        901.9,
        0.5,
        0.5,
        118,
        15,
        0.3,
        119.8,
        42000,
        "Postsecondary nondegree award",
        "None",
        "None",
        "OOH Content",
    ),
    (
        "        Ophthalmologists, except pediatric",
        "29-1241",
        "Line item",
        12.4,
        12.9,
        0,
        0,
        0.6,
        4.5,
        4.1,
        0.3,
        ">=$239,200",
        "Doctoral or professional degree",
        "None",
        "Internship/residency",
        "OOH Content",
    ),
    (
        "        Actors",
        "27-2011",
        "Line item",
        76,
        79.5,
        0,
        0,
        3.5,
        4.5,
        17.1,
        8.6,
        _NA,
        "Some college, no degree",
        "None",
        "Long-term on-the-job training",
        "OOH Content",
    ),
]
EP_FOOTNOTES = [("Footnotes:",), ("Note: a dash marks a value that is not available.",)]


def ep_workbook(
    header: Sequence[str] = tuple(EP_HEADER),
    rows: Sequence[Sequence[Cell]] = tuple(EP_ROWS),
    sheet: str = "Table 1.2",
    title_rows: Sequence[Sequence[Cell]] = ((EP_TITLE,),),
    other_tables: dict[str, Sequence[Sequence[Cell]]] | None = None,
) -> bytes:
    """The workbook: Index, Table 1.1, Table 1.2 (`sheet`), Table 1.3, then `other_tables` (their rows)."""
    book = openpyxl.Workbook()
    book.active.title = "Index"
    book.active.append(["Table 1.1", "Employment by major occupational group"])
    book.create_sheet("Table 1.1").append(["Table 1.1 Employment by major occupational group"])
    table = book.create_sheet(sheet)
    for row in [*title_rows, list(header), *rows, *EP_FOOTNOTES]:
        table.append(list(row))
    book.create_sheet("Table 1.3").append(["Table 1.3 Fastest growing occupations"])
    for name, table_rows in (other_tables or {}).items():
        other = book.create_sheet(name)
        for row in table_rows:
            other.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
