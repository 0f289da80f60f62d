"""The closed vocabularies of the contract: which metrics, units and qualifiers a fact may carry."""

from __future__ import annotations

OOH_METRICS = frozenset(
    {
        "median_pay_annual",
        "median_pay_hourly",
        "entry_level_education",
        "work_experience",
        "on_the_job_training",
        "employment",
        "employment_projected",
        "employment_change",
        "employment_change_pct",
        "outlook_category",
        "openings_per_year",
        "industry_employment_share",
        "industry_median_pay_annual",
        "industry_median_pay_hourly",
        "pay_p10_annual",
        "pay_p90_annual",
        "pay_p10_hourly",
        "pay_p90_hourly",
    }
)

METRICS_BY_SOURCE: dict[str, frozenset[str]] = {"bls-ooh": OOH_METRICS}

UNITS = frozenset({"USD/year", "USD/hour", "jobs", "jobs/year", "percent"})
QUALIFIERS = frozenset({">=", "<", ">", "~"})
SOURCES = ("bls-ooh", "bls-oews", "bls-api", "bls-ep", "nha", "ziprecruiter", "aama")

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
IDENTITY_COLUMNS = ["source", "metric", "soc_key", "area", "industry_key", "period"]
