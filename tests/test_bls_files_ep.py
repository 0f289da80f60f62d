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


# Header text of other editions: line breaks, footnote markers, wording; each must read like 2023-33's.
HEADER_VARIANTS = {
    "line breaks": lambda h: h.replace(", ", ",\n"),
    "markers in parentheses": lambda h: h.replace("[1]", "") + "(1)" if "wage" in h else h,
    "markers on title and code": lambda h: f"{h}[2]" if "Matrix" in h else h,
    "no comma before the year": lambda h: h.replace("Employment, 20", "Employment 20"),
    "projected employment": lambda h: h.replace("Employment, 2033", "Projected employment, 2033"),
    "thousands in the label": lambda h: f"{h} (in thousands)" if h.startswith("Employment, ") else h,
    "hyphen in the span": lambda h: h.replace("\u2013", "-"),
}


@pytest.mark.parametrize("variant", HEADER_VARIANTS)
def test_header_text_of_other_editions_reads_alike(variant):
    expected = read_ep_workbook(ep_workbook(), "occupation.xlsx").facts
    header = [HEADER_VARIANTS[variant](h) for h in EP_HEADER]
    result = read_ep_workbook(ep_workbook(header), "occupation.xlsx")
    pd.testing.assert_frame_equal(result.facts, expected)
    assert result.warnings == []


@pytest.mark.parametrize("sheet", ["Table 1.2 ", "TABLE1.2", "table_1.2"])
def test_the_table_sheet_is_found_by_its_name_whatever_its_spacing(sheet):
    # The title row says something else, so only the name can find it.
    book = ep_workbook(
        sheet=sheet, title_rows=[("Employment by detailed occupation (Numbers in thousands)",)]
    )
    facts = read_ep_workbook(book, "occupation.xlsx").facts
    assert by_metric(facts, "31-9092")["employment"] == ("2023", 783900.0, "jobs", None)


CATEGORIES = ("entry_level_education", "work_experience", "on_the_job_training")


def test_an_edition_with_worker_characteristics_in_a_table_of_their_own():
    # Editions before 2023-33: Table 1.2 holds figures only (here also without the wage and self-employed
    # columns, as in 2019-29); education, experience and training are in Table 1.7, by code.
    kept = [i for i, h in enumerate(EP_HEADER) if not any(w in h for w in ("wage", "self", "education",
            "experience", "training", "OOH"))]  # fmt: skip
    header = [EP_HEADER[i] for i in kept]
    rows = [tuple(row[i] for i in kept) for row in EP_ROWS]
    characteristics = [i for i, h in enumerate(EP_HEADER) if i < 2 or any(
        w in h for w in ("education", "experience", "training"))]  # fmt: skip
    table_1_7 = [
        ("Table 1.7 Occupational projections and worker characteristics",),
        tuple(EP_HEADER[i] for i in characteristics),
        *(tuple(row[i] for i in characteristics) for row in reversed(EP_ROWS[2:])),
        ("Footnotes:",),
    ]
    result = read_ep_workbook(
        ep_workbook(header, rows, other_tables={"Table 1.7": table_1_7}), "occupation.xlsx"
    )
    expected = read_ep_workbook(ep_workbook(), "occupation.xlsx").facts
    for metric in CATEGORIES:
        got = result.facts[result.facts.metric == metric].sort_values("soc_code").reset_index(drop=True)
        want = expected[expected.metric == metric].sort_values("soc_code").reset_index(drop=True)
        pd.testing.assert_frame_equal(got, want)
        assert any(
            "taken from sheet 'Table 1.7'" in w for w in result.warnings if metric.replace("_", " ") in w
        )
    assert "median_pay_annual" not in set(result.facts.metric)
    assert by_metric(result.facts, "31-9092")["employment"] == ("2023", 783900.0, "jobs", None)


def test_categories_found_nowhere_are_a_warning_not_an_error():
    kept = [i for i, h in enumerate(EP_HEADER) if "education" not in h]
    header = [EP_HEADER[i] for i in kept]
    rows = [tuple(row[i] for i in kept) for row in EP_ROWS]
    result = read_ep_workbook(ep_workbook(header, rows), "occupation.xlsx")
    assert "entry_level_education" not in set(result.facts.metric)
    assert any("no column for entry level education" in w for w in result.warnings)


def test_a_code_stated_twice_is_one_row():
    rows = [*EP_ROWS, EP_ROWS[2]]
    result = read_ep_workbook(ep_workbook(rows=rows), "occupation.xlsx")
    assert result.rows_read == len(EP_ROWS)
    assert (
        len(result.facts[(result.facts.soc_code == "31-9092") & (result.facts.metric == "employment")]) == 1
    )
    assert any("31-9092" in w for w in result.warnings)


@pytest.mark.parametrize(
    "cell", [">=$239,200", "\u2265 $239,200", "$239,200 or more", "$239,200+", " >=239200 "]
)
def test_a_top_coded_wage_in_other_editions_wording_is_qualified(cell):
    wage = EP_HEADER.index("Median annual wage, dollars, 2023[1]")
    rows = [(*EP_ROWS[3][:wage], cell, *EP_ROWS[3][wage + 1 :])]
    facts = read_ep_workbook(ep_workbook(rows=rows), "occupation.xlsx").facts
    assert by_metric(facts, "29-1241")["median_pay_annual"] == ("2023", 239200.0, "USD/year", ">=")


def test_a_header_over_two_rows_reads_like_one():
    # A group label over the cells below it, as merged header cells read: "Employment" over the two
    # years, "Employment change, 2023–33" over "Number" and "Percent" (years as numbers, as Excel keeps them).
    upper = list(EP_HEADER)
    lower: list[object] = [""] * len(EP_HEADER)
    for first, group, below in (
        (3, "Employment", (2023, 2033)),
        (5, "Employment distribution, percent", (2023, 2033)),
        (7, "Employment change, 2023\u201333", ("Number", "Percent")),
    ):
        upper[first : first + 2] = [group, ""]
        lower[first : first + 2] = below
    result = read_ep_workbook(ep_workbook(upper, [lower, *EP_ROWS]), "occupation.xlsx")
    pd.testing.assert_frame_equal(result.facts, read_ep_workbook(ep_workbook(), "occupation.xlsx").facts)
    assert result.rows_read == len(EP_ROWS)


def test_thousands_stated_in_the_header_instead_of_the_title():
    header = [f"{h} (thousands)" if h.startswith("Employment, ") else h for h in EP_HEADER]
    result = read_ep_workbook(
        ep_workbook(header, title_rows=[("Table 1.2 Occupational projections",)]), "o.xlsx"
    )
    assert by_metric(result.facts, "31-9092")["employment"] == ("2023", 783900.0, "jobs", None)
    assert result.warnings == []


def test_a_table_in_jobs_rather_than_thousands_is_not_multiplied():
    # Constructed: the employment, change and openings columns stated as jobs, no "thousands" anywhere.
    jobs = [3, 4, 7, 10]
    rows = [tuple(round(v * 1000) if i in jobs else v for i, v in enumerate(row)) for row in EP_ROWS]
    result = read_ep_workbook(
        ep_workbook(rows=rows, title_rows=[("Table 1.2 Occupational projections",)]), "o.xlsx"
    )
    assert by_metric(result.facts, "00-0000")["employment"] == ("2023", 167849800.0, "jobs", None)
    assert by_metric(result.facts, "31-9092")["openings_per_year"] == (
        "2023-2033",
        119800.0,
        "jobs/year",
        None,
    )
    assert any("read as jobs" in w for w in result.warnings)
    thousands = read_ep_workbook(ep_workbook(title_rows=[("Table 1.2 Occupational projections",)]), "o.xlsx")
    assert by_metric(thousands.facts, "00-0000")["employment"] == ("2023", 167849800.0, "jobs", None)
    assert any("read as thousands" in w for w in thousands.warnings)
