"""The OEWS top code, which the handbook's pay sentences and OEWS tables both print wages against."""

from __future__ import annotations


def top_code(unit: str, year: str | None) -> float:
    """The OEWS top code: wages at or above it are published as "equal to or greater than" it.

    $239,200 a year / $115.00 an hour since the May 2022 estimates; $208,000 / $100.00 before. A
    percentile printed at the top code is top-coded too, whatever the sentence's wording.
    """
    old = year is not None and year < "2022"
    if unit == "USD/hour":
        return 100.0 if old else 115.0
    return 208_000 if old else 239_200
