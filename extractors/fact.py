"""The unit every parser produces: one figure a source states, with its dimensions.

Parsers return these; `transforms` turns a list of them into the tidy table of the contract. Keeping the
parser output a plain frozen record (not a DataFrame row) lets parsers stay independent of pandas and
lets tests compare facts by value.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from operator import attrgetter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

FactValue = int | float | str


@dataclass(frozen=True, slots=True, init=False)
class Fact:
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

    def __init__(
        self,
        source: str,
        metric: str,
        soc_code: str | None,
        occupation: str,
        period: str,
        value: FactValue,
        unit: str | None,
        area: str = "US",
        industry: str | None = None,
        qualifier: str | None = None,
    ) -> None:
        """The generated `__init__` of a frozen dataclass sets each field through `object.__setattr__`, a
        lookup and a call per field; a page makes some 40 facts and its parse worker's parent makes them
        again when unpickling. So the instance is briefly of `_FactSlots`, a class of the same slots
        without the frozen `__setattr__`, whose fields are set as plain attribute stores (the cheapest
        write Python has), and then Fact again: 40% less than calling each slot's setter."""
        cls = type(self)
        _set_class(self, "__class__", _FactSlots)
        self.source = source  # type: ignore[misc]
        self.metric = metric  # type: ignore[misc]
        self.soc_code = soc_code  # type: ignore[misc]
        self.occupation = occupation  # type: ignore[misc]
        self.period = period  # type: ignore[misc]
        self.value = value  # type: ignore[misc]
        self.unit = unit  # type: ignore[misc]
        self.area = area  # type: ignore[misc]
        self.industry = industry  # type: ignore[misc]
        self.qualifier = qualifier  # type: ignore[misc]
        self.__class__ = cls  # type: ignore[misc]

    def as_dict(self) -> dict[str, Any]:
        """The fields by name (what `dataclasses.asdict` gives: the values are strings and numbers, which
        its deep copy returns as they are, at some twenty times the cost; `parse` asks this of every fact)."""
        return dict(zip(_FIELD_NAMES, _fact_values(self), strict=True))

    def __reduce__(self) -> tuple[type[Fact], tuple[Any, ...]]:
        """Pickled as the constructor's arguments: results cross from parse workers to the parent tens
        per page, and the slots dataclass's own state protocol took twice as long each way."""
        return (Fact, _fact_values(self))


_FIELD_NAMES = tuple(f.name for f in fields(Fact))
_fact_values = attrgetter(*_FIELD_NAMES)
_set_class = object.__setattr__


class _FactSlots:
    """Fact's slots, writable: a Fact is built as one of these and then becomes a Fact (`__class__` may
    change between classes whose slots are the same)."""

    __slots__ = _FIELD_NAMES


assert Fact.__slots__ == _FactSlots.__slots__, "Fact and _FactSlots must have the same slots"


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
        """Pickled with its facts as rows of field values, one tuple each: a parse worker sends a page's
        tens of facts to its parent, and one call per result (rather than a reduce call and a constructor
        call per fact) halves the cost of sending them, much of it the parent's, which all workers wait on."""
        return (
            _parse_result,
            ([_fact_values(f) for f in self.facts], self.warnings, self.published, self.frame),
        )


def _parse_result(
    rows: list[tuple[Any, ...]], warnings: list[str], published: str | None, frame: pd.DataFrame | None
) -> ParseResult:
    """A `ParseResult` from its pickled form: each fact built as `Fact.__init__` builds it (as a
    `_FactSlots`, then a Fact), without a call of it per fact."""
    new = object.__new__
    facts: list[Fact] = []
    append = facts.append
    for v0, v1, v2, v3, v4, v5, v6, v7, v8, v9 in rows:
        fact = new(_FactSlots)
        fact.source, fact.metric, fact.soc_code, fact.occupation, fact.period = v0, v1, v2, v3, v4
        fact.value, fact.unit, fact.area, fact.industry, fact.qualifier = v5, v6, v7, v8, v9
        fact.__class__ = Fact  # type: ignore[assignment]
        append(fact)  # type: ignore[arg-type]
    return ParseResult(facts, warnings, published, frame)
