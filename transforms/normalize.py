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
    import pandas as pd

from extractors.fact import Fact
from transforms.vocabulary import FACT_COLUMNS, QUALIFIERS, UNITS, metrics_by_source, source_names

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
