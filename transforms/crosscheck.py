"""When two BLS programs disagree: the rules of `laborstats check`.

The handbook (`bls-ooh`) restates figures of two other programs, each rounded its own way:
- Employment Projections (`bls-ep`, `bls-ep-files`): employment, projected employment, the change and
  the openings, which the projections workbook gives in thousands with one decimal (hundreds of jobs)
  and the handbook prints to the hundred; the percent change, one decimal in the workbook, a whole
  number on the handbook's pages.
- OEWS (`bls-oews-files`, `bls-oews`, `bls-api`): the median and the 10th/90th percentile wages, to the
  ten dollars a year and the cent an hour in OEWS's files, printed as they are by the handbook.

Two statements agree when the finer one, rounded as the coarser source rounds, is the coarser one: the
difference is at most half the handbook's rounding step. Anything beyond is a disagreement: a page that
quotes an older edition, a parser that read the wrong cell, or BLS revising a figure.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from extractors.sources import of_program

# Each program's first source: the handbook page, and the projections and OEWS data files.
HANDBOOK = of_program("ooh")[0]
PROJECTIONS = of_program("ep")[0]
OEWS = of_program("oews")[0]

# Metric -> the handbook's rounding step for it.
HANDBOOK_STEP: dict[str, float] = {
    "employment": 100,
    "employment_projected": 100,
    "employment_change": 100,
    "openings_per_year": 100,
    "employment_change_pct": 1,
    "median_pay_annual": 10,
    "median_pay_hourly": 0.01,
    "pay_p10_annual": 10,
    "pay_p90_annual": 10,
    "pay_p10_hourly": 0.01,
    "pay_p90_hourly": 0.01,
}
_PROJECTIONS = ("employment", "employment_projected", "employment_change", "employment_change_pct",
                "openings_per_year")  # fmt: skip
_PAY = ("median_pay_annual", "median_pay_hourly", "pay_p10_annual", "pay_p90_annual", "pay_p10_hourly",
        "pay_p90_hourly")  # fmt: skip

# (the handbook, the other program's source, metric): what is compared.
COMPARED: tuple[tuple[str, str, str], ...] = (
    *((HANDBOOK, PROJECTIONS, metric) for metric in _PROJECTIONS),
    (HANDBOOK, PROJECTIONS, "median_pay_annual"),
    *((HANDBOOK, OEWS, metric) for metric in _PAY),
)


class Pair(Protocol):
    metric: str
    value_a: float
    value_b: float
    qualifier_a: str | None
    qualifier_b: str | None


@dataclass(frozen=True, slots=True)
class Verdict:
    pair: Pair
    difference: float
    tolerance: float

    @property
    def disagrees(self) -> bool:
        return abs(self.difference) > self.tolerance


def tolerance(metric: str) -> float:
    """Half the handbook's rounding step, plus a hair for binary floating point."""
    return HANDBOOK_STEP.get(metric, 0.0) / 2 + 1e-9


def judge(pairs: Iterable[Pair]) -> list[Verdict]:
    """Every pair with its difference (a - b) and the tolerance its rounding allows. A top-coded figure
    (`>=`) is compared as stated: both sources then state the same top code."""
    return [Verdict(pair, pair.value_a - pair.value_b, tolerance(pair.metric)) for pair in pairs]


def disagreements(verdicts: Sequence[Verdict]) -> list[Verdict]:
    return [verdict for verdict in verdicts if verdict.disagrees]
