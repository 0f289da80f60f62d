"""Which occupations a refresh is about: tracked ones from the configuration, or those named on the CLI.

Occupations are the handbook's: a slug, the handbook page path, and the SOC codes the page carries. The
configuration (`flows.config`) builds them; sources' plans receive the chosen ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

SOC_CODE = re.compile(r"^\d{2}-\d{4}$")


class OccupationError(ValueError):
    """An occupation asked for cannot be found; the message says where it was looked for."""


@dataclass(frozen=True, slots=True)
class Occupation:
    slug: str
    ooh_path: str
    soc_codes: tuple[str, ...] = ()


def is_detailed(soc_code: str) -> bool:
    """Detailed SOC occupations end in a digit other than 0; `31-0000`, `43-6000`, `43-6010` are groups.

    OEWS publishes its estimates (pages, API series) for detailed occupations.
    """
    return bool(SOC_CODE.match(soc_code)) and not soc_code.endswith("0")


def detailed_soc_codes(occupations: Sequence[Occupation]) -> list[str]:
    """The detailed SOC codes of `occupations`, each once, in order."""
    codes = [code for occupation in occupations for code in occupation.soc_codes]
    return [code for code in dict.fromkeys(codes) if is_detailed(code)]


def select_occupations(
    tracked: Sequence[Occupation], requested: list[str] | None, index: Callable[[], list[str]] | None = None
) -> list[Occupation]:
    """Occupations named by slug, handbook path or SOC code; all tracked ones when none are named.

    A handbook path not tracked (`healthcare/dental-assistants`) is accepted as is. A bare slug not
    tracked (`dental-assistants`) is looked up among the handbook paths `index()` returns (the A-Z
    index, fetched only when such a slug is asked for). A SOC code must be tracked: the index links
    pages by title, not by SOC code.
    """
    if not requested:
        return list(tracked)
    chosen: list[Occupation] = []
    for name in requested:
        key = name.strip().strip("/").removesuffix(".htm")
        match = next(
            (occ for occ in tracked if key in (occ.slug, occ.ooh_path) or key in occ.soc_codes),
            None,
        )
        if match is None and "/" in key:
            match = Occupation(key.rsplit("/", 1)[-1], key)
        if match is None and SOC_CODE.match(key):
            raise OccupationError(
                f"--occupation {name!r}: SOC code not in the config; the handbook's A-Z index links pages "
                f"by title, not SOC code, so pass the page slug or handbook path (e.g. healthcare/<slug>) "
                f"or add it to [[occupations]]"
            )
        if match is None and index is not None:
            try:
                paths = index()
            except Exception as exc:  # the index's own error (fetch, block page) says why
                raise OccupationError(
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
            raise OccupationError(
                f"--occupation {name!r}: not a {where} (tracked: {', '.join(o.slug for o in tracked)})"
            )
        if match not in chosen:
            chosen.append(match)
    return chosen
