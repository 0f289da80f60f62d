"""`laborstats.toml`: which occupations and sources a refresh tracks, validated by pydantic.

Without a file the defaults below apply: medical assistants (31-9092), the occupation the guide quotes,
and secretaries and administrative assistants, whose page carries medical secretaries and administrative
assistants (43-6013), the SOC occupation a "medical administrative assistant" actually is. Every source
in the registry is refreshed, each single-page source from its default pages.

The file's shape is a pydantic model built from the registry: `sources`, `[[occupations]]`, `[urls]`
(one key per single-page source), `[fetch]`, and each source's own table (`[bls_api]`). Errors name the
file, the table and the key.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, create_model, field_validator

from extractors.http.settings import FetchSettings, SettingsError, Text
from extractors.occupations import SOC_CODE, Occupation
from extractors.sources import all_sources, default_names, names, single_page_urls

CONFIG_FILE = "laborstats.toml"


class ConfigError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Config:
    occupations: tuple[Occupation, ...]
    sources: tuple[str, ...] = field(default_factory=default_names)
    path: Path | None = field(default=None, compare=False)
    fetch: FetchSettings = field(default_factory=FetchSettings)  # the `[fetch]` table
    # The `[urls]` table: the pages of the sources that are not read per occupation.
    urls: Mapping[str, tuple[str, ...]] = field(default_factory=single_page_urls, hash=False)
    # Each source's own table (`[bls_api]`), by source name; a source with a table always has its settings.
    source_settings: Mapping[str, BaseModel] = field(
        default_factory=lambda: {s.name: s.settings() for s in all_sources() if s.settings}, hash=False
    )


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


class _OccupationEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    slug: Text
    ooh: Text
    soc: list[Text] = []

    @field_validator("soc")
    @classmethod
    def _soc_codes(cls, codes: list[str]) -> list[str]:
        bad = [code for code in codes if not SOC_CODE.match(code)]
        if bad:
            raise ValueError(f"SOC codes {bad} are not NN-NNNN")
        return codes


class _FileBase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sources: list[Text] | None = None
    occupations: list[_OccupationEntry] = []
    urls: dict[str, Text | list[Text]] = {}
    fetch: dict[str, Any] = {}

    @field_validator("sources")
    @classmethod
    def _known_sources(cls, sources: list[str] | None) -> list[str] | None:
        unknown = [s for s in sources or [] if s not in names()]
        if unknown:
            raise ValueError(f"unknown sources {unknown}; known: {list(names())}")
        return sources

    @field_validator("urls")
    @classmethod
    def _pages(cls, table: dict[str, str | list[str]]) -> dict[str, str | list[str]]:
        known = list(single_page_urls())
        unknown = sorted(set(table) - set(known))
        if unknown:
            raise ValueError(f"[urls] names {unknown}; known: {known}")
        for source, value in table.items():
            listed = [value] if isinstance(value, str) else value
            if not all(url.startswith(("http://", "https://")) for url in listed):
                raise ValueError(f"[urls] {source} = {value!r}: expected an http(s) URL or a list of them")
        return table


def _file_model() -> type[BaseModel]:
    """The file's model: the fixed keys plus one table per source that has settings."""
    tables: dict[str, Any] = {
        source.settings_table: (dict[str, Any], {}) for source in all_sources() if source.settings_table
    }
    return create_model("LaborstatsToml", __base__=_FileBase, **tables)


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
    try:
        parsed = _file_model().model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{path}: {_describe(exc)}") from None
    occupations = tuple(
        Occupation(entry.slug, entry.ooh.strip("/").removesuffix(".htm"), tuple(entry.soc))
        for entry in parsed.occupations
    )
    if not occupations:
        raise ConfigError(f"{path}: no [[occupations]] tracked")
    urls = dict(single_page_urls())
    urls.update({source: (v,) if isinstance(v, str) else tuple(v) for source, v in parsed.urls.items()})
    try:
        fetch = FetchSettings.from_table(parsed.fetch, f"{path}: [fetch]")
        settings = {
            source.name: source.settings.from_table(
                getattr(parsed, source.settings_table), f"{path}: [{source.settings_table}]"
            )
            for source in all_sources()
            if source.settings and source.settings_table
        }
    except SettingsError as exc:
        raise ConfigError(str(exc)) from None
    sources = tuple(parsed.sources) if parsed.sources is not None else default_names()
    return Config(occupations, sources, path, fetch, urls, settings)


def _describe(error: ValidationError) -> str:
    """pydantic's errors in the file's terms: `occupations[0] needs 'ooh'`, `[urls] names [...]`."""
    clauses = []
    for item in error.errors():
        loc = list(item["loc"])
        where = str(loc.pop(0)) if loc else ""
        if where == "occupations" and loc and isinstance(loc[0], int):
            where = f"occupations[{loc.pop(0)}]"
        if item["type"] == "missing":
            clauses.append(f"{where} needs {str(loc[-1])!r}" if loc else f"{where} is missing")
            continue
        if item["type"] == "extra_forbidden":
            key, table = (str(loc[-1]), where) if loc else (where, "the top level")
            clauses.append(f"unknown key {key!r} in {table}")
            continue
        reason = str(item["ctx"]["error"]) if "error" in item.get("ctx", {}) else item["msg"]
        key = ".".join(str(part) for part in loc)
        clauses.append(f"{where}{'.' + key if key else ''}: {reason}")
    return "; ".join(clauses)
