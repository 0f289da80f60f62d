"""`release_diff(a, b)` over spans of releases, and which document `facts` names (issue 11).

A diff reports what differs between the facts as of a and as of b, whatever happened in between: a
revision and its reversal are no change; a roll, an addition or a removal is seen across any span.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pandas as pd
import pytest
from conftest import warehouse_rows as rows

from warehouse.load import STAGED_COLUMNS, DocumentRecord, load_release

URL = "https://www.bls.gov/ooh/healthcare/medical-assistants.htm"
SOC = "31-9092"


def fact(metric: str, period: str, value, unit: str | None = "jobs", qualifier: str | None = None) -> dict:
    return {
        "document": URL, "source": "bls-ooh", "metric": metric, "soc_code": SOC,
        "occupation": "Medical assistants", "area": "US", "industry": None, "period": period,
        "value_num": None if isinstance(value, str) else float(value),
        "value_text": value if isinstance(value, str) else None,
        "unit": unit, "qualifier": qualifier, "source_url": URL,
    }  # fmt: skip


def load(warehouse, facts: list[dict], version: str = "bls-ooh/1", page_bytes: bytes | None = None):
    """One release from one page stating `facts`; the page's bytes default to what it states."""
    body = page_bytes if page_bytes is not None else repr(facts).encode()
    sha = hashlib.sha256(body).hexdigest()
    frame = pd.DataFrame(
        [{**f, "document_sha256": sha, "extractor_version": version} for f in facts],
        columns=list(STAGED_COLUMNS),
    )
    document = DocumentRecord(URL, sha, datetime.now(UTC), 200, "text/html", len(body), "bls-ooh")
    return load_release(warehouse, frame, [document], [URL], ["bls-ooh"], []), sha


def diff(warehouse, a: int, b: int) -> list[tuple]:
    return rows(
        warehouse,
        "select change, metric, old_value, new_value, old_period, new_period "
        "from release_diff(?, ?) order by all",
        [a, b],
    )


BASE = [fact("employment", "2024", 811000), fact("openings_per_year", "2024-2034", 112300, "jobs/year")]


@pytest.fixture
def warehouse(tmp_path):
    return tmp_path / "wh.duckdb"


def test_a_revision_and_its_reversal_are_no_change_across_the_span(warehouse):
    revised = [fact("employment", "2024", 812500), BASE[1]]
    load(warehouse, BASE)
    load(warehouse, revised)
    load(warehouse, BASE)

    assert diff(warehouse, 1, 2) == [("changed", "employment", "811000", "812500", "2024", "2024")]
    assert diff(warehouse, 2, 3) == [("changed", "employment", "812500", "811000", "2024", "2024")]
    assert diff(warehouse, 1, 3) == []
    assert diff(warehouse, 3, 1) == []


def test_a_span_reports_the_end_values_not_the_steps(warehouse):
    load(warehouse, BASE)
    load(warehouse, [fact("employment", "2024", 812500), BASE[1]])
    load(warehouse, [fact("employment", "2024", 813000), BASE[1]])
    assert diff(warehouse, 1, 3) == [("changed", "employment", "811000", "813000", "2024", "2024")]


def test_unit_or_qualifier_alone_is_a_change_and_their_reversal_is_none(warehouse):
    load(warehouse, BASE)
    load(warehouse, [fact("employment", "2024", 811000, qualifier=">="), BASE[1]])
    load(warehouse, [fact("employment", "2024", 811000, unit="jobs/year"), BASE[1]])
    load(warehouse, BASE)
    assert diff(warehouse, 1, 2) == [("changed", "employment", "811000", "811000", "2024", "2024")]
    assert diff(warehouse, 1, 3) == [("changed", "employment", "811000", "811000", "2024", "2024")]
    assert rows(warehouse, "select unit from release_diff(1, 3)") == [("jobs/year",)]
    assert diff(warehouse, 1, 4) == []
    assert diff(warehouse, 2, 4) == [("changed", "employment", "811000", "811000", "2024", "2024")]


def test_rolls_are_seen_across_spans_and_a_roll_back_is_no_change(warehouse):
    next_edition = [
        fact("employment", "2025", 825000),
        fact("openings_per_year", "2025-2035", 110000, "jobs/year"),
    ]
    load(warehouse, BASE)
    load(warehouse, [fact("employment", "2024", 812500), BASE[1]])  # a revision before the roll
    load(warehouse, next_edition)
    load(warehouse, BASE)  # the old edition served again

    assert diff(warehouse, 1, 3) == [
        ("rolled", "employment", "811000", "825000", "2024", "2025"),
        ("rolled", "openings_per_year", "112300", "110000", "2024-2034", "2025-2035"),
    ]
    assert diff(warehouse, 2, 4) == [("changed", "employment", "812500", "811000", "2024", "2024")]
    assert diff(warehouse, 1, 4) == []


def test_added_and_removed_across_spans(warehouse):
    pay = fact("median_pay_annual", "2024", 44200, "USD/year")
    outlook = fact("outlook_category", "2024-2034", "Much faster than average", None)
    load(warehouse, [*BASE, pay])
    load(warehouse, BASE)  # pay dropped
    load(warehouse, [*BASE, outlook])  # outlook added
    load(warehouse, [*BASE, pay])  # pay back, outlook gone again

    assert diff(warehouse, 1, 3) == [
        ("added", "outlook_category", None, "Much faster than average", None, "2024-2034"),
        ("removed", "median_pay_annual", "44200", None, "2024", None),
    ]
    assert diff(warehouse, 0, 3) == [
        ("added", "employment", None, "811000", None, "2024"),
        ("added", "openings_per_year", None, "112300", None, "2024-2034"),
        ("added", "outlook_category", None, "Much faster than average", None, "2024-2034"),
    ]
    assert diff(warehouse, 2, 4) == [("added", "median_pay_annual", None, "44200", None, "2024")]
    assert diff(warehouse, 1, 4) == []


def test_the_same_figures_in_other_bytes_move_provenance_but_not_history(warehouse):
    first, old_sha = load(warehouse, BASE, page_bytes=b"<p>811,000</p><footer>2025-08-28</footer>")
    second, new_sha = load(warehouse, BASE, page_bytes=b"<p>811,000</p><footer>2025-09-04</footer>")
    third, _ = load(warehouse, BASE, page_bytes=b"<p>811,000</p><footer>2025-09-04</footer>")

    assert (first.status, second.status, third.status) == ("complete", "unchanged", "unchanged")
    assert rows(warehouse, "select count(*), min(document_sha256) from facts_history") == [(2, old_sha)]
    assert rows(warehouse, "select distinct document_sha256, release_id, confirmed_release from facts") == [
        (new_sha, 1, 2)
    ]
    assert rows(warehouse, "select distinct document_sha256 from facts_as_of(1)") == [(old_sha,)]
    assert rows(warehouse, "select distinct document_sha256 from facts_as_of(3)") == [(new_sha,)]
    # the third load found its document confirmed already and compared nothing
    assert rows(warehouse, "select release_id, sha256 from confirmations order by 1") == [
        (1, old_sha),
        (2, new_sha),
    ]
    assert rows(
        warehouse,
        "select f.confirmed_at = d.fetched_at from facts f "
        "join documents d on d.url = f.source_url and d.sha256 = ? limit 1",
        [new_sha],
    ) == [(True,)]


def test_a_new_extractor_reading_the_same_bytes_is_named_without_new_history(warehouse):
    page = b"<p>811,000</p>"
    load(warehouse, BASE, version="bls-ooh/1", page_bytes=page)
    again, _ = load(warehouse, BASE, version="bls-ooh/2", page_bytes=page)
    assert again.status == "unchanged"
    assert rows(warehouse, "select distinct extractor_version from facts") == [("bls-ooh/2",)]
    assert rows(warehouse, "select distinct extractor_version from facts_history") == [("bls-ooh/1",)]
    assert rows(warehouse, "select distinct extractor_version from facts_as_of(1)") == [("bls-ooh/1",)]
