"""What a source declares about itself, in one place: the `Source` every source module defines.

A source is one module (`sources/nha.py`) or one folder (`sources/bls_ooh/`) that defines `DEFINITION`,
a `Source`. The registry (`extractors.sources`) finds it there; the planner, the fetcher's checks, the
vocabulary checks, `--base-url`, `archive add`, the configuration and the docs' data dictionary all read
it from the registry, so nothing else lists sources by name.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from pydantic import BaseModel

from extractors.code_version import module_digest
from extractors.fact import ParseError, ParseResult
from extractors.http.response import Fetcher, Response, RetryCheck
from extractors.occupations import Occupation


@dataclass(frozen=True, slots=True)
class Target:
    """One document a refresh fetches: a GET of `url`, or a POST of `body` (JSON) to it."""

    source: str
    url: str
    body: bytes | None = None  # a POST's body (JSON); None for a GET


@dataclass(frozen=True, slots=True)
class PlanRequest:
    """What a source's plan is told: all configuration reaches extractors this way, never by import.

    - `occupations`: the occupations chosen for this refresh (tracked ones, or those named on the CLI).
    - `all_occupations`: `--all-occupations` was given.
    - `index`: the handbook paths of every occupation page (fetched once, when first called), or None.
    - `settings`: the source's own configuration table (its `settings` model), or None.
    - `urls`: the source's configured pages (`[urls]`), or its `default_urls`.
    - `fetcher`: for a source whose documents are found on a listing page (the OEWS tables page), which
      it reads through this fetcher so that replay, recording and `--base-url` apply; None in a plan
      made without network (a listing source then plans nothing).
    """

    occupations: tuple[Occupation, ...]
    all_occupations: bool = False
    index: Callable[[], list[str]] | None = None
    settings: BaseModel | None = None
    urls: tuple[str, ...] = ()
    fetcher: Fetcher | None = None


def source_version(module_name: str) -> str:
    """The version of a source's parser, recorded with every fact as `<source>/<version>`.

    The one seam for versions: a digest of the code the parser runs (`extractors.code_version`), so it
    moves whenever that code does and the caches keyed on it never serve what an older parser made.
    """
    return module_digest(module_name)


def plan_pages(source: Source, request: PlanRequest) -> list[Target]:
    """The plan of a source that states its figures on its pages whatever the occupations."""
    return [Target(source.name, url) for url in request.urls]


@dataclass(frozen=True, slots=True)
class Source:
    """Everything laborstats knows about one source.

    - `name`: as facts, `--sources` and `parse` name it; `title`: what it is, for the docs.
    - `read(body, document)`: its parser (callers use `parse`, which lets only ParseError out);
      `metrics`: its vocabulary, metric -> unit (None: a text value).
    - `order`: where it comes in plans and listings (documents are loaded in plan order).
    - `hosts`: `--base-url` short name -> host its documents come from; `places`: (host, path prefix) of
      its documents, so a URL given to `archive add` finds its source.
    - `content_types`: what it serves; `check` refuses a response HTTP calls a success but is no document
      (raises FetchError); `retry_if` names a reason to ask again.
    - `plan(source, request)`: the targets it fetches; by default its pages (`default_urls`, which a
      `[urls]` entry replaces).
    - `settings`, `settings_table`: its own configuration table in `laborstats.toml`, if any.
    - `occupation_index(fetcher)`: for the source that can list every occupation page (the handbook).
    - `refreshed_by_default`: in a refresh without `--sources` or `sources = [...]`; a new source stays
      out until `examples/replay/` holds its documents, so the offline quickstart keeps answering.
    - `program`: the BLS program whose figures it states (`ooh` the handbook, `oews` wage and
      employment estimates, `ep` projections), or None; `precedence`: among the sources of one program,
      which is asked first when several state a figure (lower first: a data file before a page, a page
      before the API). Audits and cross-checks choose sources by these, never by name.
    - `statement_key(url)`: which statement of the source a document is. A page is its own statement (the
      default: its URL). A data file published anew each year under a new name (`oesm23nat.zip`, then
      `oesm24nat.zip`) is the next version of one statement (`bls-oews-files:nat`): the loader compares
      it with, and supersedes, the facts of the previous file of that statement.
    - `bulk`: its parser answers with a frame of millions of facts (`ParseResult.frame`): a document
      whose bytes and parser equal its statement's latest confirmation is not parsed again at all, and
      parse results are not cached (pickling millions of rows costs more than reading the file).
    """

    name: str
    title: str
    read: Callable[[bytes | str, str], ParseResult]
    metrics: Mapping[str, str | None]
    order: int
    hosts: Mapping[str, str]
    places: tuple[tuple[str, str], ...]
    content_types: tuple[str, ...] = ("text/html",)
    check: Callable[[Response], None] | None = None
    retry_if: RetryCheck | None = None
    plan: Callable[[Source, PlanRequest], list[Target]] = plan_pages
    default_urls: tuple[str, ...] = ()
    settings: type[BaseModel] | None = None
    settings_table: str | None = None
    occupation_index: Callable[[Fetcher | None], list[str]] | None = None
    refreshed_by_default: bool = True
    program: str | None = None
    precedence: int = 0
    statement_key: Callable[[str], str] | None = None
    bulk: bool = False
    notes: str = field(default="", compare=False)

    @property
    def version(self) -> str:
        return source_version(self.read.__module__)

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

    @property
    def extractor_version(self) -> str:
        """`<name>/<version>`, the provenance each fact carries."""
        return f"{self.name}/{self.version}"

    @property
    def single_page(self) -> bool:
        """Read from its configured pages (`[urls]`), whatever the occupations."""
        return bool(self.default_urls)

    def targets(self, request: PlanRequest) -> list[Target]:
        return self.plan(self, request)

    def statement(self, url: str) -> str:
        """The statement a document of this source is (see `statement_key`); by default its URL."""
        return self.statement_key(url) if self.statement_key is not None else url
