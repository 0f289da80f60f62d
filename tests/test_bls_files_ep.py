"""Table 1.2 of the EP occupation workbook -> tidy facts, on small workbooks written here."""

from __future__ import annotations

import pandas as pd
import pytest

from extractors.fact import FACT_FRAME_COLUMNS, ParseError
from extractors.sources.bls_ep_files.workbook import read_ep_workbook
from tests.bls_files_workbooks import EP_HEADER, EP_ROWS, EP_TITLE, ep_workbook, zipped


def by_metric(facts: pd.DataFrame, soc: str) -> dict[str, tuple]:
    rows = facts[facts.soc_code == soc]
    return {
        r.metric: (r.period, r.value_text if r.value_text is not None else r.value_num, r.unit, r.qualifier)
        for r in rows.itertuples()
    }


def test_every_coded_row_gives_employment_change_openings_wage_and_categories():
    result = read_ep_workbook(ep_workbook(), "occupation.xlsx")
    facts = result.facts
    assert list(facts.columns) == FACT_FRAME_COLUMNS
    assert result.rows_read == 5 and result.period == "2023-2033"
    assert set(facts.source) == {"bls-ep-files"} and set(facts.area) == {"US"} and facts.industry.isna().all()
    assert by_metric(facts, "31-9092") == {
        "employment": ("2023", 783900.0, "jobs", None),
        "employment_projected": ("2033", 901900.0, "jobs", None),
        "employment_change": ("2023-2033", 118000.0, "jobs", None),
        "employment_change_pct": ("2023-2033", 15.0, "percent", None),
        "openings_per_year": ("2023-2033", 119800.0, "jobs/year", None),
        "median_pay_annual": ("2023", 42000.0, "USD/year", None),
        "entry_level_education": ("2023-2033", "Postsecondary nondegree award", None, None),
        "work_experience": ("2023-2033", "None", None, None),
        "on_the_job_training": ("2023-2033", "None", None, None),
    }
    assert set(facts[facts.soc_code == "31-9092"].occupation) == {"Medical assistants"}


def test_summary_rows_have_figures_but_no_categories():
    facts = read_ep_workbook(ep_workbook(), "occupation.xlsx").facts
    total = by_metric(facts, "00-0000")
    assert total["employment"] == ("2023", 167849800.0, "jobs", None)
    assert total["openings_per_year"] == ("2023-2033", 19174800.0, "jobs/year", None)
    assert "entry_level_education" not in total
    assert by_metric(facts, "31-0000")["employment_change_pct"] == ("2023-2033", 15.2, "percent", None)
    assert set(facts[facts.soc_code == "31-0000"].occupation) == {"Healthcare support occupations"}


def test_top_coded_wage_is_qualified_and_a_dash_states_nothing():
    facts = read_ep_workbook(ep_workbook(), "occupation.xlsx").facts
    assert by_metric(facts, "29-1241")["median_pay_annual"] == ("2023", 239200.0, "USD/year", ">=")
    assert "median_pay_annual" not in by_metric(facts, "27-2011")
    assert not (facts.value_text == "\u2014").any()


def test_sheet_found_by_name_whatever_its_case_and_header_found_below_extra_title_rows():
    book = ep_workbook(
        sheet="TABLE 1.2", title_rows=[(EP_TITLE,), ("",), ("Released with the 2023-33 edition",)]
    )
    data = zipped({"occupation.xlsx": book})
    facts = read_ep_workbook(data, "ep.zip").facts
    assert by_metric(facts, "31-9092")["employment"] == ("2023", 783900.0, "jobs", None)


def test_an_edition_without_a_wage_column_gives_no_wage_facts():
    wage = EP_HEADER.index("Median annual wage, dollars, 2023[1]")
    header = [h for i, h in enumerate(EP_HEADER) if i != wage]
    rows = [tuple(v for i, v in enumerate(row) if i != wage) for row in EP_ROWS]
    facts = read_ep_workbook(ep_workbook(header, rows), "occupation.xlsx").facts
    assert "median_pay_annual" not in set(facts.metric)
    assert by_metric(facts, "31-9092")["openings_per_year"] == ("2023-2033", 119800.0, "jobs/year", None)


def test_a_missing_required_column_is_an_error_naming_file_and_column():
    openings = EP_HEADER.index("Occupational openings, 2023\u201333 annual average")
    header = [h for i, h in enumerate(EP_HEADER) if i != openings]
    rows = [tuple(v for i, v in enumerate(row) if i != openings) for row in EP_ROWS]
    with pytest.raises(ParseError, match=r"occupation\.xlsx: .*occupational openings"):
        read_ep_workbook(ep_workbook(header, rows), "occupation.xlsx")


def test_a_workbook_without_table_1_2_is_refused():
    with pytest.raises(ParseError, match=r"occupation\.xlsx: no sheet 'Table 1\.2'"):
        read_ep_workbook(ep_workbook(sheet="Table 1.9", title_rows=[("Table 1.9 Other",)]), "occupation.xlsx")
