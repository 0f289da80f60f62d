"""What the BLS file readers share: opening a zip or a workbook from bytes, reading a sheet as BLS wrote
it, and the tidy fact frame they all return.

Sheets are read with python-calamine: it reads both `.xlsx` and the `.xls` of early OEWS years, about six
times faster than openpyxl (see benchmarks/bls_files.py). Its rows go straight into a pandas frame of
objects rather than through `pd.read_excel(engine="calamine")`, whose per-cell conversion in Python took
a third of the time on the all-data file; and no NA guessing happens, because BLS writes categories such
as "None" (no work experience) that are values, not gaps. An empty cell is "", a whole number may come as
a float (99.0): `cell_text` renders it as BLS wrote it.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

import pandas as pd
from python_calamine import CalamineWorkbook

from extractors.fact import ParseError

FACT_FRAME_COLUMNS = [
    "source",
    "metric",
    "soc_code",
    "occupation",
    "area",
    "industry",
    "period",
    "value_num",
    "value_text",
    "unit",
    "qualifier",
]

_XLS_MAGIC = b"\xd0\xcf\x11\xe0"
_WORKBOOK_SUFFIXES = (".xlsx", ".xls", ".xlsm")


@dataclass(frozen=True, slots=True)
class Workbook:
    """A workbook's bytes and the name errors give it (`oesm23nat.zip:oesm23nat/national_M2023_dl.xlsx`)."""

    name: str
    data: bytes

    @property
    def member(self) -> str:
        """The workbook's own file name, without the zip's name or the folder inside it."""
        return self.name.rsplit(":", 1)[-1].rsplit("/", 1)[-1]


@dataclass
class FileFacts:
    """A reader's answer: the tidy facts, how many table rows it read, and what it noticed on the way."""

    facts: pd.DataFrame
    rows_read: int
    warnings: list[str] = field(default_factory=list)
    period: str | None = None
    notes: dict[str, str] = field(default_factory=dict)


def workbooks(data: bytes, name: str) -> list[Workbook]:
    """The workbooks in `data`: the workbook itself (.xlsx or .xls), or every workbook a zip holds.

    An .xlsx is a zip too; it is told from a zip of workbooks by its `[Content_Types].xml`.
    """
    if data[:4] == _XLS_MAGIC:
        return [Workbook(name, data)]
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ParseError(name, "neither a zip nor an Excel workbook (.xlsx or .xls)")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        if "[Content_Types].xml" in names:
            return [Workbook(name, data)]
        members = sorted(
            n for n in names if n.lower().endswith(_WORKBOOK_SUFFIXES) and not n.startswith("__MACOSX")
        )
        if not members:
            raise ParseError(name, "the zip holds no workbook (.xlsx or .xls)")
        return [Workbook(f"{name}:{member}", archive.read(member)) for member in members]


def _open(book: Workbook) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_filelike(io.BytesIO(book.data))
    except Exception as error:  # calamine raises its own error types for damaged files
        raise ParseError(book.name, f"not a readable workbook ({error})") from error


def sheet_names(book: Workbook) -> list[str]:
    return [str(name) for name in _open(book).sheet_names]


def read_sheet(book: Workbook, sheet: str) -> pd.DataFrame:
    """A sheet as BLS wrote it: no header row taken, every cell an object, empty cells ""."""
    try:
        rows = _open(book).get_sheet_by_name(sheet).to_python()
    except ParseError:
        raise
    except Exception as error:
        raise ParseError(book.name, f"sheet {sheet!r} cannot be read ({error})") from error
    return pd.DataFrame(rows, dtype=object)


def cell_text(value: object) -> str:
    """A cell as text, whitespace folded: 99.0 -> "99" (a code stored as a number), "" for an empty cell."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).replace("\xa0", " ").split())


def column_key(label: object) -> str:
    """A header cell as a lookup key: case, surrounding space and inner runs of space/underscore folded."""
    return re.sub(r"[\s_]+", "_", str(label).strip().lower())


def empty_facts() -> pd.DataFrame:
    frame = pd.DataFrame({column: pd.Series(dtype=object) for column in FACT_FRAME_COLUMNS})
    return frame.astype({"value_num": "float64"})
