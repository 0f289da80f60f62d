"""What the BLS file readers share: opening a zip or a workbook from bytes, reading a sheet as BLS wrote
it, and the tidy fact frame they all return.

Both readers below are built on calamine, which reads `.xlsx` and the `.xls` of early OEWS years about six
times faster than openpyxl (see benchmarks/bls_files.py); neither guesses NAs, because BLS writes
categories such as "None" (no work experience) that are values, not gaps.

- `read_sheet` (python-calamine) gives every cell as a Python object, empty cells "": right for small
  sheets read cell by cell (the projections table, notes).
- `read_sheet_text` (fastexcel) gives every cell as text in Apache Arrow columns, empty cells null: no
  Python object per cell, so the 13 million cells of the OEWS all-data file cost seconds and a few hundred
  MB instead of a minute and gigabytes. fastexcel renders a number with at most nine decimals, which is
  more than any BLS figure carries; `read_sheet_numbers` reads columns as exact floats where more is there.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

import fastexcel
import numpy as np
import pandas as pd
import pyarrow as pa
from python_calamine import CalamineWorkbook

from extractors.fact import FACT_FRAME_COLUMNS, ParseError

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
        members = sorted(n for n in names if _is_workbook_member(n))
        if not members:
            raise ParseError(name, "the zip holds no workbook (.xlsx or .xls)")
        return [Workbook(f"{name}:{member}", archive.read(member)) for member in members]


def _is_workbook_member(path: str) -> bool:
    """A zip member that is a workbook: by its suffix, in any case and folder depth, leaving out what
    packing tools add beside one (macOS's `__MACOSX/` folder and `._name` copies, Excel's `~$name`
    lock files), which carry a workbook's suffix but are no workbook."""
    base = path.rsplit("/", 1)[-1]
    if path.startswith("__MACOSX/") or base.startswith(("._", "~$")):
        return False
    return base.lower().endswith(_WORKBOOK_SUFFIXES)


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


class SheetTexts:
    """A workbook opened once (fastexcel) to read several of its sheets as text: opening parses the
    workbook's shared strings, which for the OEWS all-data file costs a few tenths of a second a time."""

    def __init__(self, book: Workbook) -> None:
        self.book = book
        try:
            self._reader = fastexcel.read_excel(book.data)
        except Exception as error:  # fastexcel raises its own error types for damaged files
            raise ParseError(book.name, f"not a readable workbook ({error})") from error

    @property
    def sheet_names(self) -> list[str]:
        return [str(name) for name in self._reader.sheet_names]

    def read(self, sheet: str) -> pa.RecordBatch:
        """`sheet` as `read_sheet_text` gives it."""
        try:
            return self._reader.load_sheet(sheet, header_row=None, dtypes="string", eager=True)
        except Exception as error:
            raise ParseError(self.book.name, f"sheet {sheet!r} cannot be read ({error})") from error


def read_sheet_text(book: Workbook, sheet: str) -> pa.RecordBatch:
    """A sheet as BLS wrote it, every cell as text: no header row taken, empty cells null, numbers
    rendered without a trailing ".0" (99.0 -> "99"), booleans "true"/"false". Columns are named by
    position, as `read_sheet_numbers` names them. (`SheetTexts` reads several sheets of one workbook.)"""
    return SheetTexts(book).read(sheet)


def read_sheet_numbers(book: Workbook, sheet: str, columns: list[str]) -> dict[str, np.ndarray]:
    """The exact floats of `columns` (names from `read_sheet_text`), NaN where a cell holds no number.

    Rows line up with `read_sheet_text`'s: both read the same cell range without a header row."""
    try:
        batch = fastexcel.read_excel(book.data).load_sheet(
            sheet,
            header_row=None,
            use_columns=columns,
            dtypes=dict.fromkeys(columns, "float"),
            eager=True,
        )
    except Exception as error:
        raise ParseError(book.name, f"sheet {sheet!r} cannot be read ({error})") from error
    return {
        column: batch.column(column).to_numpy(zero_copy_only=False).astype(float, copy=False)
        for column in columns
    }


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
