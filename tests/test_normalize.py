from __future__ import annotations

import pytest

from extractors.fact import Fact
from transforms.normalize import ValidationError, facts_frame, warehouse_frame
from warehouse.identity import fact_identity


def fact(**overrides) -> Fact:
    base = dict(
        source="bls-ooh",
        metric="employment",
        soc_code="31-9092",
        occupation="Medical assistants",
        period="2024",
        value=811000,
        unit="jobs",
    )
    base.update(overrides)
    return Fact(**base)


def test_the_same_fact_stated_twice_is_one_row():
    frame = facts_frame(
        [("ma.htm", [fact(), fact(), fact(metric="employment_projected", period="2034")])], fact_identity
    )
    assert len(frame) == 2
    assert list(frame.columns) == [
        "document", "source", "metric", "soc_code", "occupation", "area", "industry",
        "period", "value", "unit", "qualifier",
    ]  # fmt: skip


def test_title_stands_in_for_missing_soc_in_identity():
    a = fact(soc_code=None, occupation="Physicians and surgeons")
    b = fact(soc_code=None, occupation="Software developers")
    assert len(facts_frame([("x", [a, b, a])], fact_identity)) == 2


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (fact(metric="jobs_total"), "not in the bls-ooh vocabulary"),
        (fact(soc_code="319092"), "is not NN-NNNN"),
        (fact(period="FY24"), "is not YYYY or YYYY-YYYY"),
        (fact(unit="dollars"), "unit 'dollars'"),
        (fact(value="many"), "needs a number"),
        (fact(qualifier="about"), "qualifier 'about'"),
    ],
)
def test_contract_violations_name_document_and_fact(bad, message):
    with pytest.raises(ValidationError) as caught:
        facts_frame([("page.htm", [bad])], fact_identity)
    assert message in str(caught.value)
    assert "page.htm" in str(caught.value)


def test_warehouse_frame_splits_numbers_from_text():
    frame = warehouse_frame(
        facts_frame(
            [("x", [fact(), fact(metric="outlook_category", value="Decline", unit=None)])], fact_identity
        )
    )
    assert frame["value_num"].tolist()[0] == 811000.0
    assert frame["value_text"].tolist()[1] == "Decline"
    assert frame["value_text"].isna().tolist() == [True, False]
