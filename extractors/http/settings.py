"""How politely and how persistently laborstats fetches: every knob of the fetch layer, with its default.

The defaults suit a live refresh of public statistics sites: a handful of requests in flight per host,
a quarter second between request starts, a few retries spread out by exponential backoff. Tests and
mirrors change them through the same dataclass (or the `[fetch]` table of `laborstats.toml`), so no
delay or limit is hard-coded anywhere else.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Self

MEGABYTE = 1024 * 1024


class SettingsError(ValueError):
    """A setting is unknown or out of range; the message names where it was given."""


class TableSettings:
    """A frozen dataclass of settings that can be read from a TOML table, with errors naming the table.

    Each field's default says what it takes: a whole number, a number, a text, or a list of either.
    """

    __slots__ = ()

    @classmethod
    def from_mapping(cls, values: Mapping[str, object], where: str) -> Self:
        """Settings from a TOML table; `where` (e.g. `laborstats.toml: [fetch]`) prefixes every error."""
        if not isinstance(values, Mapping):
            raise SettingsError(f"{where}: expected a table of settings, got {values!r}")
        known = {f.name: f for f in fields(cls)}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise SettingsError(f"{where}: unknown settings {unknown}; known: {sorted(known)}")
        converted: dict[str, object] = {}
        for name, value in values.items():
            default = getattr(cls(), name)
            try:
                if isinstance(default, tuple):
                    if not isinstance(value, list | tuple):
                        raise TypeError("expected a list")
                    item = _text if "str" in str(known[name].type) else _integer
                    converted[name] = tuple(item(element) for element in value)
                elif isinstance(default, str):
                    converted[name] = _text(value)
                elif isinstance(default, int):
                    converted[name] = _integer(value)
                else:
                    converted[name] = _number(value)
            except TypeError as exc:
                raise SettingsError(f"{where}: {name} = {value!r}: {exc}") from None
        try:
            return cls(**converted)  # type: ignore[arg-type]
        except SettingsError as exc:
            raise SettingsError(f"{where}: {exc}") from None


@dataclass(frozen=True, slots=True)
class FetchSettings(TableSettings):
    """Fetch behaviour. Times are in seconds.

    - `connect_timeout_s`, `read_timeout_s`: how long to wait for a connection, and between bytes.
    - `max_attempts`: tries per URL, the first included (1 disables retrying).
    - `backoff_base_s`, `backoff_max_s`, `jitter`: before retry n the fetcher waits
      `min(backoff_max_s, backoff_base_s * 2**(n-1))`, scaled by a random factor in `[1 - jitter, 1]` so
      that clients that failed together do not come back together.
    - `retry_after_max_s`: a server's `Retry-After` is obeyed up to this long (a server asking for an hour
      would otherwise stall a refresh for an hour).
    - `retry_statuses`: HTTP statuses worth another try; 403 and 404 are answers, not hiccups.
    - `per_host_concurrency`: requests in flight at once to one host.
    - `min_interval_s`: least time between the starts of two requests to one host.
    - `max_body_bytes`: a larger body is refused (read stops past the limit), so a misconfigured mirror
      or a runaway download cannot fill memory and the archive.
    """

    connect_timeout_s: float = 10.0
    read_timeout_s: float = 60.0
    max_attempts: int = 5
    backoff_base_s: float = 1.0
    backoff_max_s: float = 60.0
    jitter: float = 0.5
    retry_after_max_s: float = 120.0
    retry_statuses: tuple[int, ...] = (429, 500, 502, 503, 504)
    per_host_concurrency: int = 4
    min_interval_s: float = 0.25
    max_body_bytes: int = 20 * MEGABYTE

    def __post_init__(self) -> None:
        problems = []
        for name in ("connect_timeout_s", "read_timeout_s"):
            if getattr(self, name) <= 0:
                problems.append(f"{name} must be > 0")
        for name in ("backoff_base_s", "backoff_max_s", "retry_after_max_s", "min_interval_s"):
            if getattr(self, name) < 0:
                problems.append(f"{name} must be >= 0")
        for name in ("max_attempts", "per_host_concurrency", "max_body_bytes"):
            if getattr(self, name) < 1:
                problems.append(f"{name} must be >= 1")
        if not 0 <= self.jitter <= 1:
            problems.append("jitter must be between 0 and 1")
        if any(not 100 <= status <= 599 for status in self.retry_statuses):
            problems.append("retry_statuses must be HTTP statuses (100-599)")
        if problems:
            raise SettingsError("; ".join(problems))


def _integer(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("expected a whole number")
    return value


def _number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError("expected a number")
    return float(value)


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("expected a text")
    return value
