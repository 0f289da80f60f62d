"""A claims file (`laborstats figures --claims`) written from an audit, so a guide audited once is
tracked from then on.

One `[[claims]]` table per BLS figure: a mapped figure gets the selector of its series, a figure with no
series none (`figures` reports it `unmapped`). The printed value is the stored value the guide's rounded
figure stands for where the series holds one at the printed period ("3.2 million" -> 3213400, noted in a
comment), so that `figures`, which compares exactly, reaches the audit's status; the printed period is
the period the text states, else the one the value matched, else the latest. Figures attributed to other
sources are listed as comments: laborstats does not check them against BLS.

Statuses carry over: `current` -> `current`, `outdated` -> `outdated`, `no-series` -> `unmapped` (no
series) or `no-data` (a series whose latest period is older than the printed one).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from extractors.sources import of_program
from transforms.audit import AuditRow

# A claim must name a source; a figure with no series is a BLS figure: the handbook's source stands in.
PLACEHOLDER_SOURCE = of_program("ooh")[0]


def claims_toml(rows: Sequence[AuditRow]) -> str:
    """The TOML text of a claims file for the BLS figures of `rows` (one or many documents)."""
    lines = [
        "# Written by `laborstats audit --claims`: one claim per BLS figure found in the guide(s).",
        "# Check it with `laborstats figures --claims THIS_FILE`.",
        "",
    ]
    used: set[str] = set()
    for row in rows:
        if row.status == "other-source":
            lines.append(
                f"# {row.document} @{row.start}: {row.text} ({row.metric}) attributed to "
                f"{row.attributed_to}: not a BLS figure, not tracked"
            )
            continue
        lines.extend(_claim(row, _unique_id(row, used)))
    return "\n".join(lines) + "\n"


def _claim(row: AuditRow, claim_id: str) -> list[str]:
    printed = row.matched_value if row.matched_value is not None else row.value
    # A figure with no period and no series: any valid period; `figures` reports it `unmapped`.
    period = row.period or row.matched_period or row.current_period or "0000"
    out = ["", "[[claims]]", f"id = {_string(claim_id)}"]
    out.append(f"description = {_string(_description(row))}")
    if printed != row.value:
        out.append(f"# printed as {row.text!r}: the rounding of {printed}")
    out.append(f"printed_value = {_number(printed)}")
    out.append(f"printed_period = {_string(period)}")
    out.append(f"unit = {_string(row.unit)}")
    out.append(f"source = {_string(row.source or PLACEHOLDER_SOURCE)}")
    if row.source is not None and row.soc_code is not None:
        parts = [
            f"metric = {_string(row.series_metric or row.metric)}",
            f"soc_code = {_string(row.soc_code)}",
            f"area = {_string(row.area)}",
        ]
        if row.series_industry is not None:
            parts.append(f"industry = {_string(row.series_industry)}")
        out.append(f"selector = {{ {', '.join(parts)} }}")
    return out


def _description(row: AuditRow) -> str:
    who = row.occupation or row.soc_code or "unnamed occupation"
    where = "" if row.area == "US" else f" in {row.area}"
    industry = f" ({row.series_industry or row.industry})" if (row.series_industry or row.industry) else ""
    return f"{who}: {row.metric.replace('_', ' ')}{where}{industry}, printed as {row.text} in {row.document}"


def _unique_id(row: AuditRow, used: set[str]) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", row.document.rsplit("/", 1)[-1].rsplit(".", 1)[0].lower()).strip("-")
    base = f"{stem or 'guide'}-{row.metric.replace('_', '-')}"
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}-{n}"
    used.add(candidate)
    return candidate


def _string(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def _number(value: int | float) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value)
