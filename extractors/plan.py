"""What a refresh fetches: one target per document, for the chosen sources and occupations.

Each source plans its own documents (`Source.plan`; see docs/sources.md for what each fetches). This
module chooses the occupations, gives every chosen source what it needs to plan (`PlanRequest`), and
keeps the sources' order. The configuration is passed in (anything shaped like `PlanConfig`, in practice
`flows.config.Config`); extractors never import it.

Occupations given as a handbook path or an untracked slug carry no SOC code, so they add no targets to
sources read by SOC code; give them SOC codes in `[[occupations]]` to have them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

from pydantic import BaseModel

from extractors.http.response import Fetcher
from extractors.occupations import Occupation, select_occupations
from extractors.sources import all_sources, get
from extractors.sources.base import PlanRequest, Target


class PlanConfig(Protocol):
    """The configuration a plan reads."""

    @property
    def occupations(self) -> Sequence[Occupation]: ...
    @property
    def sources(self) -> Sequence[str]: ...
    @property
    def urls(self) -> Mapping[str, tuple[str, ...]]: ...
    @property
    def source_settings(self) -> Mapping[str, BaseModel]: ...


def plan_targets(
    config: PlanConfig,
    sources: list[str] | None,
    occupations: list[str] | None,
    all_occupations: bool = False,
    fetcher: Fetcher | None = None,
) -> list[Target]:
    chosen_sources = sources or list(config.sources)
    for source in chosen_sources:
        get(source)  # an unknown source fails before anything is fetched
    index = _occupation_index(fetcher)
    chosen = tuple(select_occupations(config.occupations, occupations, index))
    targets: list[Target] = []
    for source in all_sources():
        if source.name not in chosen_sources:
            continue
        request = PlanRequest(
            occupations=chosen,
            all_occupations=all_occupations,
            index=index,
            settings=config.source_settings.get(source.name),
            urls=tuple(config.urls.get(source.name, source.default_urls)),
            fetcher=fetcher,
        )
        targets.extend(source.targets(request))
    return targets


def _occupation_index(fetcher: Fetcher | None) -> Callable[[], list[str]] | None:
    """Every occupation page, from the source that lists them (the handbook's A-Z index): fetched once,
    and only for --all-occupations or a slug the config lacks."""
    if fetcher is None:
        return None
    listing = next((s.occupation_index for s in all_sources() if s.occupation_index is not None), None)
    return functools.cache(lambda: listing(fetcher)) if listing is not None else None
