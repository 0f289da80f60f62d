"""`laborstats audit`: every labor figure in one or many guides, mapped to a series and judged.

This module wires the steps: read each input (a file, or a URL through the polite fetcher, archived
raw like any fetched document) -> find its figures (`extractors.guide_text`) with the occupation titles
the warehouse knows (`warehouse.audit`, cached per warehouse and release) -> read the candidate series
(`warehouse.audit`) -> judge (`transforms.audit`) -> render, rewrite (`transforms.rewrite`) and write a
claims file (`transforms.audit_claims`). An input that cannot be read is reported with its reason and
the others are still audited.
"""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from extractors.guide_text import (
    Figure,
    GuideReadError,
    GuideText,
    OccupationTitles,
    find_figures,
    read_guide,
)
from extractors.sources import of_program
from transforms.audit import AuditRow, audit_figures, series_requests
from transforms.audit_claims import claims_toml
from transforms.rewrite import Rewrite, onto_markup, rewrite
from warehouse.audit import AuditReader, StoredFact, Wanted

if TYPE_CHECKING:  # the fetcher (requests and its settings) is imported only when an input is a URL
    from extractors.http.archive import RawArchive
    from extractors.http.fetch import Fetcher
    from extractors.http.settings import FetchSettings

# Occupation titles per (warehouse file, latest release): building every title's variants takes about
# half a second on a full warehouse; a guide takes a few milliseconds. Kept in memory for the run and
# on disk beside the warehouse (`cache/`) for the next one; a new release makes a new key.
_TITLES: dict[tuple[str, str | None], OccupationTitles] = {}
_CACHE_FORMAT = 2


@dataclass
class Audited:
    """One input's outcome: its text and rows, or the reason it could not be read."""

    name: str
    guide: GuideText | None = None
    rows: list[AuditRow] = field(default_factory=list)
    error: str | None = None
    archived_sha256: str | None = None  # a URL's bytes, as put in the raw archive
    data: bytes | None = None  # the input's bytes (an HTML rewrite edits the markup)


def is_url(name: str) -> bool:
    return urlsplit(name).scheme in {"http", "https"}


def title_sources() -> dict[str, int]:
    """Source name -> rank of its titles: the handbook's names first (the ones guides copy), then OEWS's,
    then the projections'; from the source registry's programs."""
    return {name: rank for rank, program in enumerate(("ooh", "oews", "ep")) for name in of_program(program)}


def titles_for(reader: AuditReader) -> OccupationTitles:
    """The occupation titles of the warehouse as of its latest release, built once per release."""
    release = reader.latest_release()
    key = (str(reader.path.resolve()), release)
    if key in _TITLES:
        return _TITLES[key]
    cache_file = reader.path.parent / "cache" / f"{reader.path.stem}.audit-titles.pickle"
    titles = _load_cached(cache_file, release)
    if titles is None:
        titles = OccupationTitles.from_rows(reader.title_rows(title_sources()))
        _store_cached(cache_file, release, titles)
    _TITLES[key] = titles
    return titles


def _load_cached(path: Path, release: str | None) -> OccupationTitles | None:
    """The cached titles if they were built for this release (our own file, written by `_store_cached`)."""
    try:
        with path.open("rb") as handle:
            stored = pickle.load(handle)  # noqa: S301 (a file this module wrote beside the warehouse)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
        return None
    if not isinstance(stored, dict) or stored.get("format") != _CACHE_FORMAT:
        return None
    if stored.get("release") != release or not isinstance(stored.get("titles"), OccupationTitles):
        return None
    return stored["titles"]


def _store_cached(path: Path, release: str | None, titles: OccupationTitles) -> None:
    """Best effort: a read-only folder only costs the next run the rebuild."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        with partial.open("wb") as handle:
            pickle.dump({"format": _CACHE_FORMAT, "release": release, "titles": titles}, handle)
        partial.replace(path)
    except OSError:
        pass


def audit_inputs(
    inputs: Sequence[str],
    warehouse: Path,
    *,
    base_urls: dict[str, str] | None = None,
    settings: FetchSettings | None = None,
    kind: str | None = None,
) -> list[Audited]:
    """Audit each input against the warehouse; unreadable inputs come back with `error` set."""
    fetcher: Fetcher | None = None
    archive: RawArchive | None = None
    results: list[Audited] = []
    with AuditReader(warehouse) as reader:
        titles = titles_for(reader)
        for name in inputs:
            outcome = Audited(name)
            results.append(outcome)
            try:
                if is_url(name):
                    if fetcher is None or archive is None:
                        from extractors.http.archive import RawArchive
                        from extractors.http.fetch import build_fetcher

                        fetcher = build_fetcher(base_urls=base_urls, settings=settings)
                        archive = RawArchive(warehouse.parent / "raw")
                    data, outcome.archived_sha256, served_as = _fetch(fetcher, archive, name)
                else:
                    data, served_as = _read_file(name), None
                outcome.data = data
                outcome.guide = read_guide(data, name, kind or served_as)
            except GuideReadError as exc:
                outcome.error = str(exc)
                continue
            figures = find_figures(outcome.guide.text, titles)
            outcome.rows = audit_figures(name, figures, _stored_by_key(reader, figures))
    return results


def _read_file(name: str) -> bytes:
    path = Path(name)
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise GuideReadError(f"{name}: is a folder, not a guide") from None
    except OSError as exc:
        raise GuideReadError(f"{name}: cannot read: {exc.strerror or exc}") from None


def _fetch(fetcher: Fetcher, archive: RawArchive, url: str) -> tuple[bytes, str, str | None]:
    """The page's bytes through the polite fetcher, kept in the raw archive like every fetched page,
    with the kind its Content-Type names (a URL often has no suffix to tell)."""
    from extractors.http.fetch import FetchError

    try:
        response = fetcher.get(url, source="audit")
    except FetchError as exc:
        raise GuideReadError(str(exc)) from None
    if response.status != 200:
        raise GuideReadError(f"{url}: HTTP {response.status}")
    content_type = (response.content_type or "").lower()
    served_as = next((k for key, k in _CONTENT_KINDS.items() if key in content_type), None)
    return response.body, archive.put(response.body), served_as


_CONTENT_KINDS = {"html": "html", "markdown": "markdown", "text/plain": "text"}


def _stored_by_key(reader: AuditReader, figures: list[Figure]) -> dict[str, list[StoredFact]]:
    wanted = [Wanted(r.key, r.soc_code, r.metric, r.area, r.with_industry) for r in series_requests(figures)]
    grouped: dict[str, list[StoredFact]] = {}
    for fact in reader.stored_facts(wanted):
        grouped.setdefault(fact.key, []).append(fact)
    return grouped


def rewritten(result: Audited) -> Rewrite:
    """The input with its outdated figures updated: the text itself for plain text and Markdown; for
    HTML, the markup, with each change found where the visible text shows it."""
    if result.guide is None:
        raise ValueError(f"{result.name}: nothing to rewrite")
    changed = rewrite(result.guide.text, result.rows)
    if result.guide.offsets_are_input:
        return changed
    markup = (result.data or b"").decode(result.guide.encoding or "utf-8", errors="replace")
    onto = onto_markup(markup, result.guide.text, changed.changes)
    return Rewrite(onto.text, onto.changes, changed.skipped + onto.skipped)


def rewrite_targets(results: Sequence[Audited], out: Path) -> dict[str, Path]:
    """Where each readable input's rewrite goes: OUT itself for one input, OUT/<name> for several."""
    readable = [r for r in results if r.guide is not None]
    if len(results) == 1:
        return {r.name: out for r in readable}
    targets: dict[str, Path] = {}
    for result in readable:
        base = Path(urlsplit(result.name).path).name if is_url(result.name) else Path(result.name).name
        name, n = base or "guide.txt", 1
        while out / name in targets.values():
            n += 1
            name = f"{Path(base).stem}-{n}{Path(base).suffix}"
        targets[result.name] = out / name
    return targets


def write_claims(results: Sequence[Audited], path: Path) -> int:
    """Write the claims file; returns how many claims it holds."""
    rows = [row for result in results for row in result.rows]
    path.write_text(claims_toml(rows), encoding="utf-8")
    return sum(row.status != "other-source" for row in rows)
