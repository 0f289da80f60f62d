"""Which parser reads which source, what each source serves, and where the handbook's pages live."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from extractors import aama, bls_api, bls_ep, bls_oews, bls_ooh, nha, ziprecruiter
from extractors.code_version import module_digest
from extractors.fact import ParseError, ParseResult
from extractors.response import Response, RetryCheck

OOH_ROOT = "https://www.bls.gov/ooh/"


@dataclass(frozen=True, slots=True)
class Parser:
    """A source's parser and what is checked before its documents are archived.

    `read` is the parser's function; callers use `parse`, which lets only ParseError out. `check` refuses
    a response that is no document although HTTP calls it a success (raises FetchError); `retry_if` names
    a reason to ask again (see `extractors.response.RetryCheck`).
    """

    read: Callable[[bytes | str, str], ParseResult]
    content_types: tuple[str, ...]
    check: Callable[[Response], None] | None = None
    retry_if: RetryCheck | None = None

    @property
    def version(self) -> str:
        """A digest of the code the parser runs (`extractors.code_version`): it moves whenever that code
        does, so caches keyed on it never serve what an older parser made."""
        return module_digest(self.read.__module__)

    def parse(self, body: bytes | str, document: str) -> ParseResult:
        """The parser's result; any failure, expected or not, is a ParseError naming the document.

        This is the one place parsers are called, so a bug in one (an unguarded regex match, an index out
        of range on an odd table) fails that document with its name and the reason, never the whole run
        with a bare traceback.
        """
        try:
            return self.read(body, document)
        except ParseError:
            raise
        except Exception as exc:
            raise ParseError(document, f"{type(exc).__name__}: {exc}") from exc


PARSERS: dict[str, Parser] = {
    bls_ooh.SOURCE: Parser(bls_ooh.parse_ooh_page, ("text/html",)),
    bls_api.SOURCE: Parser(
        bls_api.parse_api_answer,
        ("application/json",),
        check=bls_api.check_answer,
        retry_if=bls_api.over_capacity,
    ),
    bls_oews.SOURCE: Parser(bls_oews.parse_oews_page, ("text/html",)),
    bls_ep.SOURCE: Parser(bls_ep.parse_ep_table, ("text/html",)),
    nha.SOURCE: Parser(nha.parse_nha_outlook, ("text/html",)),
    ziprecruiter.SOURCE: Parser(ziprecruiter.parse_salary_page, ("text/html",)),
    aama.SOURCE: Parser(aama.parse_aama_page, ("text/html",)),
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
    """`bls-ooh/3f9a1c2b7d4e`: the source and the digest of its parser's code, as stored with each fact."""
    return f"{source}/{parser_for(source).version}"
