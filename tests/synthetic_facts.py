"""Synthetic warehouse frames with realistic identities, for the warehouse benchmark and crash tests.

Facts are spread over documents the way refreshes produce them: each document (one URL) states a block
of facts for a handful of occupations, with national and state areas and some industry rows.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

METRICS = [
    "employment", "employment_projected", "median_pay_annual", "median_pay_hourly",
    "industry_employment_share", "industry_median_pay_annual", "pay_p10_annual", "pay_p90_annual",
]  # fmt: skip
UNIT_NAMES = ["jobs", "USD/year", "USD/hour", "percent"]
UNIT_OF_METRIC = np.array([0, 0, 1, 2, 3, 1, 1, 1])  # index into UNIT_NAMES, per metric
AREAS = ["US", "06", "36", "48", "12", "17", "0641860", "3562000"]
INDUSTRIES = np.array([None, "Hospitals", "Offices of physicians", "Outpatient care centers"], dtype=object)


def synthetic_facts(n: int, facts_per_document: int = 400, seed: int = 7) -> pd.DataFrame:
    """Built from integer codes straight into categoricals (the column types
    `transforms.normalize.warehouse_frame` produces), so the benchmark measures the loader, not the
    memory of a generator's temporary string arrays."""
    rng = np.random.default_rng(seed)
    i = np.arange(n)
    metric_idx = i % len(METRICS)
    area_idx = (i // len(METRICS)) % len(AREAS)
    industry_idx = (i // (len(METRICS) * len(AREAS))) % len(INDUSTRIES)
    occ = i // (len(METRICS) * len(AREAS) * len(INDUSTRIES))
    doc = i // facts_per_document
    occupations = np.arange(occ[-1] + 1 if n else 0)
    documents = np.arange(doc[-1] + 1 if n else 0)
    url_of = [f"https://www.bls.gov/synthetic/{d}.htm" for d in documents]
    sha_of = [hashlib.sha256(u.encode()).hexdigest() for u in url_of]

    def cat(codes: np.ndarray, categories) -> pd.Categorical:
        return pd.Categorical.from_codes(codes, categories=list(categories))

    def const(value: str) -> pd.Categorical:
        return cat(np.zeros(n, dtype=np.int8), [value])

    industry_codes = industry_idx - 1  # -1 (missing) for the national, all-industries rows
    return pd.DataFrame(
        {
            "document": cat(doc, url_of),
            "source": const("bls-oews"),
            "metric": cat(metric_idx, METRICS),
            "soc_code": cat(occ, [f"{11 + k // 10000 % 89:02d}-{k % 10000:04d}" for k in occupations]),
            "occupation": cat(occ, [f"Occupation {k}" for k in occupations]),
            "area": cat(area_idx, AREAS),
            "industry": cat(industry_codes, INDUSTRIES[1:]),
            "period": cat((metric_idx == 1).astype(np.int8), ["2024", "2034"]),
            "value_num": rng.integers(1_000, 2_000_000, n).astype("float64"),
            "value_text": pd.Series([None] * n, dtype="object"),
            "unit": cat(UNIT_OF_METRIC[metric_idx], UNIT_NAMES),
            "qualifier": cat(np.full(n, -1, dtype=np.int8), ["~"]),
            "source_url": cat(doc, url_of),
            "document_sha256": cat(doc, sha_of),
            "extractor_version": const("bls-oews/1"),
        }
    )


def change_values(frame: pd.DataFrame, share: float, seed: int = 11) -> tuple[pd.DataFrame, int]:
    """A copy with `share` of the values revised; the documents stating them get new hashes (per seed:
    other revisions are other bytes)."""
    rng = np.random.default_rng(seed)
    changed = rng.random(len(frame)) < share
    out = frame.copy()
    out.loc[changed, "value_num"] = out.loc[changed, "value_num"] + 1
    touched = out["source_url"].isin(set(out.loc[changed, "source_url"]))
    shas = out["document_sha256"]
    # each document has one hash: rename the touched documents' hashes once each, not once per fact
    touched_shas = set(shas[touched])
    renamed = {
        sha: hashlib.sha256(f"v2-{seed}-{sha}".encode()).hexdigest() if sha in touched_shas else sha
        for sha in shas.cat.categories
    }
    out["document_sha256"] = shas.cat.rename_categories(renamed).astype(str).astype("category")
    return out, int(changed.sum())


def documents_for(frame: pd.DataFrame):
    from datetime import UTC, datetime

    from warehouse.load import DocumentRecord

    pairs = frame[["source_url", "document_sha256"]].drop_duplicates()
    now = datetime.now(UTC)
    return [
        DocumentRecord(url, sha, now, 200, "text/html", 1000, "bls-oews")
        for url, sha in pairs.itertuples(index=False)
    ]
