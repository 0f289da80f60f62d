"""Source `bls-api`: OEWS estimates from the BLS Public Data API (https://api.bls.gov/).

`series` names OEWS series ids; `query` batches the series of the chosen occupations into POSTs within
the API's limits (the `[bls_api]` table); `answer` reads the JSON answers.
"""

from __future__ import annotations

from extractors.occupations import detailed_soc_codes
from extractors.sources.base import PlanRequest, Source, Target
from extractors.sources.bls_api.answer import SOURCE, check_answer, over_capacity, parse_api_answer
from extractors.sources.bls_api.query import (
    BlsApiSettings,
    api_queries,
    api_version,
    oews_series,
    registration_key,
)
from extractors.sources.bls_api.series import DATA_TYPES


def plan(source: Source, request: PlanRequest) -> list[Target]:
    """POSTs of the OEWS series of the chosen occupations' detailed SOC codes, national plus the
    configured states and metros; none when no occupation carries a detailed SOC code."""
    soc_codes = detailed_soc_codes(request.occupations)
    if not soc_codes:
        return []
    settings = request.settings if isinstance(request.settings, BlsApiSettings) else BlsApiSettings()
    version = api_version(settings, registration_key())
    queries = api_queries(oews_series(soc_codes, settings), version)
    return [Target(source.name, query.url, query.body) for query in queries]


DEFINITION = Source(
    name=SOURCE,
    title="BLS Public Data API, OEWS estimates by series",
    read=parse_api_answer,
    order=30,
    program="oews",
    precedence=2,
    hosts={"bls-api": "api.bls.gov"},
    places=(("api.bls.gov", "/"),),
    content_types=("application/json",),
    check=check_answer,
    retry_if=over_capacity,
    plan=plan,
    settings=BlsApiSettings,
    settings_table="bls_api",
    metrics=dict(DATA_TYPES.values()),
)
