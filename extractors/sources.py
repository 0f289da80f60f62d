"""Which parser reads which source, and where each source's documents live."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from extractors import bls_ooh
from extractors.fact import ParseResult

OOH_ROOT = "https://www.bls.gov/ooh/"


@dataclass(frozen=True, slots=True)
class Parser:
    parse: Callable[[bytes | str, str], ParseResult]
    version: str
    content_types: tuple[str, ...]


PARSERS: dict[str, Parser] = {
    bls_ooh.SOURCE: Parser(bls_ooh.parse_ooh_page, bls_ooh.PARSER_VERSION, ("text/html",)),
}


class UnknownSourceError(ValueError):
    pass


def parser_for(source: str) -> Parser:
    try:
        return PARSERS[source]
    except KeyError:
        raise UnknownSourceError(
            f"source {source!r} has no parser yet; available: {', '.join(sorted(PARSERS))}"
        ) from None


def ooh_url(path: str) -> str:
    """`healthcare/medical-assistants` -> the handbook page URL."""
    path = path.strip("/")
    if not path.endswith(".htm"):
        path += ".htm"
    return OOH_ROOT + path


def extractor_version(source: str) -> str:
    return f"{source}/{parser_for(source).version}"
