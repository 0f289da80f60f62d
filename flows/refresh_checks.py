"""Everything about a refresh's options that can be checked without Prefect, checked before it starts.

Starting Prefect (importing it, then its temporary server) takes half a minute on a busy machine; a typo
in a source name must not cost that, nor end in a traceback. Each check raises `RefreshOptionError`
naming the option and the value; the CLI prints it as one line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from extractors.http.replay import ReplayFetcher
from extractors.http.response import FetchError
from extractors.http.urls import UrlError, parse_base_urls
from extractors.occupations import OccupationError, select_occupations
from extractors.sources import UnknownSourceError, all_sources, get, hosts
from flows.config import Config, ConfigError, load_config


class RefreshOptionError(ValueError):
    """A refresh option that cannot work; the message names the option, the value and why."""


@dataclass(frozen=True)
class RefreshOptions:
    """The refresh's options as the flow takes them (see `flows.refresh.refresh`)."""

    sources: list[str] | None
    occupations: list[str] | None
    replay: str | None
    record: str | None
    base_urls: list[str] | None
    warehouse: str
    config: str | None
    replay_archive: str | None
    all_occupations: bool

    def parameters(self) -> dict:
        return {
            "sources": self.sources,
            "occupations": self.occupations,
            "replay": self.replay,
            "record": self.record,
            "base_urls": self.base_urls,
            "warehouse": self.warehouse,
            "config": self.config,
            "replay_archive": self.replay_archive,
            "all_occupations": self.all_occupations,
        }


class _NeedsNetwork(Exception):
    """An untracked slug can only be looked up in the live A-Z index: left to the flow."""


def check_refresh_options(options: RefreshOptions) -> None:
    """Raise `RefreshOptionError` for the first option that cannot work."""
    try:
        config = load_config(options.config)
    except ConfigError as exc:
        raise RefreshOptionError(f"--config: {exc}") from None
    for source in options.sources or []:
        try:
            get(source)
        except UnknownSourceError as exc:
            raise RefreshOptionError(f"--sources: {exc}") from None
    try:
        parse_base_urls(options.base_urls, hosts())
    except UrlError as exc:
        raise RefreshOptionError(str(exc)) from None
    _check_fetch_folders(options)
    _check_occupations(options, config)
    _check_warehouse(Path(options.warehouse))


def _check_fetch_folders(options: RefreshOptions) -> None:
    if options.replay_archive and (options.replay or options.record):
        raise RefreshOptionError("--replay-archive excludes --replay and --record")
    if options.replay and options.record:
        raise RefreshOptionError("--replay and --record exclude each other")
    if options.replay:
        folder = Path(options.replay)
        if not folder.is_dir():
            raise RefreshOptionError(f"--replay {folder}: no such folder")
        if not any(folder.iterdir()):
            raise RefreshOptionError(f"--replay {folder}: the folder is empty (no recorded responses)")
        try:
            ReplayFetcher(folder)
        except FetchError as exc:
            raise RefreshOptionError(f"--replay {folder}: {exc.reason}") from None
    if options.record and Path(options.record).exists() and not Path(options.record).is_dir():
        raise RefreshOptionError(f"--record {options.record}: exists and is not a folder")
    if options.replay_archive:
        origin = Path(options.replay_archive)
        if not origin.is_file():
            raise RefreshOptionError(f"{origin}: --replay-archive names no warehouse")


def _check_occupations(options: RefreshOptions, config: Config) -> None:
    """Tracked slugs, SOC codes and handbook paths are checked here; an untracked bare slug is looked up
    in the A-Z index when a replay folder can answer for it, else left to the flow (it needs the web)."""
    if not options.occupations:
        return
    index: Callable[[], list[str]] = _deferred_index
    if options.replay:
        listing = next((s.occupation_index for s in all_sources() if s.occupation_index), None)
        if listing is not None:
            fetcher = ReplayFetcher(options.replay)
            index = lambda: listing(fetcher)  # noqa: E731
    try:
        select_occupations(config.occupations, options.occupations, index)
    except OccupationError as exc:
        if isinstance(exc.__cause__, _NeedsNetwork):
            return
        raise RefreshOptionError(str(exc)) from None


def _deferred_index() -> list[str]:
    raise _NeedsNetwork


def _check_warehouse(path: Path) -> None:
    """The warehouse must be a DuckDB file or a path one can be created at."""
    if path.is_dir():
        raise RefreshOptionError(f"--warehouse {path}: is a folder; give the DuckDB file's path")
    parent = next((p for p in path.parents if p.exists()), Path("."))
    if not parent.is_dir():
        raise RefreshOptionError(f"--warehouse {path}: {parent} is a file, not a folder")
    if path.exists():
        from warehouse.connection import WarehouseBusyError, WarehouseError, open_read_only

        try:
            open_read_only(path, timeout_s=0.5).close()
        except WarehouseBusyError:
            return  # another refresh is loading; this one waits for it when it loads
        except WarehouseError as exc:
            raise RefreshOptionError(f"--warehouse {exc}") from None
