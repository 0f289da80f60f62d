"""The work environment and pay tabs of handbook pages, and the quirks of real pages, on hand-written
fixtures (tests/ooh_pages.py) that carry real 2025-edition figures."""

from __future__ import annotations

import pytest
from ooh_pages import (
    OohPage,
    actors_2025,
    medical_assistants_2025,
    render,
    secretaries_2025,
    software_developers_2025,
)

from extractors.sources.bls_ooh.parser import parse_ooh_page
from transforms.normalize import facts_frame
from warehouse.identity import fact_identity


def facts_of(page: OohPage, browser_form: bool = False):
    return parse_ooh_page(render(page, browser_form), "page.htm").facts


def metric(facts, name):
    return [f for f in facts if f.metric == name]


def test_largest_employers_take_the_percent_of_the_first_row_for_every_row():
    shares = metric(facts_of(medical_assistants_2025()), "industry_employment_share")
    assert [(f.industry, f.value, f.unit) for f in shares] == [
        ("Offices of physicians", 57, "percent"),
        ("Hospitals; state, local, and private", 17, "percent"),
        ("Outpatient care centers", 10, "percent"),
        ("Offices of other health practitioners", 7, "percent"),
    ]
    assert {(f.soc_code, f.occupation, f.period) for f in shares} == {
        ("31-9092", "Medical assistants", "2024")
    }


def test_top_industry_wages_take_the_dollar_of_the_first_row_for_every_row():
    pay = metric(facts_of(medical_assistants_2025()), "industry_median_pay_annual")
    assert [(f.industry, f.value, f.unit, f.period) for f in pay] == [
        ("Outpatient care centers", 47560, "USD/year", "2024"),
        ("Hospitals; state, local, and private", 45930, "USD/year", "2024"),
        ("Offices of physicians", 43880, "USD/year", "2024"),
        ("Offices of other health practitioners", 37510, "USD/year", "2024"),
    ]
    assert {f.soc_code for f in pay} == {"31-9092"}


def test_hourly_industry_table_and_hourly_percentiles():
    facts = facts_of(actors_2025())
    assert [(f.industry, f.value, f.unit) for f in metric(facts, "industry_median_pay_hourly")] == [
        ("Theater companies and dinner theaters", 27.07, "USD/hour"),
        ("Amusement parks and arcades", 18.95, "USD/hour"),
    ]
    assert metric(facts, "industry_median_pay_annual") == []
    assert [(f.value, f.unit) for f in metric(facts, "pay_p10_hourly")] == [(14.0, "USD/hour")]
    assert [(f.value, f.unit) for f in metric(facts, "pay_p90_hourly")] == [(97.19, "USD/hour")]
    assert metric(facts, "pay_p10_annual") == metric(facts, "median_pay_annual") == []


def test_annual_percentiles_of_medical_assistants():
    facts = facts_of(medical_assistants_2025())
    [p10], [p90] = metric(facts, "pay_p10_annual"), metric(facts, "pay_p90_annual")
    assert (p10.value, p10.unit, p10.period, p10.soc_code, p10.qualifier) == (
        35020,
        "USD/year",
        "2024",
        "31-9092",
        None,
    )
    assert (p90.value, p90.unit, p90.qualifier) == (57830, "USD/year", None)


def test_percentiles_stated_per_hour_are_hourly_even_on_an_annual_page():
    page = medical_assistants_2025()
    page.pay_sentence = (
        "The median annual wage for medical assistants was $44,200 in May 2024. The lowest 10 percent "
        "earned less than $16.84 per hour, and the highest 10 percent earned more than $27.80 per hour."
    )
    facts = facts_of(page)
    assert [(f.metric, f.value) for f in facts if f.metric.startswith("pay_p")] == [
        ("pay_p10_hourly", 16.84),
        ("pay_p90_hourly", 27.80),
    ]


@pytest.mark.parametrize(
    ("highest", "value", "unit_metric"),
    [
        ("more than $239,200", 239200, "pay_p90_annual"),
        ("equal to or greater than $239,200 per year", 239200, "pay_p90_annual"),
        ("more than $115.00 per hour", 115.0, "pay_p90_hourly"),
    ],
)
def test_top_coded_ninetieth_percentile_carries_greater_or_equal(highest, value, unit_metric):
    page = medical_assistants_2025()
    page.pay_sentence = (
        f"The median annual wage for medical assistants was $44,200 in May 2024. The lowest 10 percent "
        f"earned less than $90,310, and the highest 10 percent earned {highest}."
    )
    facts = facts_of(page)
    [p90] = metric(facts, unit_metric)
    assert (p90.value, p90.qualifier) == (value, ">=")
    [p10] = metric(facts, "pay_p10_annual")
    assert (p10.value, p10.qualifier) == (90310, None)


def test_each_employer_and_wage_table_goes_to_the_detailed_occupation_its_sentence_names():
    facts = facts_of(software_developers_2025())
    shares = {(f.soc_code, f.industry): f.value for f in metric(facts, "industry_employment_share")}
    assert shares == {
        ("15-1252", "Computer systems design and related services"): 30,
        ("15-1252", "Finance and insurance"): 10,
        ("15-1252", "Software publishers"): 9,
        ("15-1253", "Computer systems design and related services"): 30,
        ("15-1253", "Finance and insurance"): 12,
        ("15-1253", "Administrative and support services"): 5,
    }
    pay = {(f.soc_code, f.industry): f.value for f in metric(facts, "industry_median_pay_annual")}
    assert pay == {
        ("15-1252", "Software publishers"): 149990,
        ("15-1252", "Manufacturing"): 134910,
        ("15-1253", "Manufacturing"): 125990,
        ("15-1253", "Administrative and support services"): 102620,
    }


def test_pay_paragraph_of_each_detailed_occupation_keeps_its_median_and_percentiles():
    facts = facts_of(software_developers_2025())
    by = {(f.metric, f.soc_code): f.value for f in facts if "pay" in f.metric and f.industry is None}
    assert by[("median_pay_annual", None)] == 131450  # the group's, from quick facts
    assert by[("median_pay_annual", "15-1252")] == 133080
    assert (by[("pay_p10_annual", "15-1252")], by[("pay_p90_annual", "15-1252")]) == (79850, 211450)
    assert by[("median_pay_annual", "15-1253")] == 102610
    assert (by[("pay_p10_annual", "15-1253")], by[("pay_p90_annual", "15-1253")]) == (60690, 166960)
    assert ("pay_p10_annual", None) not in by  # no percentile is pinned on the group


def test_group_openings_stay_with_the_dash_soc_group():
    [openings] = metric(facts_of(software_developers_2025()), "openings_per_year")
    assert (openings.soc_code, openings.occupation, openings.value) == (
        None,
        "Software developers, quality assurance analysts, and testers",
        129200,
    )


def test_detailed_occupation_employment_table_matches_projection_rows_and_dedupes():
    page = secretaries_2025()
    page.detailed_employment = [
        ("Secretaries and administrative assistants, except legal, medical, and executive", "1,944,000"),
        ("Medical secretaries and administrative assistants", "850,000"),
        ("Executive secretaries and executive administrative assistants", "502,800"),
        ("Legal secretaries and administrative assistants", "156,300"),
    ]
    facts = facts_of(page)
    table_rows = [
        f for f in metric(facts, "employment") if f.soc_code in ("43-6011", "43-6012", "43-6013", "43-6014")
    ]
    assert sorted((f.soc_code, f.value, f.period) for f in table_rows) == [
        ("43-6011", 502800, "2024"),
        ("43-6011", 502800, "2024"),
        ("43-6012", 156300, "2024"),
        ("43-6012", 156300, "2024"),
        ("43-6013", 850000, "2024"),
        ("43-6013", 850000, "2024"),
        ("43-6014", 1944000, "2024"),
        ("43-6014", 1944000, "2024"),
    ]
    without = facts_frame([("p", facts_of(secretaries_2025()))], fact_identity)
    assert len(facts_frame([("p", facts)], fact_identity)) == len(without)


def test_detailed_employment_row_without_projection_row_keeps_its_title():
    page = secretaries_2025()
    page.detailed_employment = [("Court secretaries", "12,000")]
    [fact] = [f for f in metric(facts_of(page), "employment") if f.value == 12000]
    assert (fact.soc_code, fact.occupation, fact.unit) == (None, "Court secretaries", "jobs")


def test_median_wages_by_detailed_occupation_go_to_their_soc_codes():
    page = secretaries_2025()
    page.detailed_pay = [
        ("Executive secretaries and executive administrative assistants", "$74,260"),
        ("Legal Secretaries and Administrative Assistants", "54,140"),
        ("Medical secretaries and administrative assistants", "44,640"),
    ]
    medians = {f.soc_code: (f.value, f.unit, f.period) for f in metric(facts_of(page), "median_pay_annual")}
    assert medians == {
        "43-6000": (47460, "USD/year", "2024"),
        "43-6011": (74260, "USD/year", "2024"),
        "43-6012": (54140, "USD/year", "2024"),
        "43-6013": (44640, "USD/year", "2024"),
    }


def test_mean_wage_table_is_not_read_as_medians():
    page = secretaries_2025()
    page.detailed_pay_kind = "mean"
    page.detailed_pay = [("Medical secretaries and administrative assistants", "$49,990")]
    facts = facts_of(page)
    assert not any(f.value == 49990 for f in facts)
    assert {f.soc_code for f in metric(facts, "median_pay_annual")} == {"43-6000"}


def test_http_and_browser_forms_of_a_many_table_page_give_the_same_facts():
    page = software_developers_2025()
    assert facts_of(page, browser_form=True) == facts_of(page)


def test_unicode_minus_nbsp_and_million_in_sentences():
    page = secretaries_2025()
    page.change = "\u221212,400"
    page.jobs = "3,453,100\xa0"
    page.openings = "1.2 million"
    facts = facts_of(page)
    assert [f.value for f in metric(facts, "employment_change") if f.soc_code == "43-6000"] == [
        -12400,
        -12400,
    ]
    assert [f.value for f in metric(facts, "openings_per_year")] == [1200000]


def test_page_without_employer_or_industry_tables_has_none_and_no_warning():
    page = medical_assistants_2025()
    page.employers, page.industry_pay = [], []
    result = parse_ooh_page(render(page), "p.htm")
    assert not any(f.industry for f in result.facts)
    assert result.warnings == []


def test_occupation_page_with_tabs_but_no_figures_warns_and_yields_nothing():
    html = (
        "<html><head><title>Military Careers</title></head><body><div id='panes'>"
        "<div id='tab-3'><h2>Work Environment</h2><p>Service members move often.</p></div>"
        "<div id='tab-5'><h2>Pay</h2><p>Basic pay depends on rank.</p></div>"
        "<div id='tab-6'><h2>Job Outlook</h2><p>Projections cover civilians only.</p></div>"
        "</div></body></html>"
    )
    result = parse_ooh_page(html, "military.htm")
    assert result.facts == []
    assert any("military.htm" in w and "no quick facts" in w for w in result.warnings)


def test_charts_state_the_broader_groups_and_repeat_the_occupations_own_figures():
    page = actors_2025()
    page.pay_chart = [
        ("Entertainers and performers, sports and related workers", "$26.38"),
        ("Total, all occupations", "$23.80"),
        ("Actors", "$23.33"),
    ]
    page.change_chart = [("Total, all occupations", "3%"), ("Actors", "0%")]
    facts = facts_of(page)
    hourly = {(f.soc_code, f.occupation): (f.value, f.period) for f in metric(facts, "median_pay_hourly")}
    assert hourly == {
        ("27-2011", "Actors"): (23.33, "2024"),
        (None, "Entertainers and performers, sports and related workers"): (26.38, "2024"),
        (None, "Total, all occupations"): (23.80, "2024"),
    }
    assert metric(facts, "median_pay_annual") == []
    change = {(f.soc_code, f.occupation): (f.value, f.period) for f in metric(facts, "employment_change_pct")}
    assert change[(None, "Total, all occupations")] == (3, "2024-2034")
    assert change[("27-2011", "Actors")] == (0, "2024-2034")


def test_top_coded_chart_bar_carries_greater_or_equal():
    page = medical_assistants_2025()
    page.pay_text = "This wage is equal to or greater than $239,200 per year or $115.00 per hour."
    page.pay_chart = [("Medical assistants", "This wage is equal to or greater than $239,200 per year.")]
    annual = [f for f in metric(facts_of(page), "median_pay_annual")]
    assert {(f.soc_code, f.value, f.qualifier) for f in annual} == {("31-9092", 239200, ">=")}


def test_pay_sentence_naming_an_occupation_otherwise_is_attributed_by_its_median():
    page = software_developers_2025()
    page.pay_sentence = page.pay_sentence.replace("for software developers was", "for software engineers was")
    facts = facts_of(page)
    assert metric(facts, "pay_p10_annual")[0].soc_code == "15-1253"  # unknown name, no known median: skipped
    page.pay_chart = [("Software developers", "$133,080"), ("Computer occupations", "$105,990")]
    facts = facts_of(page)
    p10 = {f.soc_code: f.value for f in metric(facts, "pay_p10_annual")}
    assert p10 == {"15-1252": 79850, "15-1253": 60690}


def test_industry_wage_at_the_top_code_is_a_lower_bound():
    page = medical_assistants_2025()
    page.industry_pay = [
        ("Hospitals; state, local, and private", "$239,200"),
        ("Offices of physicians", "231,070"),
    ]
    pay = metric(facts_of(page), "industry_median_pay_annual")
    assert [(f.value, f.qualifier) for f in pay] == [(239200, ">="), (231070, None)]
