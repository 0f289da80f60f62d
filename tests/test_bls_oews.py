"""OEWS occupation pages (source `bls-oews`): tables found by their headings, special values as qualifiers."""

from __future__ import annotations

import dataclasses

import pytest
from source_pages import (
    OewsArea,
    medical_assistants_oews_2023,
    medical_assistants_oews_2024,
    medical_secretaries_oews_2024,
    render_oews,
)

from extractors.fact import ParseError
from extractors.sources.bls_oews import parse_oews_page, read_value

MA_URL = "https://www.bls.gov/oes/current/oes319092.htm"
SEC_URL = "https://www.bls.gov/oes/current/oes436013.htm"
TOPS = {"USD/hour": 115.0, "USD/year": 239200}


def by_key(facts):
    return {(f.metric, f.area, f.industry): f for f in facts}


def test_percentile_wages_of_may_2024():
    result = parse_oews_page(render_oews(medical_assistants_oews_2024()), MA_URL)
    facts = by_key(result.facts)
    assert {(m, f.value, f.unit) for (m, _, _), f in facts.items()} == {
        ("pay_p10_annual", 35020, "USD/year"),
        ("median_pay_annual", 44200, "USD/year"),
        ("pay_p90_annual", 57830, "USD/year"),
        ("median_pay_hourly", 21.25, "USD/hour"),
    }
    fact = facts[("median_pay_annual", "US", None)]
    assert (fact.source, fact.soc_code, fact.occupation, fact.period) == (
        "bls-oews",
        "31-9092",
        "Medical Assistants",
        "2024",
    )
    assert any("no industry table" in w for w in result.warnings)


def test_national_estimates_and_metro_areas_by_their_codes():
    facts = by_key(parse_oews_page(render_oews(medical_assistants_oews_2023()), MA_URL).facts)
    assert facts[("employment", "US", None)].value == 763040
    assert facts[("mean_pay_annual", "US", None)].value == 43350
    assert facts[("mean_pay_hourly", "US", None)].value == 20.84
    assert facts[("pay_p10_annual", "US", None)].value == 33500
    assert facts[("median_pay_hourly", "US", None)].period == "2023"
    assert facts[("employment", "31080", None)].value == 34330  # from the link /oes/current/oes_31080.htm
    assert facts[("mean_pay_annual", "41860", None)].value == 62160  # from a relative link oes_41860.htm


def test_states_by_fips_from_their_link_or_name_and_other_areas_as_printed():
    page = dataclasses.replace(
        medical_assistants_oews_2023(),
        states=[
            OewsArea("California", "/oes/current/oes_ca.htm", ("~", "", "", "#", "#")),
            OewsArea("Texas", None, ("**", "", "", "*", "*")),
        ],
        metros=[OewsArea("Somewhere nonmetropolitan area", None, ("", "", "", "#", ""))],
    )
    facts = by_key(parse_oews_page(render_oews(page), MA_URL).facts)
    assert (facts[("employment", "06", None)].value, facts[("employment", "06", None)].qualifier) == (
        0.5,
        "<",
    )
    assert (
        facts[("mean_pay_hourly", "06", None)].value,
        facts[("mean_pay_hourly", "06", None)].qualifier,
    ) == (
        115.0,
        ">=",
    )
    assert facts[("mean_pay_annual", "06", None)].value == 239200
    assert not [key for key in facts if key[1] == "48"]  # Texas: ** and * are no figures
    assert facts[("mean_pay_hourly", "Somewhere nonmetropolitan area", None)].qualifier == ">="


def test_industry_rows_carry_the_industry_as_printed():
    page = dataclasses.replace(
        medical_assistants_oews_2024(),
        industries=[("Offices of Physicians", "**", "~", "*", "")],
        top_paying_industries=[("Offices of Physicians", "**", "~", "*", "")],
    )
    facts = by_key(parse_oews_page(render_oews(page), MA_URL).facts)
    share = facts[("share_of_industry_employment", "US", "Offices of Physicians")]
    assert (share.value, share.unit, share.qualifier) == (0.5, "percent", "<")
    assert ("employment", "US", "Offices of Physicians") not in facts


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("$239,200", "USD/year", (239200, ">=")),
        ("#", "USD/hour", (115.0, ">=")),
        ("# (5)", "USD/year", (239200, ">=")),
        ("~", "percent", (0.5, "<")),
        ("*", "USD/hour", None),
        ("**", "jobs", None),
        ("(8)", "jobs", None),
        ("1,234", "jobs", (1234, None)),
        ("0.92", "ratio", (0.92, None)),
    ],
)
def test_special_values_are_qualifiers_never_numbers(text, unit, expected):
    assert read_value(text, unit, TOPS) == expected


def test_the_top_code_is_the_one_the_page_states_else_the_known_one():
    page = dataclasses.replace(
        medical_assistants_oews_2024(), annual=("#", "", "", "", ""), top_code_note=False
    )
    facts = by_key(parse_oews_page(render_oews(page), MA_URL).facts)
    assert (facts[("pay_p10_annual", "US", None)].value, facts[("pay_p10_annual", "US", None)].qualifier) == (
        239200,
        ">=",
    )


def test_the_occupation_comes_from_the_heading_matching_the_url():
    facts = parse_oews_page(render_oews(medical_secretaries_oews_2024()), SEC_URL).facts
    assert [(f.soc_code, f.occupation, f.metric, f.value) for f in facts] == [
        ("43-6013", "Medical Secretaries and Administrative Assistants", "median_pay_annual", 44640)
    ]


@pytest.mark.parametrize(
    ("change", "missing"),
    [
        ({"national_table": False}, "national estimates table"),
        ({"percentile_table": False}, "percentile wage table"),
        ({"national_table": False, "percentile_table": False}, "and the percentile"),
    ],
)
def test_a_changed_layout_fails_naming_the_url_and_the_missing_table(change, missing):
    page = dataclasses.replace(medical_assistants_oews_2024(), **change)
    with pytest.raises(ParseError) as caught:
        parse_oews_page(render_oews(page), MA_URL)
    assert caught.value.document == MA_URL and missing in caught.value.reason


def test_a_page_without_reference_period_or_occupation_fails():
    html = render_oews(medical_assistants_oews_2024())
    with pytest.raises(ParseError, match="reference period"):
        parse_oews_page(html.replace("May 2024", "2024"), MA_URL)
    nameless = html.replace("<h2>31-9092 Medical Assistants</h2>", "").replace(
        "<title>Medical Assistants</title>", ""
    )
    with pytest.raises(ParseError, match="names no occupation"):
        parse_oews_page(nameless, "saved.html")
    with pytest.raises(ParseError, match="no markup"):
        parse_oews_page(b"", MA_URL)
