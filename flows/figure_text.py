"""How the figures report words things: values with units, changes, notes, and what the report is about.

Shared by every rendering (`flows.figures_report` for tables, Markdown and JSON; `flows.report_html`),
so both read it from here and neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from transforms.figures import Figure
from warehouse.figures import Release


@dataclass(frozen=True, slots=True)
class ReportContext:
    """What the report is about: which claims, which warehouse, as of which release."""

    claims_file: str
    warehouse: str
    releases: list[Release]
    generated_at: datetime

    @property
    def latest(self) -> Release | None:
        return self.releases[-1] if self.releases else None


def notes(figure: Figure, with_label_note: bool = True) -> str:
    """The status note, the label note, and the comparison figure, as sentences."""
    parts = [_sentence(figure.note)]
    if with_label_note and figure.label_note:
        parts.append(_sentence(figure.label_note))
    if figure.compare_soc:
        parts.append(_sentence(f"Compare {comparison(figure)}"))
    return " ".join(p for p in parts if p)


def _sentence(text: str | None) -> str:
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


def comparison(figure: Figure) -> str:
    """The comparison occupation's figure for the same series, e.g. '43-6013 (...): 850,000 (2024)'."""
    if figure.compare_value is None:
        return f"{figure.compare_soc}: no figure stored"
    who = f"{figure.compare_soc} ({figure.compare_occupation})" if figure.compare_occupation else None
    value = with_period(format_value(figure.compare_value, figure.unit), figure.compare_period)
    return f"{who or figure.compare_soc}: {value}"


def with_period(value: str, period: str | None) -> str:
    return f"{value} ({period})" if value and period else value


def format_value(value: int | float | str | None, unit: str | None) -> str:
    """811000 -> '811,000'; percent -> '12%'; USD -> '$44,200'; rank -> '#1'; months -> '60 months'."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    sign, magnitude = ("-" if value < 0 else ""), abs(value)
    money = bool(unit and unit.startswith("USD/"))
    if float(magnitude).is_integer():
        number = f"{int(magnitude):,}"
    elif money:
        number = f"{magnitude:,.2f}"
    else:
        number = f"{magnitude:,.6f}".rstrip("0").rstrip(".")
    if money:
        return f"{sign}${number}"
    suffix = {"percent": "%", "months": " months"}.get(unit or "", "")
    prefix = "#" if unit == "rank" else ""
    return f"{sign}{prefix}{number}{suffix}"


def format_change(change: int | float | None, unit: str | None) -> str:
    """A signed difference: '+27,100', '-3 pts' (percentage points), '+$1,470', 'no change'."""
    if change is None:
        return ""
    if change == 0:
        return "no change"
    sign = "+" if change > 0 else "-"
    magnitude = abs(change)
    if unit == "percent":
        return f"{sign}{format_value(magnitude, None)} {'pt' if magnitude == 1 else 'pts'}"
    if unit == "rank":
        return f"{sign}{format_value(magnitude, None)}"
    return f"{sign}{format_value(magnitude, unit)}"


def status_counts(figures: list[Figure]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for figure in figures:
        counts[figure.status] = counts.get(figure.status, 0) + 1
    return counts
