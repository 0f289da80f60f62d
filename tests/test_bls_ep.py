"""The Employment Projections table of major occupational groups (source `bls-ep`)."""

from __future__ import annotations

import dataclasses

import pytest
from source_pages import EpRow, ep_2014_24, ep_2023_33, render_ep

from extractors.fact import ParseError
from extractors.sources.bls_ep import parse_ep_table, ranks

URL = "https://www.bls.gov/emp/tables/emp-by-major-occupational-group.htm"


def facts_of(html):
    return {(f.metric, f.soc_code): f for f in parse_ep_table(html, URL).facts}


def test_the_guides_edition_ranks_healthcare_support_first():
    facts = facts_of(render_ep(*ep_2023_33()))
    pct = facts[("employment_change_pct", "31-0000")]
    assert (pct.value, pct.unit, pct.period, pct.occupation) == (
        15.2,
        "percent",
        "2023-2033",
        "Healthcare support occupations",
    )
    rank = facts[("growth_rank", "31-0000")]
    assert (rank.value, rank.unit, rank.period) == (1, "rank", "2023-2033")
    wage = facts[("median_pay_annual", "00-0000")]
    assert (wage.value, wage.unit, wage.period, wage.occupation) == (
        48060,
        "USD/year",
        "2023",
        "Total, all occupations",
    )
    assert ("growth_rank", "00-0000") not in facts  # the total is no group


def test_every_group_is_ranked_by_percent_growth_and_changes_are_in_jobs():
    facts = facts_of(render_ep(*ep_2014_24()))
    ranked = sorted((f.value, code) for (metric, code), f in facts.items() if metric == "growth_rank")
    assert ranked == [
        (1, "31-0000"),
        (2, "29-0000"),
        (3, "39-0000"),
        (4, "15-0000"),
        (5, "43-0000"),
        (6, "45-0000"),
    ]
    change = facts[("employment_change", "29-0000")]
    assert (change.value, change.unit, change.period) == (1348100, "jobs", "2014-2024")
    assert facts[("employment_change", "45-0000")].value == -57200
    assert facts[("employment_change_pct", "45-0000")].value == -5.9
    assert facts[("median_pay_annual", "31-0000")].value == 26440
    assert facts[("employment_change_pct", "00-0000")].value == 6.5


def test_employment_levels_in_thousands_are_jobs_in_their_years():
    base, projected, rows = ep_2023_33()
    rows = [dataclasses.replace(rows[0], employment="167,849.8", projected="174,589.0"), *rows[1:]]
    facts = facts_of(render_ep(base, projected, rows))
    assert (facts[("employment", "00-0000")].value, facts[("employment", "00-0000")].period) == (
        167849800,
        "2023",
    )
    assert facts[("employment_projected", "00-0000")].period == "2033"


def test_equal_growth_shares_a_rank():
    assert ranks([("a", "A", 5.0), ("b", "B", 7.5), ("c", "C", 5.0), ("d", "D", 1.0)]) == [
        ("b", "B", 1),
        ("a", "A", 2),
        ("c", "C", 2),
        ("d", "D", 4),
    ]


def test_a_table_without_a_percent_change_column_is_refused_naming_the_url():
    with pytest.raises(ParseError) as caught:
        parse_ep_table(render_ep(*ep_2023_33(), percent_column=False), URL)
    assert caught.value.document == URL and "percent change column" in caught.value.reason


def test_a_table_whose_groups_state_no_growth_is_refused():
    with pytest.raises(ParseError, match="no group with a percent change"):
        parse_ep_table(render_ep("2023", "2033", [EpRow("Healthcare support occupations", "31-0000")]), URL)


def test_a_page_without_the_table_is_refused():
    with pytest.raises(ParseError, match="no table of occupational groups"):
        parse_ep_table("<html><body><p>Projections are being updated.</p></body></html>", URL)
