"""OEWS estimate files -> tidy facts, on small workbooks written here (xlsx and xls, zipped and bare)."""

from __future__ import annotations

import pandas as pd
import pytest

from extractors.fact import FACT_FRAME_COLUMNS, ParseError
from extractors.sources.bls_oews_files.workbook import read_oews_file
from tests.bls_files_workbooks import (
    BUYERS_DETAILED,
    COLUMNS_2014,
    COLUMNS_2019,
    COLUMNS_2023,
    TOP_CODE_NOTE_2017,
    field_descriptions,
    national_rows,
    relaid,
    without,
    xls,
    xlsx,
    zipped,
)

WAGE_METRICS = 12  # hourly and annual mean, five percentiles each


def one(facts: pd.DataFrame, soc: str, metric: str, area: str = "US", industry: str | None = None) -> dict:
    rows = facts[
        (facts.soc_code == soc)
        & (facts.metric == metric)
        & (facts.area == area)
        & (facts.industry.isna() if industry is None else facts.industry == industry)
    ]
    assert len(rows) == 1, f"{soc} {metric} {area} {industry}: {len(rows)} facts"
    return rows.iloc[0].to_dict()


def nat_zip(book: bytes, member: str = "oesm23nat/national_M2023_dl.xlsx") -> bytes:
    return zipped({member: book})


def test_zipped_national_workbook_gives_every_estimate_of_every_level():
    result = read_oews_file(nat_zip(xlsx(COLUMNS_2023, national_rows())), "oesm23nat.zip")
    facts = result.facts
    assert list(facts.columns) == FACT_FRAME_COLUMNS
    assert result.rows_read == 10 and result.period == "2023"
    assert set(facts.source) == {"bls-oews-files"} and set(facts.period) == {"2023"}
    assert set(facts.area) == {"US"} and facts.industry.isna().all() and facts.value_text.isna().all()
    assert one(facts, "31-9092", "employment") == {
        "source": "bls-oews-files",
        "metric": "employment",
        "soc_code": "31-9092",
        "occupation": "Medical Assistants",
        "area": "US",
        "industry": None,
        "period": "2023",
        "value_num": 763040.0,
        "value_text": None,
        "unit": "jobs",
        "qualifier": None,
    }
    expected = {
        "mean_pay_hourly": (20.84, "USD/hour"),
        "mean_pay_annual": (43350, "USD/year"),
        "pay_p10_hourly": (16.1, "USD/hour"),
        "pay_p25_hourly": (17.68, "USD/hour"),
        "median_pay_hourly": (20.19, "USD/hour"),
        "pay_p75_hourly": (22.7, "USD/hour"),
        "pay_p90_hourly": (27.15, "USD/hour"),
        "pay_p10_annual": (33500, "USD/year"),
        "pay_p25_annual": (36780, "USD/year"),
        "median_pay_annual": (42000, "USD/year"),
        "pay_p75_annual": (47220, "USD/year"),
        "pay_p90_annual": (56480, "USD/year"),
    }
    for metric, (value, unit) in expected.items():
        fact = one(facts, "31-9092", metric)
        assert (fact["value_num"], fact["unit"], fact["qualifier"]) == (value, unit, None), metric
    # total, major, minor, broad and detailed rows all give all 13 estimates
    for code in ("00-0000", "31-0000", "31-9000", "31-9090", "31-9092", "43-6013"):
        assert len(facts[facts.soc_code == code]) == 1 + WAGE_METRICS, code
    assert one(facts, "00-0000", "employment")["value_num"] == 151853870
    assert one(facts, "43-6013", "median_pay_annual")["value_num"] == 40640


def test_lower_case_headers_read_like_upper_case():
    upper = read_oews_file(xlsx(COLUMNS_2023, national_rows()), "national_M2023_dl.xlsx").facts
    lower = read_oews_file(
        xlsx([c.lower() for c in COLUMNS_2023], national_rows()), "national_M2023_dl.xlsx"
    ).facts
    pd.testing.assert_frame_equal(upper, lower)


def test_xls_of_the_early_layout_without_area_or_industry_columns():
    header, rows = without(
        COLUMNS_2023,
        national_rows("31-9092", "43-6013", "29-1241"),
        *["AREA", "AREA_TITLE", "AREA_TYPE", "PRIM_STATE", "NAICS", "NAICS_TITLE", "I_GROUP", "OWN_CODE"],
        *["JOBS_1000", "LOC_QUOTIENT", "PCT_TOTAL", "PCT_RPT"],
    )
    header = ["OCC_GROUP" if name == "O_GROUP" else name for name in header]
    data = zipped({"oesm23nat/national_M2023_dl.xls": xls(header, rows)})
    result = read_oews_file(data, "oesm23nat.zip")
    facts = result.facts
    assert one(facts, "31-9092", "employment")["value_num"] == 763040
    assert one(facts, "43-6013", "pay_p90_hourly")["value_num"] == 28.05
    assert set(facts.area) == {"US"} and facts.industry.isna().all()
    assert any("no AREA column" in w for w in result.warnings)
    # no notes in this file: the top code is the one published for May 2023, and the answer says so
    assert one(facts, "29-1241", "median_pay_annual")["value_num"] == 239200
    assert "published" in result.notes["top_code"]


def test_top_coded_wages_are_the_top_code_with_a_qualifier_never_a_number_of_their_own():
    result = read_oews_file(xlsx(COLUMNS_2023, national_rows("29-1241")), "national_M2023_dl.xlsx")
    facts = result.facts
    for metric, value in (("median_pay_hourly", 115.0), ("pay_p90_annual", 239200.0)):
        fact = one(facts, "29-1241", metric)
        assert (fact["value_num"], fact["qualifier"]) == (value, ">="), metric
    fact = one(facts, "29-1241", "pay_p25_annual")
    assert (fact["value_num"], fact["qualifier"]) == (200000, None)
    assert result.notes["top_code"].startswith("the file's notes")
    assert int(result.notes["top_coded_facts"]) == len(facts[facts.qualifier == ">="]) == 6


def test_the_files_own_top_code_wins_over_the_published_table():
    note = "#  = wage equal to or greater than $100.00 per hour or $208,000 per year"
    facts = read_oews_file(
        xlsx(COLUMNS_2023, national_rows("29-1241"), notes=[note]), "national_M2023_dl.xlsx"
    ).facts
    assert one(facts, "29-1241", "median_pay_annual")["value_num"] == 208000


def test_an_older_year_without_notes_takes_the_top_code_published_for_it():
    facts = read_oews_file(xlsx(COLUMNS_2023, national_rows("29-1241"), notes=[]), "national_M2015_dl.xlsx")
    assert one(facts.facts, "29-1241", "median_pay_annual")["value_num"] == 187200
    assert "published top code for May 2015" in facts.notes["top_code"]


def test_a_top_code_nobody_states_is_refused_not_guessed():
    with pytest.raises(ParseError, match=r"national_M2011_dl\.xlsx.*top code"):
        read_oews_file(xlsx(COLUMNS_2023, national_rows("29-1241"), notes=[]), "national_M2011_dl.xlsx")


def test_special_values_state_no_figure_and_flags_keep_only_the_stated_wage_basis():
    missing_employment = (*national_rows("43-6013")[0][:11], "**", *national_rows("43-6013")[0][12:])
    rows = [*national_rows("25-2021", "27-2011"), missing_employment]
    facts = read_oews_file(xlsx(COLUMNS_2023, rows), "national_M2023_dl.xlsx").facts
    teachers = facts[facts.soc_code == "25-2021"]
    assert set(teachers.unit) == {"jobs", "USD/year"}
    assert one(facts, "25-2021", "median_pay_annual")["value_num"] == 63680
    actors = facts[facts.soc_code == "27-2011"]
    assert set(actors.unit) == {"jobs", "USD/hour"}
    assert one(facts, "27-2011", "pay_p90_hourly")["value_num"] == 100.01
    secretaries = facts[facts.soc_code == "43-6013"]
    assert "employment" not in set(secretaries.metric) and len(secretaries) == WAGE_METRICS
    assert not (facts.value_num == 0).any()


def test_a_flag_suppresses_the_other_basis_even_where_cells_hold_numbers():
    # A constructed row: the all-occupations figures flagged ANNUAL, to show the flag wins over the cells.
    flagged = (*national_rows("00-0000")[0][:-2], "TRUE", "")
    facts = read_oews_file(xlsx(COLUMNS_2023, [flagged]), "national_M2023_dl.xlsx").facts
    assert set(facts.unit) == {"jobs", "USD/year"}


def test_a_missing_required_column_is_an_error_naming_file_and_column():
    header, rows = without(COLUMNS_2023, national_rows("31-9092"), "A_MEDIAN")
    with pytest.raises(ParseError, match=r"oesm23nat\.zip:oesm23nat/national_M2023_dl\.xlsx.*A_MEDIAN"):
        read_oews_file(nat_zip(xlsx(header, rows)), "oesm23nat.zip")


def test_a_cell_that_is_neither_number_nor_special_value_is_an_error():
    broken = (*national_rows("31-9092")[0][:11], "n.a.", *national_rows("31-9092")[0][12:])
    with pytest.raises(ParseError, match=r"TOT_EMP.*'n\.a\.'"):
        read_oews_file(xlsx(COLUMNS_2023, [broken]), "national_M2023_dl.xlsx")


def test_a_code_stated_as_broad_and_detailed_is_one_fact():
    rows = [*national_rows("13-1020"), BUYERS_DETAILED]
    result = read_oews_file(xlsx(COLUMNS_2023, rows), "national_M2023_dl.xlsx")
    assert result.rows_read == 2
    assert one(result.facts, "13-1020", "employment")["value_num"] == 477980
    assert result.warnings == []


def test_state_metro_and_industry_rows_get_their_codes_and_titles():
    # Layout test: the area and industry columns of the all-data file around the medical assistants row.
    base = list(national_rows("31-9092")[0])
    state = ["6", "California", "2", "CA", *base[4:]]
    metro = ["31080", "Los Angeles-Long Beach-Anaheim, CA", "4", "CA", *base[4:]]
    nonmetro = ["100001", "Northwest Alabama nonmetropolitan area", "6", "AL", *base[4:]]
    industry = [*base[:4], "621100", "Offices of Physicians", "4-digit", "5", *base[8:]]
    for row in (state, metro, nonmetro):
        row[13], row[14] = 5.03, 1.0  # JOBS_1000, LOC_QUOTIENT
    facts = read_oews_file(
        xlsx(COLUMNS_2023, [state, metro, nonmetro, industry]), "all_data_M_2023.xlsx"
    ).facts
    assert one(facts, "31-9092", "employment", area="06")["value_num"] == 763040
    assert one(facts, "31-9092", "employment", area="31080")["value_num"] == 763040
    assert one(facts, "31-9092", "employment", area="0100001")["value_num"] == 763040
    assert one(facts, "31-9092", "employment", industry="Offices of Physicians")["value_num"] == 763040
    per_thousand = one(facts, "31-9092", "employment_per_1000_jobs", area="06")
    assert (per_thousand["value_num"], per_thousand["unit"]) == (5.03, "jobs/1000 jobs")
    quotient = one(facts, "31-9092", "location_quotient", area="31080")
    assert (quotient["value_num"], quotient["unit"]) == (1.0, "ratio")


def test_a_zip_without_estimates_is_refused_by_name():
    with pytest.raises(ParseError, match=r"oesm23nat\.zip: the zip holds no workbook"):
        read_oews_file(zipped({"oesm23nat/readme.txt": b"nothing here"}), "oesm23nat.zip")
    with pytest.raises(ParseError, match=r"page\.html: neither a zip nor an Excel workbook"):
        read_oews_file(b"<html></html>", "page.html")


@pytest.mark.parametrize("kind", ["xlsx", "xls"])
def test_figures_with_more_decimals_than_the_text_reader_shows_keep_their_exact_value(kind):
    # Constructed: per-1,000 and quotient figures as a computation would store them, unrounded, in a
    # sheet with a title row above the header (so the exact re-read must line up its rows).
    row = list(national_rows("31-9092")[0])
    jobs, quotient = COLUMNS_2023.index("JOBS_1000"), COLUMNS_2023.index("LOC_QUOTIENT")
    row[jobs], row[quotient] = 763040 / 151853.87, 2 / 3
    other = list(national_rows("43-6013")[0])
    other[jobs], other[quotient] = 1.5, "**"
    if kind == "xlsx":
        book = xlsx(COLUMNS_2023, [row, other], title_rows=[["May 2023 national estimates"]])
    else:
        book = xls(COLUMNS_2023, [row, other])
    facts = read_oews_file(nat_zip(book, f"oesm23nat/national_M2023_dl.{kind}"), "oesm23nat.zip").facts
    assert one(facts, "31-9092", "employment_per_1000_jobs")["value_num"] == 763040 / 151853.87
    assert one(facts, "31-9092", "location_quotient")["value_num"] == 2 / 3
    assert one(facts, "43-6013", "employment_per_1000_jobs")["value_num"] == 1.5
    assert facts[(facts.soc_code == "43-6013") & (facts.metric == "location_quotient")].empty
    assert one(facts, "31-9092", "median_pay_hourly")["value_num"] == 20.19


# Layouts of the held-out years: what differs from the two real files in ../shared, and must read alike.


def test_field_descriptions_beside_the_data_are_notes_not_a_table():
    # May 2019 style: lower-case headers, and the zip holds field_descriptions.xlsx (listing occ_code
    # one name a row) beside the data workbook; it sorts first and states the year's top code.
    descriptions = xlsx([], [], sheet="Field Descriptions", notes=(), title_rows=field_descriptions(
        2019, TOP_CODE_NOTE_2017))  # fmt: skip
    data = zipped(
        {
            "oesm19nat/field_descriptions.xlsx": descriptions,
            "oesm19nat/national_M2019_dl.xlsx": xlsx(
                COLUMNS_2019, relaid(COLUMNS_2019, national_rows()), sheet="national_M2019_dl", notes=()
            ),
        }
    )
    result = read_oews_file(data, "oesm19nat.zip")
    assert result.period == "2019" and result.rows_read == 10
    assert one(result.facts, "31-9092", "employment")["value_num"] == 763040
    # the top code is the one field_descriptions.xlsx states, not the table's
    assert one(result.facts, "29-1241", "median_pay_annual")["value_num"] == 208000
    assert result.notes["top_code"].startswith("the file's notes")


def test_a_field_descriptions_sheet_before_the_data_sheet_is_read_as_notes():
    book = xlsx(
        COLUMNS_2023,
        national_rows(),
        notes=(),
        sheets_before={"Field Descriptions": field_descriptions(2023, TOP_CODE_NOTE_2017)},
    )
    result = read_oews_file(book, "national_M2023_dl.xlsx")
    assert result.rows_read == 10
    assert one(result.facts, "29-1241", "pay_p90_hourly")["value_num"] == 100


def early_layout_xls(rows: list[tuple]) -> bytes:
    return xls(COLUMNS_2014, relaid(COLUMNS_2014, rows))


def test_note_and_blank_rows_after_the_data_give_no_facts():
    # 2014-2018 layout: OCC_CODE is the first column, so a note under the table lands in it.
    clean = read_oews_file(early_layout_xls(national_rows()), "national_M2016_dl.xls")
    noted = xls(
        COLUMNS_2014,
        [
            *relaid(COLUMNS_2014, national_rows()),
            (),
            ("Footnotes:",),
            ("* = a wage estimate is not available",),
        ],
    )
    result = read_oews_file(noted, "national_M2016_dl.xls")
    pd.testing.assert_frame_equal(result.facts, clean.facts)
    assert result.rows_read == clean.rows_read == 10
    assert any("2 row(s) with an OCC_CODE that is no SOC code skipped" in w for w in result.warnings)


def test_header_cells_with_spaces_or_line_breaks_and_figures_stored_as_text_read_alike():
    clean = read_oews_file(early_layout_xls(national_rows()), "national_M2013_dl.xls").facts
    header = [f" {name}\n" if i % 2 else f"{name.lower()} " for i, name in enumerate(COLUMNS_2014)]
    as_text = [
        tuple(f" {value:,} " if isinstance(value, int | float) else value for value in row)
        for row in relaid(COLUMNS_2014, national_rows())
    ]
    book = xls(header, as_text)
    facts = read_oews_file(zipped({"oesm13nat/national_M2013_dl.xls": book}), "oesm13nat.zip").facts
    pd.testing.assert_frame_equal(facts, clean)
    assert one(facts, "00-0000", "employment")["value_num"] == 151853870


def test_workbooks_are_found_at_any_depth_and_case_and_packing_leftovers_are_skipped():
    book = early_layout_xls(national_rows("31-9092"))
    data = zipped(
        {
            "OESM13NAT/May 2013/NATIONAL_M2013_DL.XLS": book,
            "OESM13NAT/May 2013/._NATIONAL_M2013_DL.XLS": b"\x00\x05\x16\x07 resource fork",
            "OESM13NAT/~$NATIONAL_M2013_DL.XLS": b"lock",
            "__MACOSX/OESM13NAT/._NATIONAL_M2013_DL.XLS": b"\x00\x05\x16\x07",
        }
    )
    result = read_oews_file(data, "oesm13nat.zip")
    assert result.period == "2013"
    assert one(result.facts, "31-9092", "median_pay_hourly")["value_num"] == 20.19


def test_flags_and_special_values_of_an_xls_read_like_an_xlsx():
    # .xls booleans for ANNUAL/HOURLY and special values with stray spaces, as older files may hold them.
    rows = [
        tuple(True if v == "TRUE" else f" {v} " if v in ("*", "#") else v for v in row)
        for row in relaid(COLUMNS_2014, national_rows("25-2021", "27-2011", "29-1241"))
    ]
    facts = read_oews_file(xls(COLUMNS_2014, rows), "national_M2018_dl.xls").facts
    assert set(facts[facts.soc_code == "25-2021"].unit) == {"jobs", "USD/year"}
    assert set(facts[facts.soc_code == "27-2011"].unit) == {"jobs", "USD/hour"}
    top = one(facts, "29-1241", "median_pay_annual")
    assert (top["value_num"], top["qualifier"]) == (208000, ">=")  # May 2018's published top code


def test_rows_that_go_on_over_a_second_sheet_are_all_read():
    rows = relaid(COLUMNS_2014, national_rows())
    whole = read_oews_file(xls(COLUMNS_2014, rows), "national_M2013_dl.xls")
    split = read_oews_file(xls(COLUMNS_2014, rows[:6], continued=rows[6:]), "national_M2013_dl.xls")
    assert split.rows_read == whole.rows_read == 10

    def plain(facts: pd.DataFrame) -> pd.DataFrame:
        return facts.astype(object).sort_values(["metric", "soc_code"]).reset_index(drop=True)

    pd.testing.assert_frame_equal(plain(split.facts), plain(whole.facts))
