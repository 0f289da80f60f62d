"""Each figure a guide prints, mapped to a warehouse series and judged: `current`, `outdated`,
`no-series` or `other-source`.

Pure functions: the caller reads the candidate facts (`warehouse.audit`) and hands them over, so every
rule here is testable without a warehouse.

Which series. A figure's words give a metric (perhaps with alternatives: pay with no statistic named is
a median or a mean), an occupation, an area and an industry. `routes` lists, for that metric, the
sources and warehouse metrics that can state it, in the order a guide most likely took it from:
handbook-style figures (national employment, projections, median and 10th/90th percentile pay) from
the handbook, then the projections files; pay by area, by industry, means and quartiles from OEWS.
Among the series that exist, the one whose history holds the printed value (rounded as printed) wins,
at the printed period first; then the figure's own metric over its alternatives; then the series with
the latest period; then the route order.

Which status (the same rules as `figures`, so a claims file written from an audit reports the same):
`other-source` for a figure attributed elsewhere (never mapped); `no-series` when no series exists (or
its latest period is older than the printed one); `outdated` when the latest period is newer than the
printed one, or the same period has another value; else `current`. A figure whose text states no
period is dated by the period whose value it matches, else compared with the latest value. Values are
compared at the printed precision: "3.2 million" is current while the series says 3,213,400.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from extractors.guide_text import Figure
from extractors.sources import of_program

STATUSES = ("current", "outdated", "no-series", "other-source")

# The sources of each BLS program, as the registry declares them, first asked first.
HANDBOOK = of_program("ooh")
OEWS = of_program("oews")
PROJECTIONS = of_program("ep")
_PROJECTION_METRICS = {
    "employment_change",
    "employment_change_pct",
    "openings_per_year",
    "employment_projected",
}
_SCALE_WORDS = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "k": 1_000}


class StoredFact(Protocol):
    """One version of a fact (`warehouse.audit.StoredFact`)."""

    @property
    def source(self) -> str: ...
    @property
    def metric(self) -> str: ...
    @property
    def soc_code(self) -> str: ...
    @property
    def occupation(self) -> str: ...
    @property
    def area(self) -> str: ...
    @property
    def industry(self) -> str | None: ...
    @property
    def period(self) -> str: ...
    @property
    def value_num(self) -> float | None: ...
    @property
    def current(self) -> bool: ...
    @property
    def source_url(self) -> str: ...
    @property
    def document_sha256(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Route:
    """A way a guide metric is stated in the warehouse: `source`'s `metric`, for one industry or not."""

    metric: str  # the guide's metric (the figure's, or one of its alternatives)
    source: str
    series_metric: str
    with_industry: bool


@dataclass(frozen=True, slots=True)
class SeriesRequest:
    """Facts to read for figure `key` (see `warehouse.audit.Wanted`)."""

    key: str
    soc_code: str
    metric: str
    area: str
    with_industry: bool


@dataclass(frozen=True, slots=True)
class AuditRow:
    """One figure of the report: the contract's `audit` fields, then ours."""

    document: str
    text: str
    start: int
    end: int
    value: int | float
    unit: str
    qualifier: str | None
    attributed_to: str | None
    source: str | None
    metric: str
    soc_code: str | None
    occupation: str | None
    area: str
    industry: str | None
    period: str | None
    status: str
    current_value: int | float | None = None
    current_period: str | None = None
    source_url: str | None = None
    document_sha256: str | None = None
    # ours
    series_metric: str | None = None  # the warehouse's metric name, where it differs from the guide's
    series_industry: str | None = None  # the industry as the source labels it
    matched_value: int | float | None = None  # the stored value the printed (rounded) figure stands for
    matched_period: str | None = None  # its period: dates a figure whose text names none
    note: str | None = None


def routes(metric: str, area: str, industry: str | None) -> list[Route]:
    """The (source, metric) pairs that can state a guide figure, most likely first."""
    national = area == "US"
    if metric in _PROJECTION_METRICS:
        if industry or not national:
            return []
        return [Route(metric, s, metric, False) for s in (*HANDBOOK, *PROJECTIONS)]
    if metric in {"employment", "industry_employment"}:
        if industry:
            return [Route(metric, s, "employment", True) for s in OEWS]
        sources = (*HANDBOOK, *PROJECTIONS, *OEWS) if national else OEWS
        return [Route(metric, s, "employment", False) for s in sources]
    if metric == "industry_employment_share":
        return [Route(metric, s, metric, True) for s in HANDBOOK] if industry and national else []
    pay = re.fullmatch(r"(?:industry_)?(median|mean|pay_p\d\d)_?(?:pay_)?(annual|hourly)", metric)
    if pay is None:
        return []
    statistic, basis = pay.groups()
    series_metric = f"{statistic}_pay_{basis}" if statistic in {"median", "mean"} else f"{statistic}_{basis}"
    found: list[Route] = []
    if industry:
        if statistic == "median" and national:
            found.extend(Route(metric, s, f"industry_median_pay_{basis}", True) for s in HANDBOOK)
        found.extend(Route(metric, s, series_metric, True) for s in OEWS)
        return found
    if national and statistic in {"median", "pay_p10", "pay_p90"}:
        found.extend(Route(metric, s, series_metric, False) for s in HANDBOOK)
    found.extend(Route(metric, s, series_metric, False) for s in OEWS)
    if national and statistic == "median" and basis == "annual":
        found.extend(Route(metric, s, series_metric, False) for s in PROJECTIONS)
    return found


def figure_routes(figure: Figure) -> list[Route]:
    """Routes for the figure's metric, then for each alternative."""
    found: list[Route] = []
    for metric in (figure.metric, *figure.alternatives):
        found.extend(routes(metric, figure.area, figure.industry))
    return found


def series_requests(figures: Sequence[Figure]) -> list[SeriesRequest]:
    """What to read for the figures that map to BLS (key: the figure's index)."""
    wanted: dict[tuple, SeriesRequest] = {}
    for index, figure in enumerate(figures):
        if not figure.maps_to_bls or figure.soc_code is None:
            continue
        for route in figure_routes(figure):
            request = SeriesRequest(
                str(index), figure.soc_code, route.series_metric, figure.area, route.with_industry
            )
            wanted[(request.key, request.metric, request.with_industry)] = request
    return list(wanted.values())


def audit_figures(
    document: str, figures: Sequence[Figure], stored: Mapping[str, Sequence[StoredFact]]
) -> list[AuditRow]:
    """One row per figure; `stored` holds the facts read for each figure's key (its index)."""
    return [audit_figure(document, figure, stored.get(str(i), ())) for i, figure in enumerate(figures)]


def audit_figure(document: str, figure: Figure, stored: Iterable[StoredFact]) -> AuditRow:
    base = {
        "document": document,
        "text": figure.text,
        "start": figure.start,
        "end": figure.end,
        "value": figure.value,
        "unit": figure.unit,
        "qualifier": figure.qualifier,
        "attributed_to": figure.attributed_to,
        "metric": figure.metric,
        "soc_code": figure.soc_code,
        "occupation": figure.occupation,
        "area": figure.area,
        "industry": figure.industry,
        "period": figure.period,
    }
    if not figure.maps_to_bls:
        note = f"attributed to {figure.attributed_to}; not checked against BLS"
        return AuditRow(**base, source=None, status="other-source", note=note)
    if figure.soc_code is None:
        return AuditRow(**base, source=None, status="no-series", note="no occupation named for this figure")
    chosen = choose_series(figure, stored)
    if chosen is None:
        what = " ".join(filter(None, [figure.metric, figure.area, figure.industry]))
        note = f"laborstats has no series for {what} of {figure.soc_code}"
        return AuditRow(**base, source=None, status="no-series", note=note)
    return _judged(base, figure, chosen)


@dataclass(frozen=True, slots=True)
class Series:
    """A candidate series: its route and every stored version, oldest period first."""

    route: Route
    industry: str | None
    facts: tuple[StoredFact, ...]

    @property
    def latest(self) -> StoredFact:
        current = [f for f in self.facts if f.current] or list(self.facts)
        return max(current, key=lambda f: f.period)


def choose_series(figure: Figure, stored: Iterable[StoredFact]) -> Series | None:
    """The series the figure most likely quotes (see the module docstring), or None."""
    grouped: dict[tuple, list[StoredFact]] = {}
    for fact in stored:
        grouped.setdefault((fact.source, fact.metric, fact.industry), []).append(fact)
    candidates: list[tuple[tuple, Series]] = []
    for order, route in enumerate(figure_routes(figure)):
        for (source, series_metric, industry), facts in grouped.items():
            if source != route.source or series_metric != route.series_metric:
                continue
            if (industry is not None) != route.with_industry:
                continue
            fit = industry_fit(figure.industry, industry) if route.with_industry else 1
            if fit == 0:
                continue
            series = Series(route, industry, tuple(sorted(facts, key=lambda f: f.period)))
            at_period = any(
                f.period == figure.period and printed_equals(figure.text, figure.value, f.value_num)
                for f in facts
            )
            anywhere = any(printed_equals(figure.text, figure.value, f.value_num) for f in facts)
            own_metric = route.metric == figure.metric
            rank = (at_period, anywhere, fit, own_metric, series.latest.period, -order)
            candidates.append((rank, series))
    if not candidates:
        return None
    return max(candidates, key=lambda pair: pair[0])[1]


def _judged(base: dict, figure: Figure, series: Series) -> AuditRow:
    latest = series.latest
    matches = [f for f in series.facts if printed_equals(figure.text, figure.value, f.value_num)]
    at_period = [f for f in matches if f.period == figure.period]
    matched = at_period[-1] if at_period else (matches[-1] if matches else None)
    period = figure.period or (matched.period if matched else None)
    base |= {
        "source": series.route.source,
        "metric": series.route.metric,
        "occupation": latest.occupation,
        "series_metric": series.route.series_metric
        if series.route.series_metric != series.route.metric
        else None,
        "series_industry": series.industry,
        "current_value": _number(latest.value_num),
        "current_period": latest.period,
        "source_url": latest.source_url,
        "document_sha256": latest.document_sha256,
        "matched_value": _number(matched.value_num) if matched and matched.period == period else None,
        "matched_period": matched.period if matched else None,
    }
    same_value = printed_equals(figure.text, figure.value, latest.value_num)
    if period is None:
        status = "current" if same_value else "outdated"
        note = None if same_value else f"latest value ({latest.period}) differs; the text names no period"
    elif latest.period < period:
        status = "no-series"
        note = f"the warehouse's latest period ({latest.period}) is older than the printed {period}"
    elif latest.period > period:
        status, note = "outdated", f"newer period: {latest.period}"
    elif not same_value:
        status, note = "outdated", f"the source states another value for {period}"
    else:
        status, note = "current", None
    if figure.period is None and matched is not None:
        note = "; ".join(filter(None, [note, f"dated {matched.period} by the stored value it matches"]))
    return AuditRow(**base, status=status, note=note)


def printed_precision(text: str) -> float:
    """The step of the last digit printed: `$87,530` 1, `3.2 million` 100,000, `$20.83` 0.01."""
    number = re.search(r"\d[\d,]*(?:\.(\d+))?", text)
    decimals = len(number.group(1)) if number and number.group(1) else 0
    scale = re.search(r"(thousand|million|billion|\d\s?[kK]\b)", text)
    factor = 1
    if scale:
        word = scale.group(1).lower()
        factor = _SCALE_WORDS.get(word, 1_000 if word.endswith("k") else 1)
    return 10.0**-decimals * factor


def printed_equals(text: str, printed: float, stored: float | None) -> bool:
    """Whether `stored`, rounded as the guide printed its figure, is the printed value."""
    if stored is None:
        return False
    step = printed_precision(text)
    return math.isclose(round(abs(stored) / step) * step, abs(printed), rel_tol=1e-9, abs_tol=1e-9) and (
        (stored < 0) == (printed < 0) or stored == 0 or printed == 0
    )


def industry_fit(wanted: str | None, label: str | None) -> int:
    """How well a source's industry label names the industry a guide wrote: 3 the same words, 2 the
    label holds all the guide's words, 1 the guide's words hold all the label's, 0 no match."""
    if wanted is None or label is None:
        return 0
    mine, theirs = _industry_words(wanted), _industry_words(label)
    if not mine or not theirs:
        return 0
    if mine == theirs:
        return 3
    if mine <= theirs:
        return 2
    if theirs <= mine and len(theirs) >= 2:
        return 1
    return 0


_INDUSTRY_NOISE = {"the", "of", "and", "industry", "industries", "state", "local", "private", "except"}


def _industry_words(label: str) -> frozenset[str]:
    words = re.findall(r"[a-z]+", label.lower().replace("&", " and ").split(";")[0])
    return frozenset(_stem(w) for w in words if w not in _INDUSTRY_NOISE)


def _stem(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _number(value: float | None) -> int | float | None:
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value
