"""The guide figure finder on short texts written for these tests, one phrasing family each."""

from __future__ import annotations

import pytest

from extractors.guide_text import Figure, OccupationTitles, find_figures

TITLES = OccupationTitles.from_rows(
    [
        ("Dental Hygienists", "29-1292"),
        ("Electricians", "47-2111"),
        ("Radiologic Technologists and Technicians", "29-2034"),
        ("Heavy and Tractor-Trailer Truck Drivers", "53-3032"),
        ("Wind Turbine Service Technicians", "49-9081"),
        ("Data Scientists", "15-2051"),
        ("Medical Assistants", "31-9092"),
    ]
)


def only(text: str) -> Figure:
    figures = find_figures(text, TITLES)
    assert len(figures) == 1, figures
    return figures[0]


def by_text(text: str) -> dict[str, Figure]:
    return {figure.text: figure for figure in find_figures(text, TITLES)}


def test_offsets_point_at_the_printed_figure() -> None:
    text = "Electricians held about 739,200 jobs in 2022.\nTheir median pay was $60,240 in May 2022."
    for figure in find_figures(text, TITLES):
        assert text[figure.start : figure.end] == figure.text


def test_employment_held_jobs_in_a_year() -> None:
    figure = only("Electricians held about 739,200 jobs in 2022.")
    assert (figure.metric, figure.value, figure.unit, figure.soc_code) == (
        "employment",
        739200,
        "jobs",
        "47-2111",
    )
    assert (figure.period, figure.qualifier, figure.area) == ("2022", "~", "US")


def test_employment_in_millions() -> None:
    figure = only("Heavy truck drivers held 2.2 million jobs in 2023.")
    assert figure.text == "2.2 million" and figure.value == 2_200_000 and figure.soc_code == "53-3032"


def test_projected_growth_percent_and_change_with_span() -> None:
    found = by_text(
        "Employment of electricians is projected to grow 6 percent from 2023 to 2033. "
        "The occupation is expected to add about 42,500 jobs."
    )
    assert found["6 percent"].metric == "employment_change_pct" and found["6 percent"].period == "2023-2033"
    assert found["42,500"].metric == "employment_change" and found["42,500"].period == "2023-2033"


def test_growth_by_a_year_implies_the_ten_year_span() -> None:
    figure = only("Demand for data scientists should rise 35 percent by 2032.")
    assert (figure.metric, figure.period, figure.soc_code) == (
        "employment_change_pct",
        "2022-2032",
        "15-2051",
    )


def test_declining_employment_is_negative() -> None:
    figure = only("Employment of electricians is projected to decline 3 percent from 2023 to 2033.")
    assert figure.value == -3


def test_openings_per_year_take_the_projection_span() -> None:
    found = by_text(
        "Employment of dental hygienists is projected to grow 9 percent from 2023 to 2033.\n"
        "About 15,300 openings for dental hygienists are projected each year."
    )
    assert found["15,300"].metric == "openings_per_year" and found["15,300"].unit == "jobs/year"
    assert found["15,300"].period == "2023-2033"


def test_median_and_percentile_pay() -> None:
    found = by_text(
        "The median annual wage for dental hygienists was $88,450 in May 2023. "
        "The lowest 10 percent earned less than $66,000, "
        "and the highest 10 percent earned more than $120,000."
    )
    assert found["$88,450"].metric == "median_pay_annual" and found["$88,450"].period == "2023"
    assert found["$66,000"].metric == "pay_p10_annual" and found["$66,000"].qualifier is None
    assert found["$120,000"].metric == "pay_p90_annual" and found["$120,000"].period == "2023"
    assert "10 percent" not in found


def test_hourly_pay_and_named_percentiles() -> None:
    found = by_text(
        "For medical assistants, the 25th percentile is $17.10/hr ($35,570/year) "
        "and the mean is $20.50 an hour."
    )
    assert found["$17.10"].metric == "pay_p25_hourly" and found["$17.10"].unit == "USD/hour"
    assert found["$35,570"].metric == "pay_p25_annual"
    assert found["$20.50"].metric == "mean_pay_hourly"


def test_pay_without_a_named_statistic_offers_the_mean_too() -> None:
    figure = only("Electricians earned $61,000 a year in 2023.")
    assert figure.metric == "median_pay_annual" and figure.alternatives == ("mean_pay_annual",)


def test_industry_list_after_a_lead_in() -> None:
    found = by_text(
        "In May 2023, the median annual wages for electricians in the top industries were as follows:\n"
        "- Government $70,100\n"
        "- Manufacturing $66,200\n"
    )
    assert (
        found["$70,100"].metric == "industry_median_pay_annual" and found["$70,100"].industry == "Government"
    )
    assert found["$66,200"].period == "2023" and found["$66,200"].soc_code == "47-2111"


def test_state_metro_and_industry_tables() -> None:
    found = by_text(
        "States With the Highest Pay for Electricians (2022)\n"
        "Oregon | $89,000 |\n"
        "Metropolitan Areas With the Highest Employment of Electricians (2022)\n"
        "Houston-The Woodlands-Sugar Land, TX | 12,400 |\n"
        "Industries With the Highest Employment of Electricians (2022)\n"
        "Utility System Construction | 9,900 |\n"
    )
    assert (found["$89,000"].metric, found["$89,000"].area, found["$89,000"].period) == (
        "mean_pay_annual",
        "41",
        "2022",
    )
    assert (
        found["12,400"].area == "Houston-The Woodlands-Sugar Land, TX"
        and found["12,400"].metric == "employment"
    )
    assert (
        found["9,900"].metric == "industry_employment"
        and found["9,900"].industry == "Utility System Construction"
    )


def test_states_in_prose_with_respectively() -> None:
    found = by_text(
        "Electricians in Ohio and Texas earned annual mean wages of $64,000 and $58,000, respectively."
    )
    assert found["$64,000"].area == "39" and found["$58,000"].area == "48"


def test_industry_named_in_the_sentence() -> None:
    figure = only(
        "Heavy truck drivers working in the general freight trucking industry earned $55,000 on average."
    )
    assert figure.industry == "general freight trucking" and figure.metric == "mean_pay_annual"


@pytest.mark.parametrize(
    "text",
    [
        "Call 555-123-4567 to enroll; classes start in 2024.",
        "The program takes 9 months and 36 credit hours to finish.",
        "Tuition for the electrician program is $14,500.",
        "Over 1,200 students graduate every year, and 92 percent of students pass the exam.",
        "Applicants must be 18 years old; our ranking lists the 10 best schools.",
        "Our graduates report a 95% pass rate on the certification exam.",
    ],
)
def test_numbers_that_are_not_labor_figures(text: str) -> None:
    assert find_figures(text, TITLES) == []


def test_other_sources_are_kept_apart() -> None:
    found = by_text(
        "Radiologic technologists earn $48,000 to $70,000 a year, according to PayScale. "
        "The Bureau of Labor Statistics puts the median at $73,410 in 2023.\n"
        "Glassdoor (June 2024)\n"
        "- The average salary is $71,500 per year.\n"
        "A survey of our graduates found they earned $52,000 in their first year."
    )
    assert found["$48,000"].attributed_to == "PayScale" and not found["$48,000"].maps_to_bls
    assert found["$70,000"].attributed_to == "PayScale"
    assert found["$73,410"].attributed_to == "BLS" and found["$73,410"].maps_to_bls
    assert found["$73,410"].soc_code == "29-2034"
    assert found["$71,500"].attributed_to == "Glassdoor" and not found["$71,500"].maps_to_bls
    assert found["$52,000"].attributed_to == "school survey" and not found["$52,000"].maps_to_bls


def test_source_carries_to_the_next_sentence_until_a_heading() -> None:
    found = by_text(
        "According to ZipRecruiter, medical assistants earn $40,100 a year. Top earners make $48,000.\n"
        "BLS figures\n"
        "The median annual wage for medical assistants was $42,000 in May 2023."
    )
    assert found["$48,000"].attributed_to == "ZipRecruiter"
    assert found["$42,000"].attributed_to == "BLS"


def test_occupation_from_each_sentence_in_a_guide_about_many() -> None:
    found = by_text(
        "Data scientists should grow 36 percent, adding 73,100 jobs. "
        "Wind turbine service technicians grow 60 percent, adding 6,100 jobs."
    )
    assert found["73,100"].soc_code == "15-2051" and found["6,100"].soc_code == "49-9081"


def test_singular_title_and_half_of_a_paired_title() -> None:
    assert only("A radiologic technologist earns a median salary of $73,410.").soc_code == "29-2034"
    assert only("The median pay of a radiologic technician is $70,000.").soc_code == "29-2034"


def test_text_without_figures_gives_nothing() -> None:
    assert find_figures("Electricians install wiring in homes and factories.", TITLES) == []
