"""The handbook parser on hand-written pages with the structure of real ones."""

from __future__ import annotations

import pytest
from ooh_pages import (
    medical_assistants_2025,
    render,
    secretaries_2025,
    software_developers_2025,
)

from extractors.fact import ParseError
from extractors.sources.bls_ooh.parser import parse_ooh_page


def by_key(facts):
    return {(f.metric, f.soc_code or f.occupation, f.period): f for f in facts}


def test_quick_facts_and_projections_of_medical_assistants():
    facts = by_key(parse_ooh_page(render(medical_assistants_2025()), "ma.htm").facts)
    assert facts[("employment", "31-9092", "2024")].value == 811000
    assert facts[("employment", "31-9092", "2024")].unit == "jobs"
    assert facts[("employment_projected", "31-9092", "2034")].value == 912200
    assert facts[("employment_change_pct", "31-9092", "2024-2034")].value == 12
    assert facts[("employment_change", "31-9092", "2024-2034")].value == 101200
    assert facts[("openings_per_year", "31-9092", "2024-2034")].value == 112300
    assert facts[("openings_per_year", "31-9092", "2024-2034")].unit == "jobs/year"
    assert facts[("median_pay_annual", "31-9092", "2024")].value == 44200
    assert facts[("median_pay_hourly", "31-9092", "2024")].value == 21.25
    assert facts[("outlook_category", "31-9092", "2024-2034")].value == "Much faster than average"
    assert facts[("entry_level_education", "31-9092", "2024-2034")].value == ("Postsecondary nondegree award")
    assert all(f.area == "US" and f.source == "bls-ooh" for f in facts.values())


def test_group_and_detailed_rows_keep_their_own_soc_and_negative_changes():
    result = parse_ooh_page(render(secretaries_2025()), "sec.htm")
    facts = by_key(result.facts)
    assert facts[("employment", "43-6013", "2024")].value == 850000
    assert facts[("employment", "43-6013", "2024")].occupation == (
        "Medical secretaries and administrative assistants"
    )
    assert facts[("employment_change", "43-6000", "2024-2034")].value == -12400
    assert facts[("employment_change_pct", "43-6012", "2024-2034")].value == -6
    assert facts[("work_experience", "43-6000", "2024-2034")].value == "See How to Become One"
    assert result.published == "2025-08-28"


def test_browser_saved_form_parses_to_the_same_facts_as_http_form():
    page = secretaries_2025()
    http = parse_ooh_page(render(page), "a").facts
    browser = parse_ooh_page(render(page, browser_form=True), "a").facts
    assert browser == http


def test_dash_soc_keeps_title_with_null_code():
    page = software_developers_2025()
    facts = parse_ooh_page(render(page), "sd.htm").facts
    group = [f for f in facts if f.metric == "employment_projected" and f.soc_code is None]
    assert [(f.occupation, f.value) for f in group] == [
        ("Software developers, quality assurance analysts, and testers", 2183300)
    ]
    # page-level quick facts use the same title, so quick facts' jobs and the group row are one fact
    jobs = [f for f in facts if f.metric == "employment" and f.soc_code is None]
    assert {f.occupation for f in jobs} == {"Software developers, quality assurance analysts, and testers"}
    assert any(f.soc_code == "15-1252" and f.value == 1693800 for f in facts)


def test_top_coded_pay_carries_greater_or_equal_qualifier():
    page = medical_assistants_2025()
    page.pay_text = "This wage is equal to or greater than $239,200 per year or $115.00 per hour."
    facts = by_key(parse_ooh_page(render(page), "p.htm").facts)
    annual = facts[("median_pay_annual", "31-9092", "2024")]
    hourly = facts[("median_pay_hourly", "31-9092", "2024")]
    assert (annual.value, annual.qualifier) == (239200, ">=")
    assert (hourly.value, hourly.qualifier) == (115.0, ">=")


def test_hourly_only_pay():
    page = medical_assistants_2025()
    page.pay_text = "$23.33 per hour"
    facts = parse_ooh_page(render(page), "actors.htm").facts
    pay = [f for f in facts if f.metric.startswith("median_pay")]
    assert [(f.metric, f.value, f.unit) for f in pay] == [("median_pay_hourly", 23.33, "USD/hour")]


def test_page_without_quick_facts_yields_projections_and_a_warning():
    page = medical_assistants_2025()
    page.quick_facts = False
    result = parse_ooh_page(render(page), "special.htm")
    assert any(f.metric == "employment_projected" for f in result.facts)
    assert any("no quick facts" in w and "special.htm" in w for w in result.warnings)


def test_a_projections_header_is_read_anew_whatever_pages_came_before():
    """The layout of a projections header is worked out once per header: a page whose header lacks the
    SOC column still says so (naming the page) after pages with the usual header, and a usual page read
    after it still reads its rows."""
    usual = render(medical_assistants_2025())
    assert any(f.soc_code == "31-9092" for f in parse_ooh_page(usual, "first.htm").facts)
    odd = usual.replace("SOC Code", "Code")
    result = parse_ooh_page(odd, "odd.htm")
    assert any("odd.htm" in w and "SOC code" in w for w in result.warnings)
    assert not any(f.metric == "employment_projected" for f in result.facts)
    again = parse_ooh_page(usual, "again.htm")
    assert any(f.metric == "employment_projected" and f.soc_code == "31-9092" for f in again.facts)


def test_a_projections_header_of_leading_th_rows_reads_as_a_thead():
    """Without a `<thead>`, the leading rows made only of th cells are the header (and not data rows)."""
    page = render(medical_assistants_2025())
    caption = page.index("Employment projections data")
    start, end = page.index("<thead>", caption), page.index("</thead>", caption) + len("</thead>")
    without = page[:start] + page[start + len("<thead>") : end - len("</thead>")] + page[end:]
    assert "<thead>" not in without[caption:]
    projected = [
        f for f in parse_ooh_page(without, "no-thead.htm").facts if f.metric == "employment_projected"
    ]
    assert projected == [f for f in parse_ooh_page(page, "x.htm").facts if f.metric == "employment_projected"]
    assert [(f.soc_code, f.value) for f in projected] == [("31-9092", 912200)]


@pytest.mark.parametrize(
    "body",
    [
        "<html><head><title>Access Denied</title></head><body>Access Denied</body></html>",
        "<html><body><h1>A-Z Index</h1><ul><li><a href='/ooh/x.htm'>X</a></li></ul></body></html>",
        "",
    ],
)
def test_non_occupation_page_is_an_error_naming_the_document(body):
    with pytest.raises(ParseError) as caught:
        parse_ooh_page(body, "saved/blocked.html")
    assert "saved/blocked.html" in str(caught.value)
    assert "Quick Facts" in str(caught.value)
