"""A fact's identity (CONTRACT.md): which fields make two statements the same fact. Defined once, here.

The identity is source, metric, occupation, area, industry and period, where the occupation is the SOC
code or, when a source states none, the title, and a missing industry is ''. Stand-ins are needed
because NULL never equals NULL.

Three users read it: the warehouse's SQL keys (`FACT_KEY_SQL`, `SERIES_KEY_SQL`), the figures' series
matching (`series_match_sql`), and normalisation, which de-duplicates a parse's facts with
`fact_identity` (flows hand it to `transforms.normalize`, which imports no warehouse). It lives in the
warehouse because the warehouse's migrations build keys from it and the warehouse imports no other layer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class IdentityPart:
    """One field of the identity, with what stands in for it when it is missing."""

    column: str
    or_column: str | None = None  # another column's value stands in
    or_value: str | None = None  # a constant stands in

    def sql(self, alias: str = "") -> str:
        prefix = f"{alias}." if alias else ""
        if self.or_column is not None:
            return f"coalesce({prefix}{self.column}, {prefix}{self.or_column})"
        if self.or_value is not None:
            return f"coalesce({prefix}{self.column}, '{self.or_value}')"
        return f"{prefix}{self.column}"

    def value(self, record: Mapping[str, Any]) -> Any:
        found = record[self.column]
        if found is not None:
            return found
        return record[self.or_column] if self.or_column is not None else self.or_value


# A series is a fact identity without its period: the same figure over time.
SERIES: tuple[IdentityPart, ...] = (
    IdentityPart("source"),
    IdentityPart("metric"),
    IdentityPart("soc_code", or_column="occupation"),
    IdentityPart("area"),
    IdentityPart("industry", or_value=""),
)
IDENTITY: tuple[IdentityPart, ...] = (*SERIES, IdentityPart("period"))

# Keys are 128-bit MD5 numbers: half the size of hex text, and cheaper to hash and join.
_SERIES_PARTS = ", ".join(part.sql() for part in SERIES)
FACT_KEY_SQL = f"md5_number(concat_ws(chr(31), {_SERIES_PARTS}, period))"
SERIES_KEY_SQL = f"md5_number(concat_ws(chr(31), {_SERIES_PARTS}))"


def fact_identity(record: Mapping[str, Any]) -> tuple:
    """A fact record's identity, comparable with plain equality."""
    return tuple(part.value(record) for part in IDENTITY)


def series_match_sql(fact: str, selector: str) -> str:
    """SQL matching facts (alias `fact`) to series selectors (alias `selector`), whose columns are named as
    the series' parts and already hold the stand-ins."""
    return " AND ".join(f"{part.sql(fact)} = {selector}.{part.column}" for part in SERIES)
