"""`laborstats.toml`: which occupations and sources a refresh tracks.

Without a file the defaults below apply: medical assistants (31-9092), the occupation the guide quotes,
and secretaries and administrative assistants, whose page carries medical secretaries and administrative
assistants (43-6013), the SOC occupation a "medical administrative assistant" actually is.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from extractors.http.settings import FetchSettings, SettingsError
from extractors.page_urls import DEFAULT_URLS, SINGLE_PAGE_SOURCES
from extractors.sources.bls_api.query import BlsApiSettings
from transforms.vocabulary import SOURCES

CONFIG_FILE = "laborstats.toml"
_SOC = re.compile(r"^\d{2}-\d{4}$")


class ConfigError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Occupation:
    slug: str
    ooh_path: str
    soc_codes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Config:
    occupations: tuple[Occupation, ...]
    sources: tuple[str, ...] = SOURCES
    path: Path | None = field(default=None, compare=False)
    fetch: FetchSettings = field(default_factory=FetchSettings)  # the `[fetch]` table
    bls_api: BlsApiSettings = field(default_factory=BlsApiSettings)  # the `[bls_api]` table
    # The `[urls]` table: the pages of the sources that are not read per occupation.
    urls: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_URLS), hash=False)


DEFAULT_CONFIG = Config(
    occupations=(
        Occupation("medical-assistants", "healthcare/medical-assistants", ("31-9092",)),
        Occupation(
            "secretaries-and-administrative-assistants",
            "office-and-administrative-support/secretaries-and-administrative-assistants",
            ("43-6000", "43-6013"),
        ),
    ),
)


def load_config(path: str | Path | None = None) -> Config:
    """The given file; else `./laborstats.toml` if present; else the defaults."""
    if path is None:
        if not Path(CONFIG_FILE).exists():
            return DEFAULT_CONFIG
        path = CONFIG_FILE
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: config file not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    return _parse(data, path)


def _parse(data: dict, path: Path) -> Config:
    sources = tuple(data.get("sources", DEFAULT_CONFIG.sources))
    unknown = [s for s in sources if s not in SOURCES]
    if unknown:
        raise ConfigError(f"{path}: unknown sources {unknown}; known: {list(SOURCES)}")
    occupations = []
    for i, entry in enumerate(data.get("occupations", [])):
        try:
            slug, ooh = str(entry["slug"]), str(entry["ooh"])
        except KeyError as exc:
            raise ConfigError(f"{path}: occupations[{i}] needs {exc.args[0]!r}") from exc
        soc = tuple(str(code) for code in entry.get("soc", []))
        bad = [code for code in soc if not _SOC.match(code)]
        if bad:
            raise ConfigError(f"{path}: occupations[{i}] ({slug}): SOC codes {bad} are not NN-NNNN")
        occupations.append(Occupation(slug, ooh.strip("/").removesuffix(".htm"), soc))
    if not occupations:
        raise ConfigError(f"{path}: no [[occupations]] tracked")
    try:
        fetch = FetchSettings.from_mapping(data.get("fetch", {}), f"{path}: [fetch]")
        bls_api = BlsApiSettings.from_mapping(data.get("bls_api", {}), f"{path}: [bls_api]")
    except SettingsError as exc:
        raise ConfigError(str(exc)) from None
    return Config(tuple(occupations), sources, path, fetch, bls_api, _urls(data.get("urls", {}), path))


def _urls(table: object, path: Path) -> dict[str, tuple[str, ...]]:
    """`[urls]`: source -> a URL or a list of URLs; sources not named keep their default page."""
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [urls] must be a table of source = URL (or a list of URLs)")
    unknown = sorted(set(table) - set(SINGLE_PAGE_SOURCES))
    if unknown:
        raise ConfigError(f"{path}: [urls] names {unknown}; known: {list(SINGLE_PAGE_SOURCES)}")
    urls = dict(DEFAULT_URLS)
    for source, value in table.items():
        listed = [value] if isinstance(value, str) else value
        if not isinstance(listed, list) or not all(
            isinstance(url, str) and url.startswith(("http://", "https://")) for url in listed
        ):
            raise ConfigError(
                f"{path}: [urls] {source} = {value!r}: expected an http(s) URL or a list of them"
            )
        urls[source] = tuple(listed)
    return urls


def select_occupations(
    config: Config, requested: list[str] | None, index: Callable[[], list[str]] | None = None
) -> list[Occupation]:
    """Occupations named by slug, handbook path or SOC code; all tracked ones when none are named.

    A handbook path not in the config (`healthcare/dental-assistants`) is accepted as is. A bare slug not
    in the config (`dental-assistants`) is looked up among the handbook paths `index()` returns (the A-Z
    index, fetched only when such a slug is asked for). A SOC code must be in the config: the index links
    pages by title, not by SOC code.
    """
    if not requested:
        return list(config.occupations)
    chosen: list[Occupation] = []
    for name in requested:
        key = name.strip().strip("/").removesuffix(".htm")
        match = next(
            (occ for occ in config.occupations if key in (occ.slug, occ.ooh_path) or key in occ.soc_codes),
            None,
        )
        if match is None and "/" in key:
            match = Occupation(key.rsplit("/", 1)[-1], key)
        if match is None and _SOC.match(key):
            raise ConfigError(
                f"--occupation {name!r}: SOC code not in the config; the handbook's A-Z index links pages "
                f"by title, not SOC code, so pass the page slug or handbook path (e.g. healthcare/<slug>) "
                f"or add it to [[occupations]]"
            )
        if match is None and index is not None:
            try:
                paths = index()
            except Exception as exc:  # the index's own error (fetch, block page) says why
                raise ConfigError(
                    f"--occupation {name!r}: not tracked, and the A-Z index to look it up in failed: {exc}"
                ) from exc
            path = next((p for p in paths if p.rsplit("/", 1)[-1] == key), None)
            match = Occupation(key, path) if path else None
        if match is None:
            where = (
                "tracked slug, SOC code, handbook path or page in the A-Z index"
                if index
                else ("tracked slug, SOC code or handbook path")
            )
            raise ConfigError(
                f"--occupation {name!r}: not a {where} "
                f"(tracked: {', '.join(o.slug for o in config.occupations)})"
            )
        if match not in chosen:
            chosen.append(match)
    return chosen
