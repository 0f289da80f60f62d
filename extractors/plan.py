"""What a refresh fetches: one target per document, for the chosen sources and occupations.

- `bls-ooh`: each occupation's handbook page (an untracked slug is looked up in the A-Z index, fetched at
  most once and only when needed; `--all-occupations` adds every page the index links).
- `bls-oews`: the OEWS page of each detailed SOC code of the chosen occupations
  (`https://www.bls.gov/oes/current/oes319092.htm`).
- `bls-api`: POSTs of the OEWS series of those SOC codes, national plus the configured states and metros,
  batched within the API's limits (`extractors.sources.bls_api.query`).
- `bls-ep`, `nha`, `ziprecruiter`, `aama`: their pages from the `[urls]` table, whatever the occupations.

Occupations given as a handbook path or an untracked slug carry no SOC code, so they add no OEWS or API
targets; give them SOC codes in `[[occupations]]` to have them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from extractors.documents import Target
from extractors.http.response import Fetcher
from extractors.page_urls import SINGLE_PAGE_SOURCES
from extractors.sources import ooh_url, parser_for
from extractors.sources.bls_api.query import api_queries, api_version, oews_series, registration_key
from extractors.sources.bls_api.series import is_detailed
from extractors.sources.bls_ooh.index import fetch_occupation_paths
from flows.config import Config, Occupation, select_occupations

OEWS_PAGE = "https://www.bls.gov/oes/current/oes{code}.htm"


def oews_page_url(soc_code: str) -> str:
    return OEWS_PAGE.format(code=soc_code.replace("-", ""))


def plan_targets(
    config: Config,
    sources: list[str] | None,
    occupations: list[str] | None,
    all_occupations: bool = False,
    fetcher: Fetcher | None = None,
) -> list[Target]:
    chosen_sources = sources or list(config.sources)
    for source in chosen_sources:
        parser_for(source)  # an unknown source fails before anything is fetched
    # The A-Z index is fetched once, and only for --all-occupations or a slug the config lacks.
    index: Callable[[], list[str]] | None = (
        functools.cache(lambda: fetch_occupation_paths(fetcher)) if fetcher is not None else None
    )
    chosen = select_occupations(config, occupations, index)
    targets: list[Target] = []
    if "bls-ooh" in chosen_sources:
        paths = [occupation.ooh_path for occupation in chosen]
        if all_occupations and index is not None:
            paths = [*index(), *paths]
        targets.extend(Target("bls-ooh", ooh_url(path)) for path in dict.fromkeys(paths))
    soc_codes = _detailed_soc_codes(chosen)
    if "bls-oews" in chosen_sources:
        targets.extend(Target("bls-oews", oews_page_url(code)) for code in soc_codes)
    if "bls-api" in chosen_sources and soc_codes:
        version = api_version(config.bls_api, registration_key())
        for query in api_queries(oews_series(soc_codes, config.bls_api), version):
            targets.append(Target("bls-api", query.url, query.body))
    for source in SINGLE_PAGE_SOURCES:
        if source in chosen_sources:
            targets.extend(Target(source, url) for url in config.urls[source])
    return targets


def _detailed_soc_codes(occupations: list[Occupation]) -> list[str]:
    codes = [code for occupation in occupations for code in occupation.soc_codes]
    return [code for code in dict.fromkeys(codes) if is_detailed(code)]
