"""The registry of sources: every module or package in this folder that defines `DEFINITION` (a Source).

Adding a source is adding one module (or folder) here; nothing else lists sources by name. Sources come
in their declared `order` (documents are planned, fetched and loaded in that order).
"""

from __future__ import annotations

import functools
import importlib
import pkgutil

from extractors.sources.base import Source

_NOT_SOURCES = {"base"}


class UnknownSourceError(ValueError):
    pass


@functools.cache
def all_sources() -> tuple[Source, ...]:
    """Every source defined in this folder, in their order; two sources of one name are an error."""
    found: dict[str, Source] = {}
    for module in pkgutil.iter_modules(__path__):
        if module.name in _NOT_SOURCES or module.name.startswith("_"):
            continue
        definition = getattr(importlib.import_module(f"{__name__}.{module.name}"), "DEFINITION", None)
        if not isinstance(definition, Source):
            continue
        if definition.name in found:
            raise ValueError(f"source {definition.name!r} is defined twice (in {module.name})")
        found[definition.name] = definition
    return tuple(sorted(found.values(), key=lambda source: (source.order, source.name)))


def names() -> tuple[str, ...]:
    return tuple(source.name for source in all_sources())


def default_names() -> tuple[str, ...]:
    """The sources a refresh reads when none are named."""
    return tuple(source.name for source in all_sources() if source.refreshed_by_default)


def get(name: str) -> Source:
    """The source called `name`; an unknown name is an error listing the known ones."""
    for source in all_sources():
        if source.name == name:
            return source
    raise UnknownSourceError(f"source {name!r} has no parser yet; available: {', '.join(sorted(names()))}")


parser_for = get  # the name the fetch and parse steps have always used


def extractor_version(name: str) -> str:
    return get(name).extractor_version


def hosts() -> dict[str, str]:
    """`--base-url` short name -> host, over every source (sources on one host share its short name)."""
    merged: dict[str, str] = {}
    for source in all_sources():
        for short, host in source.hosts.items():
            if merged.setdefault(short, host) != host:
                raise ValueError(f"host short name {short!r} names both {merged[short]} and {host}")
    return merged


def of_program(program: str) -> tuple[str, ...]:
    """The names of the sources stating `program`'s figures (`ooh`, `oews`, `ep`), first asked first."""
    stating = [source for source in all_sources() if source.program == program]
    return tuple(source.name for source in sorted(stating, key=lambda s: (s.precedence, s.order)))


def single_page_urls() -> dict[str, tuple[str, ...]]:
    """The default `[urls]`: each single-page source's pages."""
    return {source.name: source.default_urls for source in all_sources() if source.single_page}
