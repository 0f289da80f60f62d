"""Which queries a refresh sends to the BLS Public Data API, within the API's limits.

The API answers POSTs of JSON bodies naming up to N series and a window of years. Its limits depend on the
version: 2.0 needs a registration key (`BLS_API_KEY` in the environment, sent as `registrationkey`) and
allows 50 series and 20 years per query and 500 queries a day; 1.0 needs no key and allows 25 series, 10
years and 25 queries a day. Without a key laborstats uses 1.0 and its limits. The limits are settings
(the `[bls_api]` table of `laborstats.toml`), since BLS has changed them before.

Each query is one document. Its identity (where its facts say they come from) is the endpoint URL plus a
fragment naming the series asked for, sorted: `https://api.bls.gov/publicAPI/v2/timeseries/data/
#series=OEUN000000000000031909201,...`. The fragment is never sent; it makes two queries to one endpoint
two documents, and lets a replay of the raw archive find each query's answer by URL.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date
from typing import Self

from pydantic import model_validator

from extractors.http.settings import TableSettings, Text, WholeNumber, problems_found
from extractors.sources.bls_api.series import NATIONAL, SeriesError, metro, occupation_series, state

V2_URL = "https://api.bls.gov/publicAPI/v2/timeseries/data/"
V1_URL = "https://api.bls.gov/publicAPI/v1/timeseries/data/"
KEY_VARIABLE = "BLS_API_KEY"


class BlsApiSettings(TableSettings):
    """The `[bls_api]` table.

    - `url_v2`, `url_v1`: the endpoints (version 2.0 with a key, 1.0 without).
    - `series_per_query_v2`/`_v1`, `years_per_query_v2`/`_v1`, `queries_per_day_v2`/`_v1`: the API's
      limits per version; a refresh that would need more queries than a day allows is refused before
      any is sent.
    - `states`: 2-digit FIPS codes whose state estimates are asked for too (`["06", "48"]`); national
      estimates are always asked for.
    - `metros`: metropolitan area codes (5-digit CBSA codes, e.g. `"31080"`) asked for too.
    """

    url_v2: Text = V2_URL
    url_v1: Text = V1_URL
    series_per_query_v2: WholeNumber = 50
    series_per_query_v1: WholeNumber = 25
    years_per_query_v2: WholeNumber = 20
    years_per_query_v1: WholeNumber = 10
    queries_per_day_v2: WholeNumber = 500
    queries_per_day_v1: WholeNumber = 25
    states: tuple[Text, ...] = ()
    metros: tuple[Text, ...] = ()

    @model_validator(mode="after")
    def _in_range(self) -> Self:
        problems = [
            f"{name} must be >= 1"
            for name in (
                "series_per_query_v2",
                "series_per_query_v1",
                "years_per_query_v2",
                "years_per_query_v1",
                "queries_per_day_v2",
                "queries_per_day_v1",
            )
            if getattr(self, name) < 1
        ]
        try:
            [state(code) for code in self.states]
            [metro(code) for code in self.metros]
        except SeriesError as exc:
            problems.append(str(exc))
        problems_found(problems)
        return self


@dataclass(frozen=True, slots=True)
class ApiVersion:
    """The endpoint and limits one refresh works with."""

    url: str
    series_per_query: int
    years_per_query: int
    queries_per_day: int
    key: str | None


def api_version(settings: BlsApiSettings, key: str | None) -> ApiVersion:
    if key:
        return ApiVersion(
            settings.url_v2,
            settings.series_per_query_v2,
            settings.years_per_query_v2,
            settings.queries_per_day_v2,
            key,
        )
    return ApiVersion(
        settings.url_v1,
        settings.series_per_query_v1,
        settings.years_per_query_v1,
        settings.queries_per_day_v1,
        None,
    )


@dataclass(frozen=True, slots=True)
class ApiQuery:
    url: str  # the document identity: endpoint + "#series=..."
    body: bytes
    series: tuple[str, ...]


class QueryPlanError(ValueError):
    """The queries a refresh needs break the API's limits; the message says by how much."""


def oews_series(soc_codes: list[str], settings: BlsApiSettings) -> list[str]:
    """Every OEWS estimate of each (detailed) occupation: national, plus the configured states and metros;
    sorted, so that the same occupations always make the same queries."""
    areas = [NATIONAL, *(state(code) for code in settings.states), *(metro(code) for code in settings.metros)]
    return sorted({sid for code in soc_codes for area in areas for sid in occupation_series(area, code)})


def api_queries(series: list[str], version: ApiVersion, today: date | None = None) -> list[ApiQuery]:
    """The series in batches the version allows, each over the version's window of years ending this
    year (OEWS keeps only its latest year, which the window includes)."""
    end = (today or date.today()).year
    start = end - version.years_per_query + 1
    batches = [
        series[i : i + version.series_per_query] for i in range(0, len(series), version.series_per_query)
    ]
    if len(batches) > version.queries_per_day:
        raise QueryPlanError(
            f"bls-api: {len(series)} series need {len(batches)} queries of {version.series_per_query} "
            f"series, more than the {version.queries_per_day} a day {version.url} allows; track fewer "
            f"occupations or areas{'' if version.key else ', or set ' + KEY_VARIABLE + ' for version 2.0'}"
        )
    queries = []
    for batch in batches:
        body: dict[str, object] = {"seriesid": batch, "startyear": str(start), "endyear": str(end)}
        if version.key:
            body["registrationkey"] = version.key
            body["catalog"] = True  # series titles (occupation names) are a version 2.0 feature
        queries.append(
            ApiQuery(f"{version.url}#series={','.join(batch)}", json.dumps(body).encode(), tuple(batch))
        )
    return queries


def registration_key() -> str | None:
    return os.environ.get(KEY_VARIABLE) or None
