"""How each figure's status is decided, on real warehouses built release by release with `load_release`."""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb
from figure_facts import ZIP_URL, Document, Release, fact, load

from transforms.claims import Claim, Selector
from transforms.figures import assess, series_keys
from warehouse.figures import read_series
from warehouse.load import SourceFailure

MA_URL = "https://www.bls.gov/ooh/healthcare/medical-assistants.htm"
SEC_URL = (
    "https://www.bls.gov/ooh/office-and-administrative-support/secretaries-and-administrative-assistants.htm"
)
ZIP = "Medical Administration Assistant"


def ooh(metric, value, unit, period, soc="31-9092", **extra):
    return fact("bls-ooh", metric, value, unit, period, soc, **extra)


def zip_pay(value, period="2025", area="US"):
    return fact("ziprecruiter", "average_pay_annual", value, "USD/year", period, ZIP, area=area)


def claim(claim_id, value, period, selector: Selector | None, unit=None, **extra) -> Claim:
    source = selector.source if selector else "nha"
    return Claim(claim_id, f"figure {claim_id}", value, period, source, unit, selector, **extra)


def sel(source, metric, who, area="US", industry=None) -> Selector:
    soc = who if who[:2].isdigit() else None
    return Selector(source, metric, soc, None if soc else who, area, industry)


def figures(warehouse, claims):
    return {f.claim: f for f in assess(claims, read_series(warehouse, series_keys(claims)))}


JOBS = sel("bls-ooh", "employment", "31-9092")
PAY = sel("ziprecruiter", "average_pay_annual", ZIP)


def test_statuses_follow_the_latest_period_and_value(tmp_path):
    warehouse = tmp_path / "wh.duckdb"
    fetched = datetime(2025, 9, 1, 12, tzinfo=UTC)
    load(
        warehouse,
        Release(
            [
                Document(
                    MA_URL,
                    "bls-ooh",
                    [
                        ooh("employment", 811000, "jobs", "2024"),
                        ooh(
                            "employment",
                            1200,
                            "jobs",
                            "2024",
                            industry="Hospitals; state, local, and private",
                        ),
                        ooh("outlook_category", "Much faster than average", None, "2024-2034"),
                        ooh("openings_per_year", 112300, "jobs/year", "2024-2034"),
                    ],
                    fetched,
                )
            ]
        ),
    )
    claims = [
        claim("same", 811000, "2024", JOBS, "jobs"),
        claim("older", 783900, "2023", JOBS, "jobs"),
        claim("revised", 810000, "2024", JOBS, "jobs"),
        claim("ahead", 830000, "2025", JOBS, "jobs"),
        claim("text", "Much faster than average", "2024-2034", sel("bls-ooh", "outlook_category", "31-9092")),
        claim("text-old", "Faster than average", "2024-2034", sel("bls-ooh", "outlook_category", "31-9092")),
        claim("nothing", 5, "2024", sel("bls-ooh", "employment", "29-1141"), "jobs"),
        claim("unmapped", 5, "2024", None),
    ]
    got = figures(warehouse, claims)
    status = {k: f.status for k, f in got.items()}
    assert status == {
        "same": "current",
        "older": "outdated",
        "revised": "outdated",
        "ahead": "no-data",
        "text": "current",
        "text-old": "outdated",
        "nothing": "no-data",
        "unmapped": "unmapped",
    }
    # the all-industries series, never the hospitals row; provenance from `documents`
    same = got["same"]
    assert (same.current_value, same.current_period, same.change) == (811000, "2024", 0)
    assert (same.source_url, same.fetched_at) == (MA_URL, fetched)
    assert (got["older"].change, got["older"].note) == (27100, "newer period: 2024")
    assert got["revised"].note == "revised value for 2024"
    assert got["ahead"].current_value == 811000 and "older than the printed one" in got["ahead"].note
    assert got["nothing"].current_value is None and got["nothing"].source_url is None
    assert got["unmapped"].current_value is None and got["unmapped"].history == []


def test_the_latest_period_wins_when_the_series_holds_several(tmp_path):
    warehouse = tmp_path / "wh.duckdb"
    load(
        warehouse,
        Release([Document(ZIP_URL, "ziprecruiter", [zip_pay(44460, "2025"), zip_pay(43000, "2024")])]),
    )
    got = figures(warehouse, [claim("pay", 44460, "2025", PAY, "USD/year")])["pay"]
    assert (got.status, got.current_value, got.current_period) == ("current", 44460, "2025")


def test_a_failing_source_shows_its_last_good_value_and_is_never_current(tmp_path):
    warehouse = tmp_path / "wh.duckdb"
    load(warehouse, Release([Document(ZIP_URL, "ziprecruiter", [zip_pay(44460)])]))
    claims = [claim("pay", 44460, "2025", PAY, "USD/year")]
    assert figures(warehouse, claims)["pay"].status == "current"

    load(warehouse, Release(failures=[SourceFailure("ziprecruiter", ZIP_URL, "HTTP 403: challenge page")]))
    got = figures(warehouse, claims)["pay"]
    assert (got.status, got.current_value, got.current_period) == ("source-failing", 44460, "2025")
    assert got.source_url == ZIP_URL
    assert got.note == "failed in release 2: HTTP 403: challenge page; last good value shown"

    # a later release that does not attempt the source leaves it failing; one that reads it clears it
    load(warehouse, Release([Document(MA_URL, "bls-ooh", [ooh("employment", 811000, "jobs", "2024")])]))
    assert figures(warehouse, claims)["pay"].status == "source-failing"
    load(warehouse, Release([Document(ZIP_URL, "ziprecruiter", [zip_pay(45000)])]))
    got = figures(warehouse, claims)["pay"]
    assert (got.status, got.current_value, got.change) == ("outdated", 45000, 540)


def test_a_source_failing_before_any_good_value_is_source_failing_with_none(tmp_path):
    warehouse = tmp_path / "wh.duckdb"
    load(warehouse, Release(failures=[SourceFailure("ziprecruiter", ZIP_URL, "HTTP 403")]))
    got = figures(warehouse, [claim("pay", 44460, "2025", PAY, "USD/year")])["pay"]
    assert (got.status, got.current_value, got.source_url) == ("source-failing", None, ZIP_URL)
    assert got.note.endswith("no good value stored")


def test_a_failure_of_another_document_of_the_source_leaves_this_figure_alone(tmp_path):
    warehouse = tmp_path / "wh.duckdb"
    load(warehouse, Release([Document(MA_URL, "bls-ooh", [ooh("employment", 811000, "jobs", "2024")])]))
    load(warehouse, Release(failures=[SourceFailure("bls-ooh", SEC_URL, "HTTP 404")]))
    claims = [
        claim("ma", 811000, "2024", JOBS, "jobs"),
        claim("sec", 850000, "2024", sel("bls-ooh", "employment", "43-6013"), "jobs"),
    ]
    got = figures(warehouse, claims)
    assert got["ma"].status == "current"
    assert (got["sec"].status, got["sec"].source_url) == ("source-failing", SEC_URL)

    load(warehouse, Release(failures=[SourceFailure("bls-ooh", MA_URL, "parsed 2 facts where ...")]))
    assert figures(warehouse, claims)["ma"].status == "source-failing"


def test_history_is_the_series_in_facts_as_of_each_release(tmp_path):
    warehouse = tmp_path / "wh.duckdb"
    pages = [
        [ooh("employment", 783900, "jobs", "2023")],
        [ooh("employment", 783900, "jobs", "2023"), ooh("median_pay_annual", 42000, "USD/year", "2023")],
        [ooh("employment", 811000, "jobs", "2024")],
        [ooh("employment", 811500, "jobs", "2024")],
    ]
    for facts in pages:
        load(warehouse, Release([Document(MA_URL, "bls-ooh", facts)]))
    load(warehouse, Release([Document(ZIP_URL, "ziprecruiter", [zip_pay(44460)])]))
    got = figures(warehouse, [claim("jobs", 783900, "2023", JOBS, "jobs")])["jobs"]

    history = [(p.release_id, p.period, p.value_num) for p in got.history]
    con = duckdb.connect(str(warehouse), read_only=True)
    expected = [
        (r, *row)
        for r in range(1, 6)
        for row in con.execute(
            "select period, value_num from facts_as_of(?) "
            "where soc_code = '31-9092' and metric = 'employment' and industry is null",
            [r],
        ).fetchall()
    ]
    con.close()
    assert history == expected
    assert history == [
        (1, "2023", 783900),
        (2, "2023", 783900),
        (3, "2024", 811000),
        (4, "2024", 811500),
        (5, "2024", 811500),
    ]


def test_compare_reads_the_same_series_for_another_occupation(tmp_path):
    warehouse = tmp_path / "wh.duckdb"
    load(
        warehouse,
        Release(
            [
                Document(MA_URL, "bls-ooh", [ooh("employment", 811000, "jobs", "2024")]),
                Document(
                    SEC_URL,
                    "bls-ooh",
                    [
                        ooh(
                            "employment",
                            850000,
                            "jobs",
                            "2024",
                            soc="43-6013",
                            occupation="Medical secretaries and administrative assistants",
                        )
                    ],
                ),
            ]
        ),
    )
    claims = [
        claim("jobs", 783900, "2023", JOBS, "jobs", compare_soc="43-6013", label_note="labels differ"),
        claim("none", 783900, "2023", JOBS, "jobs", compare_soc="43-6014"),
    ]
    got = figures(warehouse, claims)
    assert (got["jobs"].compare_value, got["jobs"].compare_period) == (850000, "2024")
    assert got["jobs"].compare_occupation == "Medical secretaries and administrative assistants"
    assert got["jobs"].label_note == "labels differ"
    assert (got["none"].compare_value, got["none"].compare_period) == (None, None)
