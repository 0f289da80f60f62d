"""Filter values given on the command line (`--metric`, `--soc`, `--source`), checked against the
vocabulary the sources declare: a typo is an error naming it, never an empty result that looks like
"nothing changed"."""

from __future__ import annotations

from extractors.occupations import SOC_CODE
from extractors.sources import all_sources, names


class FilterError(ValueError):
    """A filter value no source can produce; the message names the option and the value."""


def check_fact_filters(metric: str | None = None, soc: str | None = None, source: str | None = None) -> None:
    if source is not None and source not in names():
        raise FilterError(f"--source {source!r}: unknown source; known: {', '.join(sorted(names()))}")
    if metric is not None:
        metrics = {m for s in all_sources() if source in (None, s.name) for m in s.metrics}
        if metric not in metrics:
            scope = f"for source {source}" if source else "in any source's vocabulary (docs/metrics.md)"
            raise FilterError(f"--metric {metric!r}: unknown metric {scope}")
    if soc is not None and not SOC_CODE.match(soc):
        raise FilterError(f"--soc {soc!r}: not a SOC code (NN-NNNN, e.g. 31-9092)")
