"""How politely and how persistently laborstats fetches: every knob of the fetch layer, with its default.

The defaults suit a live refresh of public statistics sites: a handful of requests in flight per host,
a quarter second between request starts, a few retries spread out by exponential backoff. Tests and
mirrors change them through the same dataclass (or the `[fetch]` table of `laborstats.toml`), so no
delay or limit is hard-coded anywhere else.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError, model_validator

MEGABYTE = 1024 * 1024

# TOML types, checked as TOML gives them: a whole number is no text, `true` is no number.
Number = Annotated[float, Field(strict=True)]
WholeNumber = StrictInt
Text = StrictStr


class SettingsError(ValueError):
    """A setting is unknown or out of range; the message names where it was given."""


class TableSettings(BaseModel):
    """Settings read from one TOML table, validated by pydantic: unknown keys and wrong types are refused.

    Subclasses declare their fields with defaults and check ranges in a `model_validator` that lists every
    problem at once (`problems`).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    @classmethod
    def from_table(cls, values: object, where: str) -> Self:
        """Settings from a TOML table; `where` (e.g. `laborstats.toml: [fetch]`) prefixes every error."""
        if not isinstance(values, Mapping):
            raise SettingsError(f"{where}: expected a table of settings, got {values!r}")
        try:
            return cls.model_validate(dict(values))
        except ValidationError as exc:
            raise SettingsError(f"{where}: {describe(exc, sorted(cls.model_fields))}") from None


def describe(error: ValidationError, known: list[str]) -> str:
    """pydantic's errors as `key = value: why`, one clause per problem."""
    unknown = [str(e["loc"][0]) for e in error.errors() if e["type"] == "extra_forbidden"]
    clauses = [f"unknown settings {unknown}; known: {known}"] if unknown else []
    for item in error.errors():
        if item["type"] == "extra_forbidden":
            continue
        key = ".".join(str(part) for part in item["loc"][:1])
        reason = str(item["ctx"]["error"]) if "error" in item.get("ctx", {}) else item["msg"]
        clauses.append(f"{key} = {item['input']!r}: {reason}" if key else reason)
    return "; ".join(clauses)


def problems_found(problems: list[str]) -> None:
    """Raise one error listing every range problem of a settings table (pydantic adds where and what)."""
    if problems:
        raise ValueError("; ".join(problems))


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

    connect_timeout_s: Number = 10.0
    read_timeout_s: Number = 60.0
    max_attempts: WholeNumber = 5
    backoff_base_s: Number = 1.0
    backoff_max_s: Number = 60.0
    jitter: Number = 0.5
    retry_after_max_s: Number = 120.0
    retry_statuses: tuple[WholeNumber, ...] = (429, 500, 502, 503, 504)
    per_host_concurrency: WholeNumber = 4
    min_interval_s: Number = 0.25
    max_body_bytes: WholeNumber = 20 * MEGABYTE

    @model_validator(mode="after")
    def _in_range(self) -> Self:
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
        problems_found(problems)
        return self
