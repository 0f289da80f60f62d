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

# OEWS estimates, by the API's data type (extractors/oews_series.py maps one to the other).
OEWS_METRICS = frozenset(
    {
        "employment",
        "mean_pay_hourly",
        "mean_pay_annual",
        "pay_p10_hourly",
        "pay_p25_hourly",
        "median_pay_hourly",
        "pay_p75_hourly",
        "pay_p90_hourly",
        "pay_p10_annual",
        "pay_p25_annual",
        "median_pay_annual",
        "pay_p75_annual",
        "pay_p90_annual",
        "employment_per_1000_jobs",
        "location_quotient",
    }
)

METRICS_BY_SOURCE: dict[str, frozenset[str]] = {
    "bls-ooh": OOH_METRICS,
    "bls-api": OEWS_METRICS,
    # The occupation page adds its industry tables' "percent of industry employment": the occupation's
    # share of the industry's jobs, the reverse of the handbook's `industry_employment_share` (the
    # industry's share of the occupation's jobs), so it has a name of its own.
    "bls-oews": OEWS_METRICS | {"share_of_industry_employment"},
    "bls-ep": frozenset(
        {
            "employment",
            "employment_projected",
            "employment_change",
            "employment_change_pct",
            "median_pay_annual",
            "growth_rank",
        }
    ),
    "nha": frozenset({"certification_required_share"}),
    "ziprecruiter": frozenset(
        {"average_pay_annual", "average_pay_hourly", "average_pay_weekly", "average_pay_monthly"}
    ),
    "aama": frozenset({"certified_count", "recertification_interval"}),
}

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
