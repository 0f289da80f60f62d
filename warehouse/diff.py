"""What changed between two releases, as users ask for it: defaults, filters, numbers as numbers."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from warehouse.connection import open_read_only, run

if TYPE_CHECKING:  # the CLI imports this module; pandas loads only when a diff is actually run
    import pandas as pd


class DiffError(ValueError):
    pass


def resolve_releases(
    warehouse: str | os.PathLike, from_release: int | None, to_release: int | None
) -> tuple[int, int]:
    """Default: the release before the latest against the latest; FROM alone: FROM against the latest."""
    con = open_read_only(warehouse)
    try:
        ids = [row[0] for row in run(con, "SELECT release_id FROM releases ORDER BY release_id")]
    finally:
        con.close()
    if not ids:
        raise DiffError(f"{warehouse}: no releases yet; run `laborstats refresh`")
    latest = ids[-1]
    to_id = latest if to_release is None else to_release
    from_id = (to_id - 1 if to_release is not None else latest - 1) if from_release is None else from_release
    for name, value in (("FROM", from_id), ("TO", to_id)):
        if value != 0 and value not in ids:
            raise DiffError(
                f"{warehouse}: release {value} ({name}) does not exist; releases are {ids[0]}..{latest}"
            )
    return from_id, to_id


def release_diff(
    warehouse: str | os.PathLike,
    from_release: int | None = None,
    to_release: int | None = None,
    metric: str | None = None,
    soc: str | None = None,
    source: str | None = None,
) -> tuple[int, int, pd.DataFrame]:
    """Rows of the `release_diff(a, b)` macro, filtered; release 0 stands for the empty warehouse."""
    a, b = resolve_releases(warehouse, from_release, to_release)
    con = open_read_only(warehouse)
    try:
        frame = con.execute(
            """
            SELECT * FROM release_diff($a, $b)
            WHERE ($metric IS NULL OR metric = $metric)
              AND ($soc IS NULL OR soc_code = $soc)
              AND ($source IS NULL OR source = $source)
            ORDER BY source, metric, coalesce(soc_code, occupation), area, industry NULLS FIRST,
                     coalesce(new_period, old_period), change
            """,
            {"a": a, "b": b, "metric": metric, "soc": soc, "source": source},
        ).df()
    finally:
        con.close()
    return a, b, frame


def typed_values(frame: pd.DataFrame) -> pd.DataFrame:
    """old_value/new_value as numbers where the fact has a unit, so JSON shows 811000, not "811000"."""
    out = frame.copy()
    numeric = out["unit"].notna()
    for column in ("old_value", "new_value"):
        out[column] = [
            _number(v) if is_num and v is not None else v
            for v, is_num in zip(out[column], numeric, strict=True)
        ]
    return out


def _number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() else value
