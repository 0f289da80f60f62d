"""A guide's printed figures ("claims"), loaded from TOML and checked before any are looked up.

A claims file is written by people and read by `laborstats figures`; a mistake in it (a typo in a metric,
a missing period) must stop the report with a message naming the file and the claim, never produce a row
that quietly reads `no-data`. So every claim is validated against the contract's vocabulary here, and
all problems are reported together.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transforms.vocabulary import UNITS, metrics_by_source, source_names

DEFAULT_CLAIMS = Path("examples/claims/medical-administrative-assistant.toml")

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_SOC = re.compile(r"^\d{2}-\d{4}$")
_PERIOD = re.compile(r"^\d{4}(-\d{4})?$|^\d{4}-\d{2}(-\d{2})?$")

_CLAIM_KEYS = {
    "id",
    "description",
    "printed_value",
    "printed_period",
    "unit",
    "source",
    "selector",
    "compare_soc",
    "label_note",
}
_REQUIRED = ("id", "description", "printed_value", "printed_period", "source")
_SELECTOR_KEYS = {"metric", "soc_code", "occupation", "area", "industry"}


class ClaimsError(ValueError):
    """A claims file that cannot be used; the message names the file and each offending claim."""


@dataclass(frozen=True, slots=True)
class Selector:
    """Finds one series in the warehouse: a fact identity without its period (see CONTRACT.md).

    `soc_code` or, where the source gives none, `occupation` identifies who the figure is about, exactly
    as the warehouse's identity lets the title stand in for a missing SOC code.
    """

    source: str
    metric: str
    soc_code: str | None
    occupation: str | None
    area: str
    industry: str | None

    @property
    def who(self) -> str:
        """The identity's occupation part: the SOC code, else the title."""
        return self.soc_code or self.occupation or ""

    def with_soc(self, soc_code: str) -> Selector:
        """The same series for another occupation (for a label comparison)."""
        return Selector(self.source, self.metric, soc_code, None, self.area, self.industry)


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    description: str
    printed_value: int | float | str
    printed_period: str
    source: str
    unit: str | None = None
    selector: Selector | None = None  # None: no source extracts this figure (status `unmapped`)
    compare_soc: str | None = None
    label_note: str | None = None

    @property
    def compare_selector(self) -> Selector | None:
        if self.selector is None or self.compare_soc is None:
            return None
        return self.selector.with_soc(self.compare_soc)


def load_claims(path: str | Path) -> list[Claim]:
    """Read and validate a claims file; raises ClaimsError naming the file and every bad claim."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ClaimsError(f"{path}: cannot read claims file: {exc.strerror or exc}") from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ClaimsError(f"{path}: not valid TOML: {exc}") from None
    return parse_claims(document, str(path))


def parse_claims(document: dict[str, Any], where: str) -> list[Claim]:
    """Claims from a parsed TOML document (`[[claims]]` tables); `where` names the file in errors."""
    entries = document.get("claims")
    if not isinstance(entries, list) or not entries:
        raise ClaimsError(f"{where}: no claims: expected one or more [[claims]] tables")
    problems: list[str] = []
    claims: list[Claim] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        name = _claim_name(entry, number)
        if not isinstance(entry, dict):
            problems.append(f"{where}: {name}: expected a table")
            continue
        errors: list[str] = []
        claim = _claim(entry, errors)
        if claim is not None and claim.id in seen:
            errors.append(f"id {claim.id!r} is used by an earlier claim")
        if errors:
            problems.extend(f"{where}: {name}: {error}" for error in errors)
        elif claim is not None:
            seen.add(claim.id)
            claims.append(claim)
    if problems:
        raise ClaimsError("\n".join(problems))
    return claims


def _claim_name(entry: Any, number: int) -> str:
    if isinstance(entry, dict) and isinstance(entry.get("id"), str) and entry["id"]:
        return f"claim {entry['id']!r}"
    return f"claim #{number}"


def _claim(entry: dict[str, Any], errors: list[str]) -> Claim | None:
    unknown = sorted(set(entry) - _CLAIM_KEYS)
    if unknown:
        errors.append(f"unknown field(s) {', '.join(unknown)}; allowed: {', '.join(sorted(_CLAIM_KEYS))}")
    missing = [key for key in _REQUIRED if key not in entry]
    if missing:
        errors.append(f"missing field(s) {', '.join(missing)}")
        return None
    claim_id, description, value, period, source = (entry[key] for key in _REQUIRED)
    if not isinstance(claim_id, str) or not _ID.match(claim_id):
        errors.append(f"id {claim_id!r} must be lower-case letters, digits and dashes")
    if not isinstance(description, str) or not description.strip():
        errors.append("description must be non-empty text")
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        errors.append(f"printed_value {value!r} must be a number or text")
    if not isinstance(period, str) or not _PERIOD.match(period):
        errors.append(f"printed_period {period!r} must be YYYY, YYYY-YYYY or YYYY-MM")
    if source not in source_names():
        errors.append(f"unknown source {source!r}; sources: {', '.join(source_names())}")
    unit = entry.get("unit")
    if unit is not None and unit not in UNITS:
        errors.append(f"unit {unit!r} is not one of {', '.join(sorted(UNITS))}")
    if isinstance(value, str) and unit is not None:
        errors.append(f"printed_value {value!r} is text but the claim has unit {unit!r}")
    selector = _selector(entry.get("selector"), source, errors) if "selector" in entry else None
    compare_soc = entry.get("compare_soc")
    if compare_soc is not None:
        if not isinstance(compare_soc, str) or not _SOC.match(compare_soc):
            errors.append(f"compare_soc {compare_soc!r} is not a SOC code NN-NNNN")
        if "selector" not in entry:
            errors.append("compare_soc needs a selector to compare against")
    label_note = entry.get("label_note")
    if label_note is not None and not isinstance(label_note, str):
        errors.append("label_note must be text")
    if errors:
        return None
    return Claim(
        id=claim_id,
        description=description.strip(),
        printed_value=value,
        printed_period=period,
        source=source,
        unit=unit,
        selector=selector,
        compare_soc=compare_soc,
        label_note=label_note.strip() if label_note else None,
    )


def _selector(raw: Any, source: str, errors: list[str]) -> Selector | None:
    """The selector table, or None with the reasons appended to `errors`."""
    if not isinstance(raw, dict):
        errors.append("selector must be a table (metric, soc_code or occupation, area, industry)")
        return None
    problems: list[str] = []
    unknown = sorted(set(raw) - _SELECTOR_KEYS)
    if unknown:
        problems.append(
            f"unknown field(s) {', '.join(unknown)}; allowed: {', '.join(sorted(_SELECTOR_KEYS))}"
        )
    problems += [
        f"{key} must be non-empty text"
        for key in sorted(_SELECTOR_KEYS & set(raw))
        if not isinstance(raw[key], str) or not raw[key].strip()
    ]
    metric, soc_code, occupation = raw.get("metric"), raw.get("soc_code"), raw.get("occupation")
    if metric is None:
        problems.append("missing metric")
    elif source in metrics_by_source() and metric not in metrics_by_source()[source]:
        problems.append(f"metric {metric!r} is not in the {source} vocabulary")
    if soc_code is None and occupation is None:
        problems.append("needs soc_code, or occupation where the source gives no SOC code")
    if isinstance(soc_code, str) and not _SOC.match(soc_code):
        problems.append(f"soc_code {soc_code!r} is not NN-NNNN")
    if "area" not in raw:
        problems.append("missing area (US for national figures)")
    if problems:
        errors.extend(f"selector: {problem}" for problem in problems)
        return None
    return Selector(source, metric, soc_code, occupation, raw["area"], raw.get("industry"))
