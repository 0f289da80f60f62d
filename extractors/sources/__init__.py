"""Which parser reads which source, what each source serves, and where the handbook's pages live."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from extractors.fact import ParseResult
from extractors.http.response import Response, RetryCheck
from extractors.sources import aama, bls_ep, bls_oews, nha, ziprecruiter
from extractors.sources.bls_api import answer as bls_api
from extractors.sources.bls_ooh import parser as bls_ooh

OOH_ROOT = "https://www.bls.gov/ooh/"


@dataclass(frozen=True, slots=True)
class Parser:
    """A source's parser and what is checked before its documents are archived.

    `check` refuses a response that is no document although HTTP calls it a success (raises FetchError);
    `retry_if` names a reason to ask again (see `extractors.http.response.RetryCheck`).
    """

    parse: Callable[[bytes | str, str], ParseResult]
    version: str
    content_types: tuple[str, ...]
    check: Callable[[Response], None] | None = None
    retry_if: RetryCheck | None = None


PARSERS: dict[str, Parser] = {
    bls_ooh.SOURCE: Parser(bls_ooh.parse_ooh_page, bls_ooh.PARSER_VERSION, ("text/html",)),
    bls_api.SOURCE: Parser(
        bls_api.parse_api_answer,
        bls_api.PARSER_VERSION,
        ("application/json",),
        check=bls_api.check_answer,
        retry_if=bls_api.over_capacity,
    ),
    bls_oews.SOURCE: Parser(bls_oews.parse_oews_page, bls_oews.PARSER_VERSION, ("text/html",)),
    bls_ep.SOURCE: Parser(bls_ep.parse_ep_table, bls_ep.PARSER_VERSION, ("text/html",)),
    nha.SOURCE: Parser(nha.parse_nha_outlook, nha.PARSER_VERSION, ("text/html",)),
    ziprecruiter.SOURCE: Parser(ziprecruiter.parse_salary_page, ziprecruiter.PARSER_VERSION, ("text/html",)),
    aama.SOURCE: Parser(aama.parse_aama_page, aama.PARSER_VERSION, ("text/html",)),
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
