"""The pages of the guide's other sources: NHA's outlook, ZipRecruiter's salary page, AAMA's CMA page."""

from __future__ import annotations

import pytest
from source_pages import CHALLENGE_PAGE, render_aama, render_nha, render_ziprecruiter

from extractors.fact import ParseError
from extractors.sources.aama import parse_aama_page
from extractors.sources.nha import parse_nha_outlook, role_name
from extractors.sources.ziprecruiter import parse_salary_page

NHA_URL = "https://info.nhanow.com/outlook"
ZIP_URL = "https://www.ziprecruiter.com/Salaries/Medical-Administration-Assistant-Salary"
AAMA_URL = "https://www.aama-ntl.org/certification"


# ---------------------------------------------------------------------------------------------- NHA


def test_nha_shares_per_role_with_the_report_year():
    facts = parse_nha_outlook(render_nha(), NHA_URL).facts
    assert [(f.occupation, f.value, f.unit, f.period, f.soc_code, f.area) for f in facts] == [
        ("Medical Assistant", 72, "percent", "2025", None, "US"),
        ("Medical Administrative Assistant", 47, "percent", "2025", None, "US"),
    ]
    assert {f.metric for f in facts} == {"certification_required_share"}


def test_nha_two_shares_in_one_sentence_and_a_role_named_by_its_heading():
    html = render_nha(shares=[]).replace(
        "</main>",
        "<p>Certification is required or encouraged by 72% of employers hiring medical assistants, and by "
        "47% of employers for medical administrative assistants.</p>"
        "<h3>Medical Assistant (CCMA)</h3>"
        "<p>Certification: 72% of employers require or encourage it.</p></main>",
    )
    facts = parse_nha_outlook(html, NHA_URL).facts
    assert sorted((f.occupation, f.value) for f in facts) == [
        ("Medical Administrative Assistant", 47),
        ("Medical Assistant", 72),
        ("Medical Assistant", 72),
    ]


def test_nha_roles_listed_after_such_as_get_one_fact_each():
    html = render_nha(shares=[]).replace(
        "</main>",
        "<p>70% of employers require certifications for roles such as Medical Assistants (MA), Pharmacy "
        "Technicians, and Phlebotomy Technicians.</p>"
        "<p>Employers said 58% of employers encourage certification for jobs including medical coders or "
        "billing specialists in outpatient clinics.</p></main>",
    )
    facts = parse_nha_outlook(html, NHA_URL).facts
    assert [(f.occupation, f.value, f.period) for f in facts] == [
        ("Medical Assistant", 70, "2025"),
        ("Pharmacy Technician", 70, "2025"),
        ("Phlebotomy Technician", 70, "2025"),
        ("Medical Coder", 58, "2025"),
        ("Billing Specialist", 58, "2025"),
    ]


def test_nha_a_certification_sentence_without_a_share_is_passed_over():
    html = render_nha(shares=[("72", "medical assistants")]).replace(
        "</main>", "<p>Certification may also be required for some openings in clinics.</p></main>"
    )
    result = parse_nha_outlook(html, NHA_URL)
    assert [(f.occupation, f.value) for f in result.facts] == [("Medical Assistant", 72)]
    assert result.warnings == []


def test_nha_role_names_read_the_same_whatever_the_wording():
    assert role_name("medical assistants") == "Medical Assistant"
    assert role_name("Medical Administrative Assistants") == "Medical Administrative Assistant"
    assert role_name("medical secretaries") == "Medical Secretary"


@pytest.mark.parametrize(
    ("html", "message"),
    [
        (render_nha(shares=[]), "no sentence states the share"),
        (render_nha().replace("2025", "this year's"), "no report year"),
        (CHALLENGE_PAGE, "no report year"),
    ],
)
def test_nha_without_its_figures_fails_naming_the_url(html, message):
    with pytest.raises(ParseError) as caught:
        parse_nha_outlook(html, NHA_URL)
    assert caught.value.document == NHA_URL and message in caught.value.reason


# -------------------------------------------------------------------------------------- ZipRecruiter


def test_ziprecruiter_average_pay_and_its_equivalents_as_of_the_year():
    facts = {(f.metric, f.area): f for f in parse_salary_page(render_ziprecruiter(), ZIP_URL).facts}
    annual = facts[("average_pay_annual", "US")]
    assert (annual.value, annual.unit, annual.period, annual.occupation, annual.soc_code) == (
        44460,
        "USD/year",
        "2025",
        "Medical Administration Assistant",
        None,
    )
    assert facts[("average_pay_monthly", "US")].value == 3705
    assert facts[("average_pay_weekly", "US")].value == 855
    assert facts[("average_pay_hourly", "US")].unit == "USD/hour"
    assert abs(facts[("average_pay_hourly", "US")].value - 21.38) < 0.011


def test_ziprecruiter_highest_paying_cities():
    facts = {(f.metric, f.area): f.value for f in parse_salary_page(render_ziprecruiter(), ZIP_URL).facts}
    assert {area: value for (metric, area), value in facts.items() if metric == "average_pay_annual"} == {
        "US": 44460,
        "Soledad, CA": 66508,
        "Nome, AK": 55153,
        "Berkeley, CA": 54439,
        "Berlin Corners, VT": 54340,
        "Atherton, CA": 53885,
    }
    assert facts[("average_pay_monthly", "Soledad, CA")] == 5542
    assert facts[("average_pay_weekly", "Soledad, CA")] == 1279


def test_ziprecruiter_without_cities_warns():
    result = parse_salary_page(render_ziprecruiter(cities=[]), ZIP_URL)
    assert len(result.facts) == 4 and any("no highest paying cities table" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("html", "message"),
    [
        (CHALLENGE_PAGE, "challenge page"),
        (render_ziprecruiter().replace("average annual pay", "typical pay"), "average annual pay"),
        (render_ziprecruiter().replace("As of Jan 20, 2025, the", "The"), "As of"),
    ],
)
def test_ziprecruiter_a_block_page_or_missing_figure_fails_naming_the_url(html, message):
    with pytest.raises(ParseError) as caught:
        parse_salary_page(html, ZIP_URL)
    assert caught.value.document == ZIP_URL and message in caught.value.reason


# ---------------------------------------------------------------------------------------------- AAMA


def test_aama_count_of_cmas_as_of_a_month_and_the_recertification_interval():
    facts = {f.metric: f for f in parse_aama_page(render_aama(), AAMA_URL).facts}
    count = facts["certified_count"]
    assert (count.value, count.unit, count.period, count.occupation, count.soc_code, count.area) == (
        70362,
        "persons",
        "2024-10",
        "Certified Medical Assistant (CMA)",
        None,
        "US",
    )
    interval = facts["recertification_interval"]
    assert (interval.value, interval.unit, interval.period) == (60, "months", "2024")


def test_aama_as_of_a_day_still_gives_the_month():
    facts = parse_aama_page(render_aama(as_of="October 1, 2024"), AAMA_URL).facts
    assert facts[0].period == "2024-10"


def test_aama_without_the_interval_warns_and_without_the_count_fails():
    result = parse_aama_page(render_aama(months="sixty"), AAMA_URL)
    assert [f.metric for f in result.facts] == ["certified_count"]
    assert any("recertification interval" in w for w in result.warnings)
    with pytest.raises(ParseError) as caught:
        parse_aama_page(render_aama(count=""), AAMA_URL)
    assert caught.value.document == AAMA_URL and "number of CMAs" in caught.value.reason
