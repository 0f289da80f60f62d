"""Releases of facts for sources whose parsers are not built yet (issue 7) and for the handbook's tables
that this branch's parser does not read yet: built as `Fact`s, normalised by the real transforms, and
loaded by the real `load_release`, exactly as the refresh flow's load step does.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from extractors.fact import Fact
from transforms.normalize import facts_frame, warehouse_frame
from warehouse.identity import fact_identity
from warehouse.load import DocumentRecord, ReleaseSummary, SourceFailure, load_release

ZIP_URL = "https://www.ziprecruiter.com/Salaries/Medical-Administration-Assistant-Salary"
NHA_URL = "https://info.nhanow.com/outlook"
AAMA_URL = "https://www.aama-ntl.org/certification"
EP_URL = "https://www.bls.gov/emp/tables/emp-by-major-occupational-group.htm"


@dataclass
class Document:
    """One document's facts. `fetched_at` defaults to the time of loading."""

    url: str
    source: str
    facts: list[Fact]
    fetched_at: datetime | None = None


@dataclass
class Release:
    documents: list[Document] = field(default_factory=list)
    failures: list[SourceFailure] = field(default_factory=list)


def load(warehouse: Path, release: Release) -> ReleaseSummary:
    """Load one release: every document parsed, every failure recorded, as a refresh would."""
    parsed = [(d.url, d.facts) for d in release.documents]
    sha = {d.url: _sha(d) for d in release.documents}
    frame = warehouse_frame(
        facts_frame(parsed, fact_identity), sha, {d.source: f"{d.source}/test" for d in release.documents}
    )
    now = datetime.now(UTC)
    documents = [
        DocumentRecord(d.url, sha[d.url], d.fetched_at or now, 200, "text/html", 1000, d.source)
        for d in release.documents
    ]
    return load_release(
        warehouse,
        frame,
        documents,
        parsed_urls=[d.url for d in release.documents],
        sources_ok=sorted({d.source for d in release.documents}),
        failures=release.failures,
    )


def _sha(document: Document) -> str:
    return hashlib.sha256(repr((document.url, document.facts)).encode()).hexdigest()


def fact(source: str, metric: str, value, unit, period: str, who: str, **extra) -> Fact:
    """A fact about `who`: a SOC code (NN-NNNN), else an occupation title with no SOC code."""
    if len(who) == 7 and who[2] == "-":
        return Fact(source, metric, who, extra.pop("occupation", who), period, value, unit, **extra)
    return Fact(source, metric, None, who, period, value, unit, **extra)
