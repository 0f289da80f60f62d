"""The unit every parser produces: one figure a source states, with its dimensions.

Parsers return these; `transforms` turns a list of them into the tidy table of the contract. Keeping the
parser output a plain frozen record (not a DataFrame row) lets parsers stay independent of pandas and
lets tests compare facts by value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    import pandas as pd

FactValue = int | float | str


class Fact(NamedTuple):
    """One figure a source states, with its dimensions: an immutable record, equal and hashed by value.

    A named tuple, because facts are made by the ten thousand and cross from parse workers to their
    parent, and a tuple is the cheapest record Python builds, pickles and rebuilds: 0.6 us to build
    against 1.8 us for a frozen slots dataclass (0.8 us with the writable-twin trick it needed), and a
    page's 31 facts sent in 25 us against 35 us. Like any tuple it also equals a plain tuple of the same
    values; nothing compares facts with anything but facts."""

    source: str
    metric: str
    soc_code: str | None
    occupation: str
    period: str
    value: FactValue
    unit: str | None
    area: str = "US"
    industry: str | None = None
    qualifier: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The fields by name (`_asdict`, under the name the callers have always used)."""
        return dict(zip(_FIELD_NAMES, self, strict=True))


_FIELD_NAMES = Fact._fields


class ParseError(ValueError):
    """A document could not be read as the source's kind of document.

    The message always names the document (file path or URL) and what was missing, because a user running
    a refresh over hundreds of pages must be able to find the one that broke.
    """

    def __init__(self, document: str, reason: str) -> None:
        super().__init__(f"{document}: {reason}")
        self.document = document
        self.reason = reason


# A parser's fact frame (`ParseResult.frame`): the fact fields, `value` split into `value_num` (a number)
# and `value_text` (a category), as the warehouse stores them.
FACT_FRAME_COLUMNS = [
    "source", "metric", "soc_code", "occupation", "area", "industry", "period",
    "value_num", "value_text", "unit", "qualifier",
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class ParseResult:
    """Facts from one document, plus warnings for things that were absent but not fatal.

    A page states tens of facts: `facts`, a list of records. A data file states millions (OEWS's
    all-data file about 5 million), far too many for one Python object each: its parser gives `frame`
    instead, a tidy DataFrame with the columns of `FACT_FRAME_COLUMNS` above (the
    fact fields with `value_num`/`value_text` in place of `value`), which normalisation validates and
    the loader loads column by column. A result carries one or the other, never both.
    """

    facts: list[Fact]
    warnings: list[str]
    published: str | None = None
    frame: pd.DataFrame | None = None

    @property
    def fact_count(self) -> int:
        return len(self.frame) if self.frame is not None else len(self.facts)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickled with its facts as plain tuples, rebuilt as Facts without a call per fact: a parse
        worker sends a page's tens of facts to its parent, which all workers wait on."""
        return (_parse_result, (list(map(tuple, self.facts)), self.warnings, self.published, self.frame))


def _parse_result(
    rows: list[tuple[Any, ...]], warnings: list[str], published: str | None, frame: pd.DataFrame | None
) -> ParseResult:
    """A `ParseResult` from its pickled form: each fact made from its row by `tuple.__new__`, in C, where
    `Fact(*row)` would call the named tuple's Python `__new__` per fact."""
    new = tuple.__new__
    return ParseResult([new(Fact, row) for row in rows], warnings, published, frame)
