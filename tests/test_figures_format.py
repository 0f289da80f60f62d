"""Values as an editor reads them in the figures report: as the source prints them, with units."""

from __future__ import annotations

import pytest

from flows.figure_text import format_change, format_value


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (811000, "jobs", "811,000"),
        (112300.0, "jobs/year", "112,300"),
        (15.2, "percent", "15.2%"),
        (44460, "USD/year", "$44,460"),
        (21.5, "USD/hour", "$21.50"),
        (1, "rank", "#1"),
        (60, "months", "60 months"),
        (70362, "persons", "70,362"),
        ("Much faster than average", None, "Much faster than average"),
        (None, "jobs", ""),
    ],
)
def test_values_print_with_their_units(value, unit, text):
    assert format_value(value, unit) == text


@pytest.mark.parametrize(
    ("change", "unit", "text"),
    [
        (27100, "jobs", "+27,100"),
        (-3, "percent", "-3 pts"),
        (1, "percent", "+1 pt"),
        (-2.6, "percent", "-2.6 pts"),
        (1470, "USD/year", "+$1,470"),
        (0, "USD/year", "no change"),
        (None, "jobs", ""),
    ],
)
def test_changes_are_signed(change, unit, text):
    assert format_change(change, unit) == text
