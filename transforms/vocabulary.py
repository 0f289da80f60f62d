"""The closed vocabularies of the contract: which metrics, units and qualifiers a fact may carry.

Units and qualifiers are the contract's; sources and their metrics are what the registry's sources
declare (`extractors.sources`), so a new source brings its vocabulary with it.
"""

from __future__ import annotations

from extractors.sources import all_sources, names


def source_names() -> tuple[str, ...]:
    return names()


def metrics_by_source() -> dict[str, frozenset[str]]:
    return {source.name: frozenset(source.metrics) for source in all_sources()}


def units_by_source() -> dict[str, dict[str, str | None]]:
    """source -> metric -> the unit it declares (None: a text value)."""
    return {source.name: dict(source.metrics) for source in all_sources()}


UNITS = frozenset(
    {
        "USD/year",
        "USD/hour",
        "USD/week",
        "USD/month",
        "jobs",
        "jobs/year",
        "percent",
        "rank",
        "persons",
        "months",
        "jobs/1000 jobs",
        "ratio",
    }
)
QUALIFIERS = frozenset({">=", "<", ">", "~"})

FACT_COLUMNS = [
    "document",
    "source",
    "metric",
    "soc_code",
    "occupation",
    "area",
    "industry",
    "period",
    "value",
    "unit",
    "qualifier",
]
