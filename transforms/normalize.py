"""Parser output -> the tidy fact table of the contract, validated and deduplicated.

Everything downstream (the warehouse, `parse` output, diffs) sees facts only through this table. Which
statements are "the same fact" is the warehouse's identity rule (`warehouse.identity.fact_identity`);
flows pass it in as `identity`, since transforms import no warehouse.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

from extractors.fact import FACT_FRAME_COLUMNS, Fact
from transforms.vocabulary import (
    FACT_COLUMNS,
    QUALIFIERS,
    UNITS,
    metrics_by_source,
    source_names,
    units_by_source,
)

log = logging.getLogger(__name__)

_SOC = re.compile(r"^\d{2}-\d{4}$")
_PERIOD = re.compile(r"^\d{4}(-\d{4})?$|^\d{4}-\d{2}(-\d{2})?$")


class ValidationError(ValueError):
    """Facts that break the contract; the message names the document and the offending fact."""


Identity = Callable[[Mapping[str, Any]], tuple]


def fact_records(
    documents_facts: Iterable[tuple[str, Iterable[Fact]]], identity: Identity, per_document: bool = False
) -> list[dict[str, Any]]:
    """The fact table as plain rows (dicts keyed by FACT_COLUMNS): validated, one row per identity.

    The same figure stated twice on a page (quick facts and the projections row) collapses into one row.
    If two statements of one identity disagree, the first wins and the disagreement is logged, because
    the quick facts table is the page's headline and is read first. With `per_document`, identities are
    kept apart per document (`parse` reports what each file states, even when two files are copies of
    one page); the warehouse keeps one row per identity across documents.

    Plain rows, so that `parse` needs no pandas (whose import alone costs more than parsing a hundred
    pages); `facts_frame` is the same table as a DataFrame.
    """
    records = [
        {"document": document, **fact.as_dict()} for document, facts in documents_facts for fact in facts
    ]
    validate_records(records)
    return dedupe_records(records, identity, per_document)


def facts_frame(
    documents_facts: Iterable[tuple[str, Iterable[Fact]]], identity: Identity, per_document: bool = False
) -> pd.DataFrame:
    """`fact_records` as a DataFrame with object columns (None, never NaN, for a missing field)."""
    import pandas as pd

    frame = pd.DataFrame.from_records(
        fact_records(documents_facts, identity, per_document), columns=FACT_COLUMNS
    )
    return frame.astype({c: "object" for c in FACT_COLUMNS if c != "value"}).replace({float("nan"): None})


def dedupe_records(
    records: list[dict[str, Any]], identity: Identity, per_document: bool = False
) -> list[dict[str, Any]]:
    first: dict[tuple, dict[str, Any]] = {}
    stated: dict[tuple, list[tuple[str, str, str]]] = {}
    for record in records:
        key = identity(record) + ((record["document"],) if per_document else ())
        text = (str(record["value"]), str(record["unit"]), str(record["qualifier"]))
        if key not in first:
            first[key] = record
            stated[key] = [text]
        elif text not in stated[key]:
            stated[key].append(text)
    for key, texts in stated.items():
        if len(texts) > 1:
            row = first[key]
            log.warning(
                "%s: %s for %s (%s) is stated with different values %s; keeping %r",
                row["document"],
                row["metric"],
                row["occupation"],
                row["period"],
                sorted(value for value, _, _ in texts),
                row["value"],
            )
    return list(first.values())


def validate_records(records: list[dict[str, Any]]) -> None:
    problems: list[str] = []
    sources, metrics = source_names(), metrics_by_source()
    for row in records:
        where = f"{row['document']}: {row['source']} {row['metric']} ({row['occupation']}, {row['period']})"
        if row["source"] not in sources:
            problems.append(f"{where}: unknown source {row['source']!r}")
        allowed = metrics.get(row["source"])
        if allowed is not None and row["metric"] not in allowed:
            problems.append(f"{where}: metric {row['metric']!r} is not in the {row['source']} vocabulary")
        if row["soc_code"] is not None and not _SOC.match(row["soc_code"]):
            problems.append(f"{where}: SOC code {row['soc_code']!r} is not NN-NNNN")
        if not row["occupation"]:
            problems.append(f"{where}: no occupation title")
        if not isinstance(row["period"], str) or not _PERIOD.match(row["period"]):
            problems.append(f"{where}: period {row['period']!r} is not YYYY or YYYY-YYYY")
        unit, value = row["unit"], row["value"]
        if unit is None:
            if not isinstance(value, str):
                problems.append(f"{where}: a number without a unit")
        elif unit not in UNITS:
            problems.append(f"{where}: unit {unit!r} is not one of {sorted(UNITS)}")
        elif isinstance(value, str | bool):
            problems.append(f"{where}: unit {unit} needs a number, got {value!r}")
        if row["qualifier"] is not None and row["qualifier"] not in QUALIFIERS:
            problems.append(f"{where}: qualifier {row['qualifier']!r} is not one of {sorted(QUALIFIERS)}")
    if problems:
        raise ValidationError("; ".join(problems[:20]) + ("" if len(problems) <= 20 else " ..."))


# Few distinct values, many rows: categoricals keep large refreshes small in memory and let pandas and
# DuckDB group and scan them by integer code.
CATEGORICAL_COLUMNS = [
    "document", "source", "metric", "soc_code", "occupation", "area", "industry", "period", "unit",
    "qualifier", "source_url", "document_sha256", "extractor_version",
]  # fmt: skip


def warehouse_frame(
    frame: pd.DataFrame,
    sha256_by_document: dict[str, str] | None = None,
    extractor_version_by_source: dict[str, str] | None = None,
) -> pd.DataFrame:
    """The fact table as the warehouse stores it: `value` split into `value_num` and `value_text`, and
    provenance attached: the document's URL (`source_url`), its archived bytes' hash, the extractor."""
    import pandas as pd  # `parse` never builds a frame; importing pandas there costs more than parsing

    out = frame.drop(columns=["value"]).copy()
    is_text = frame["value"].map(lambda v: isinstance(v, str)).astype(bool)
    out["value_num"] = pd.to_numeric(frame["value"].where(~is_text), errors="coerce").astype("float64")
    out["value_text"] = pd.Series(
        [v if text else None for v, text in zip(frame["value"], is_text, strict=True)],
        index=frame.index,
        dtype="object",
    )
    out["source_url"] = out["document"]
    out["document_sha256"] = out["document"].map(sha256_by_document or {})
    out["extractor_version"] = out["source"].map(extractor_version_by_source or {})
    for column in CATEGORICAL_COLUMNS:
        out[column] = out[column].astype("category")
    return out


# The frame path: a data file's millions of facts, checked column by column (each column's distinct
# values once), never row by row in Python.
FRAME_COLUMNS = FACT_FRAME_COLUMNS


def _distinct(column: pd.Series) -> list[Any]:
    """A column's distinct values (None for a missing one), from its categories when it has them."""
    import pandas as pd

    if isinstance(column.dtype, pd.CategoricalDtype):
        values = list(column.cat.categories)
        return values + ([None] if column.isna().any() else [])
    return [None if value is None or value != value else value for value in pd.unique(column)]


def validate_frame(frame: pd.DataFrame, document: str) -> None:
    """`validate_records` for a parser's fact frame (`ParseResult.frame`): the same rules, checked on each
    column's distinct values and on vectorised masks, so five million facts cost seconds, not minutes."""
    import numpy as np

    missing = [column for column in FRAME_COLUMNS if column not in frame.columns]
    if missing:
        raise ValidationError(f"{document}: the fact frame lacks column(s) {', '.join(missing)}")
    if not len(frame):
        return
    problems: list[str] = []
    known_sources, metrics = set(source_names()), metrics_by_source()
    sources = _distinct(frame["source"])
    for source in sources:
        if source not in known_sources:
            problems.append(f"{document}: unknown source {source!r}")
    allowed = frozenset().union(*(metrics.get(s, frozenset()) for s in sources))
    unknown_metrics = sorted(str(m) for m in _distinct(frame["metric"]) if m not in allowed)
    if unknown_metrics:
        vocabulary = "/".join(map(str, sources))
        problems.append(f"{document}: metric(s) {unknown_metrics} not in the {vocabulary} vocabulary")
    bad_soc = [c for c in _distinct(frame["soc_code"]) if c is not None and not _SOC.match(str(c))]
    if bad_soc:
        problems.append(f"{document}: {len(bad_soc)} SOC code(s) not NN-NNNN (e.g. {bad_soc[0]!r})")
    if any(not title for title in _distinct(frame["occupation"])):
        problems.append(f"{document}: facts without an occupation title")
    bad_periods = [p for p in _distinct(frame["period"]) if not isinstance(p, str) or not _PERIOD.match(p)]
    if bad_periods:
        problems.append(f"{document}: period(s) {bad_periods[:3]} not YYYY or YYYY-YYYY")
    units = _distinct(frame["unit"])
    bad_units = [u for u in units if u is not None and u not in UNITS]
    if bad_units:
        problems.append(f"{document}: unit(s) {bad_units} not in {sorted(UNITS)}")
    text_unit = frame["unit"].isna().to_numpy()
    number = frame["value_num"].to_numpy(dtype="float64", na_value=np.nan)
    if (~text_unit & np.isnan(number)).any():
        problems.append(f"{document}: a fact with a unit has no number (value_num is missing)")
    texts = frame["value_text"]
    if (text_unit & texts.isna().to_numpy()).any():
        problems.append(f"{document}: a fact without a unit has no text (value_text is missing)")
    if (~text_unit & texts.notna().to_numpy()).any():
        problems.append(f"{document}: a fact with a unit has a text value")
    bad_qualifiers = [q for q in _distinct(frame["qualifier"]) if q is not None and q not in QUALIFIERS]
    if bad_qualifiers:
        problems.append(f"{document}: qualifier(s) {bad_qualifiers} not in {sorted(QUALIFIERS)}")
    declared = units_by_source()
    for (source, metric), unit in _first_unit_per_metric(frame):
        expected = declared.get(source, {}).get(metric, unit)
        if expected != unit:
            problems.append(f"{document}: {source} {metric} in {unit!r}, declared {expected!r}")
    if problems:
        raise ValidationError("; ".join(problems[:20]) + ("" if len(problems) <= 20 else " ..."))


def _codes(column: pd.Series) -> tuple[np.ndarray, list[Any]]:
    """A column as integer codes (-1 where missing) and the values they stand for."""
    import numpy as np
    import pandas as pd

    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy(), list(column.cat.categories)
    codes, values = pd.factorize(column.to_numpy(dtype=object), use_na_sentinel=True)
    return codes.astype(np.int64), list(values)


def _first_unit_per_metric(frame: pd.DataFrame) -> list[tuple[tuple[Any, Any], Any]]:
    """Each (source, metric) pair with the unit of its first fact that has one (None if none has), in
    the order the pairs first occur: what grouping by the pair and taking the first unit gives, computed
    on integer codes (a pandas group-by of five million facts took a second)."""
    import numpy as np
    import pandas as pd

    source_codes, sources = _codes(frame["source"])
    metric_codes, metrics = _codes(frame["metric"])
    unit_codes, units = _codes(frame["unit"])
    pair = (source_codes.astype(np.int64) + 1) * (len(metrics) + 1) + metric_codes.astype(np.int64) + 1
    with_unit = unit_codes >= 0
    stated = pd.Series(unit_codes[with_unit], index=pair[with_unit])
    first_unit = stated[~stated.index.duplicated(keep="first")].to_dict()
    out = []
    for key in pd.unique(pair).tolist():
        source_code, metric_code = divmod(key, len(metrics) + 1)
        unit = first_unit.get(key)
        out.append(
            (
                (
                    sources[source_code - 1] if source_code else None,
                    metrics[metric_code - 1] if metric_code else None,
                ),
                None if unit is None else units[unit],
            )
        )
    return out


def _as_categorical(column: pd.Series) -> pd.Categorical:
    """An object column as a categorical (missing values stay missing), by one hash pass over the
    column: `astype("category")` took over a second for a column of five million facts."""
    import pandas as pd

    codes, values = pd.factorize(column.to_numpy(dtype=object), use_na_sentinel=True)
    return pd.Categorical.from_codes(codes, categories=pd.Index(values, dtype=object))


def document_frame(frame: pd.DataFrame, document: str, sha256: str, extractor_version: str) -> pd.DataFrame:
    """A parser's fact frame as the warehouse stores it: provenance columns added as one-category
    categoricals (a constant costs a byte a row), the fact columns shared, not copied."""
    import numpy as np
    import pandas as pd

    out = frame[FRAME_COLUMNS].copy(deep=False)
    # Dimensions as categoricals: DuckDB scans a category column as a dictionary, not one Python
    # string per fact (five million facts: 28 s to load from object columns, 16 s from categories).
    for column in ("source", "metric", "soc_code", "occupation", "area", "industry", "period", "unit",
                   "qualifier"):  # fmt: skip
        if out[column].dtype == object:
            out[column] = _as_categorical(out[column])
    codes = np.zeros(len(frame), dtype=np.int8)
    for column, value in (
        ("document", document),
        ("source_url", document),
        ("document_sha256", sha256),
        ("extractor_version", extractor_version),
    ):
        out[column] = pd.Categorical.from_codes(codes, categories=[value])
    return out


def frame_fact_records(frame: pd.DataFrame, document: str) -> list[dict[str, Any]]:
    """A validated fact frame as `parse` prints facts: one row per fact keyed by FACT_COLUMNS, `value`
    the number or the text. (For output only; the refresh loads the frame itself.)"""
    validate_frame(frame, document)
    columns = [c for c in FRAME_COLUMNS if c not in ("value_num", "value_text")]
    numbers = frame["value_num"].tolist()
    texts = frame["value_text"].tolist()
    fields = zip(
        *(frame[c].astype(object).where(frame[c].notna(), None).tolist() for c in columns), strict=True
    )
    return [
        {
            "document": document,
            **dict(zip(columns, row, strict=True)),
            "value": text if text is not None else num,
        }
        for row, num, text in zip(fields, numbers, texts, strict=True)
    ]
