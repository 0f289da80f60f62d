"""`bls-oews-files` and `bls-ep-files` end to end: a loopback bls.gov serves the OEWS tables page and
zips (and the projections workbook) that these tests write, one May (one edition) at a time; each
refresh loads one release, and the releases follow the publisher (a new year's file supersedes the
previous year's: its series roll, retired codes are removed, new ones added, old years stay answerable)."""

from __future__ import annotations

import pytest
from conftest import MA_PATH, Served
from conftest import warehouse_rows as rows
from ooh_pages import medical_assistants_2025, render
from typer.testing import CliRunner

from extractors.sources.bls_ep_files.workbook import read_ep_workbook
from extractors.sources.bls_oews_files.workbook import read_oews_file
from flows.cli import app
from flows.refresh import run_refresh as refresh
from tests.bls_files_workbooks import (
    COLUMNS_2014,
    COLUMNS_2019,
    COLUMNS_2023,
    EP_HEADER,
    EP_ROWS,
    EP_TITLE,
    TOP_CODE_NOTE_2017,
    TOP_CODE_NOTE_2023,
    ep_workbook,
    national_rows,
    relaid,
    xls,
    xlsx,
    zipped,
)

pytestmark = pytest.mark.usefixtures("prefect_harness")

TOT_EMP, A_MEDIAN = COLUMNS_2023.index("TOT_EMP"), COLUMNS_2023.index("A_MEDIAN")
ZIP = "application/zip"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EP_PATH = "/emp/ind-occ-matrix/occupation.xlsx"


@pytest.fixture(autouse=True)
def contact(monkeypatch):
    monkeypatch.setenv("LABORSTATS_CONTACT", "data-team@example.org")


def config(tmp_path, sources: str = '"bls-oews-files"') -> str:
    path = tmp_path / "laborstats.toml"
    path.write_text(
        f"sources = [{sources}]\n"
        '[[occupations]]\nslug = "medical-assistants"\nooh = "healthcare/medical-assistants"\n'
        'soc = ["31-9092"]\n'
        "[fetch]\nmin_interval_s = 0\nbackoff_base_s = 0.001\nbackoff_max_s = 0.005\n"
        '[bls_oews_files]\nscopes = ["nat"]\n',
        encoding="utf-8",
    )
    return str(path)


def with_figures(code: str, employment: float, median_annual: float) -> tuple:
    row = list(national_rows(code)[0])
    row[TOT_EMP], row[A_MEDIAN] = employment, median_annual
    return tuple(row)


def national_zip(year: int, rows: list[tuple], layout: int = 2023) -> bytes:
    """`year`'s national zip with May 2023-ordered `rows` laid out as BLS did in `layout`'s year:
    2014 (to 2018) an .xls of 20 columns without area columns or notes, 2019 lower-case headers with
    the area columns, 2023 (2021 on) upper case with PRIM_STATE and PCT_RPT."""
    short = str(year)[2:]
    if layout == 2014:
        book = xls(COLUMNS_2014, relaid(COLUMNS_2014, rows), sheet=f"national_M{year}_dl")
        return zipped({f"oesm{short}nat/national_M{year}_dl.xls": book})
    columns = COLUMNS_2019 if layout == 2019 else COLUMNS_2023
    note = TOP_CODE_NOTE_2017 if layout == 2019 else TOP_CODE_NOTE_2023
    book = xlsx(
        columns,
        relaid(columns, rows),
        sheet=f"national_M{year}_dl",
        notes=(f"May {year} OEWS Estimates", note),
    )
    return zipped({f"oesm{short}nat/national_M{year}_dl.xlsx": book})


def tables_page(*years: int) -> bytes:
    links = "".join(
        f'<li><a href="/oes/special-requests/oesm{str(y)[2:]}nat.zip">May {y} national (ZIP)</a></li>'
        for y in years
    )
    return f"<html><body><h1>OEWS tables</h1><ul>{links}</ul></body></html>".encode()


# May 2022: medical assistants with the real May 2022 figures; medical secretaries, later retired here.
MAY_2022 = [
    *national_rows("00-0000"),
    with_figures("31-9092", 752460, 38270),
    *national_rows("29-1241", "25-2021", "27-2011", "43-6013"),
]
# May 2023: the real May 2023 rows; 43-6013 gone, 31-0000 new.
MAY_2023 = national_rows("00-0000", "31-9092", "29-1241", "25-2021", "27-2011", "31-0000")


def publish(site, year: int, rows: list[tuple], *earlier: int, layout: int = 2023) -> bytes:
    """The loopback bls.gov as it stands in the year after May `year`: the tables page links `year`
    (and the `earlier` years still listed), and serves `year`'s zip (in `layout`, see `national_zip`)."""
    data = national_zip(year, rows, layout)
    site.routes["/oes/tables.htm"] = Served(200, tables_page(*earlier, year))
    site.routes[f"/oes/special-requests/oesm{str(year)[2:]}nat.zip"] = Served(
        200, data, {"Content-Type": ZIP}
    )
    return data


def series(data: bytes, name: str) -> set[tuple]:
    facts = read_oews_file(data, name).facts
    return set(zip(facts.metric, facts.soc_code, facts.area, facts.industry.fillna(""), strict=True))


def refresh_options(site, warehouse, config_path: str) -> dict:
    """A refresh of `warehouse` against the loopback bls.gov, with the config file at `config_path`."""
    return {"base_urls": [f"bls={site.url}"], "warehouse": str(warehouse), "config": config_path}


def implied_diff(old: set[tuple], new: set[tuple]) -> dict[str, int]:
    """The diff counts two files' series imply: the same figures never count as changed across years."""
    return {"rolled": len(old & new), "added": len(new - old), "removed": len(old - new), "changed": 0}


def diff_counts(warehouse, a: int, b: int) -> dict[str, int]:
    found = dict(rows(warehouse, "SELECT change, count(*) FROM release_diff(?, ?) GROUP BY 1", [a, b]))
    return {change: found.get(change, 0) for change in ("rolled", "added", "removed", "changed")}


def test_each_may_supersedes_the_last_and_every_year_stays_answerable(tmp_path, loopback_site):
    warehouse = tmp_path / "warehouse.duckdb"
    options = refresh_options(loopback_site, warehouse, config(tmp_path))

    first = publish(loopback_site, 2022, MAY_2022)
    result = refresh(**options)
    assert result.exit_code == 0, result.failures
    second = publish(loopback_site, 2023, MAY_2023, 2022)
    result = refresh(**options)
    assert result.exit_code == 0, result.failures

    # Every figure equals the file's; the current statement is May 2023 only.
    expected = read_oews_file(second, "oesm23nat.zip").facts
    stored = rows(warehouse, "SELECT metric, soc_code, area, period, value_num, qualifier FROM facts")
    assert sorted(stored, key=str) == sorted(
        zip(expected.metric, expected.soc_code, expected.area, expected.period, expected.value_num,
            expected.qualifier.where(expected.qualifier.notna(), None), strict=True),
        key=str,
    )  # fmt: skip
    ma = "SELECT metric, period, value_num FROM {} WHERE soc_code = '31-9092' AND metric IN "
    ma += "('employment', 'median_pay_annual') ORDER BY metric"
    assert rows(warehouse, ma.format("facts")) == [
        ("employment", "2023", 763040.0),
        ("median_pay_annual", "2023", 42000.0),
    ]
    assert rows(warehouse, ma.format("facts_as_of(1)")) == [
        ("employment", "2022", 752460.0),
        ("median_pay_annual", "2022", 38270.0),
    ]

    # Special values are not numbers: '#' is the top code with '>=', '*' states no figure.
    top = rows(warehouse, "SELECT value_num, qualifier FROM facts WHERE soc_code = '29-1241' "
               "AND metric = 'median_pay_annual'")  # fmt: skip
    assert top == [(239200.0, ">=")]
    assert rows(warehouse, "SELECT count(*) FROM facts WHERE soc_code = '25-2021' AND unit = 'USD/hour'") == [
        (0,)
    ]

    # The release's diff counts are what the two files imply.
    old, new = series(first, "oesm22nat.zip"), series(second, "oesm23nat.zip")
    assert diff_counts(warehouse, 1, 2) == implied_diff(old, new)
    assert len(new - old) > 0 and len(old - new) > 0
    assert rows(warehouse, "SELECT DISTINCT soc_code FROM release_diff(1, 2) WHERE change = 'removed'") == [
        ("43-6013",)
    ]
    assert rows(warehouse, "SELECT count(*) FROM facts_as_of(1) WHERE period = '2022'")[0][0] == len(old)


# Across the 2019 layout change and a SOC revision. The rows carry May 2023's figures (the layouts are
# under test, not the figures): May 2018 as the 2014-2018 .xls (no area columns, no notes: the top code
# is the one published for 2018); May 2019 lower case with area columns, one code retired (43-6013)
# and three introduced, as a SOC revision does.
MAY_2018 = national_rows("00-0000", "31-9092", "29-1241", "25-2021", "27-2011", "43-6013")
MAY_2019 = national_rows(
    "00-0000", "31-9092", "29-1241", "25-2021", "27-2011", "31-0000", "31-9090", "13-1020"
)


def test_a_layout_change_and_a_soc_revision_between_two_mays(tmp_path, loopback_site):
    warehouse = tmp_path / "warehouse.duckdb"
    options = refresh_options(loopback_site, warehouse, config(tmp_path))
    first = publish(loopback_site, 2018, MAY_2018, layout=2014)
    assert refresh(**options).exit_code == 0
    second = publish(loopback_site, 2019, MAY_2019, 2018, layout=2019)
    result = refresh(**options)
    assert result.exit_code == 0, result.failures

    old, new = series(first, "oesm18nat.zip"), series(second, "oesm19nat.zip")
    assert {area for _, _, area, _ in old | new} == {"US"}  # no area column, and area 99: both national
    assert diff_counts(warehouse, 1, 2) == implied_diff(old, new)
    assert rows(warehouse, "SELECT DISTINCT soc_code FROM release_diff(1, 2) WHERE change = 'removed'") == [
        ("43-6013",)
    ]
    added = "SELECT DISTINCT soc_code FROM release_diff(1, 2) WHERE change = 'added' ORDER BY 1"
    assert rows(warehouse, added) == [("13-1020",), ("31-0000",), ("31-9090",)]

    # May 2018 stays answerable, figure for figure, special values included.
    expected = read_oews_file(first, "oesm18nat.zip").facts
    as_of_first = "SELECT metric, soc_code, period, value_num, qualifier FROM facts_as_of(1)"
    assert sorted(rows(warehouse, as_of_first), key=str) == sorted(
        zip(expected.metric, expected.soc_code, expected.period, expected.value_num,
            expected.qualifier.where(expected.qualifier.notna(), None), strict=True),
        key=str,
    )  # fmt: skip
    top = (
        "SELECT period, value_num, qualifier FROM {} WHERE soc_code = '29-1241' AND metric = 'pay_p90_annual'"
    )
    assert rows(warehouse, top.format("facts_as_of(1)")) == [("2018", 208000.0, ">=")]
    assert rows(warehouse, top.format("facts")) == [("2019", 208000.0, ">=")]
    hourly = "SELECT count(*) FROM {} WHERE soc_code = '25-2021' AND unit = 'USD/hour'"
    assert (
        rows(warehouse, hourly.format("facts_as_of(1)")) == rows(warehouse, hourly.format("facts")) == [(0,)]
    )
    assert rows(warehouse, "SELECT count(*) FROM facts WHERE value_num = 0") == [(0,)]


def test_an_unchanged_file_is_not_read_again_and_a_shrunken_one_is_rejected(tmp_path, loopback_site):
    warehouse = tmp_path / "warehouse.duckdb"
    options = refresh_options(loopback_site, warehouse, config(tmp_path))
    publish(loopback_site, 2023, MAY_2023)
    assert refresh(**options).exit_code == 0
    loaded = rows(warehouse, "SELECT count(*) FROM facts")[0][0]

    again = refresh(**options)
    assert again.exit_code == 0
    assert again.release.status == "unchanged"
    assert rows(warehouse, "SELECT count(*) FROM confirmations")[0][0] == 1  # not compared again

    publish(loopback_site, 2024, national_rows("00-0000"), 2023)  # a damaged next year
    broken = refresh(**options)
    assert broken.exit_code == 3
    assert "suspected layout change" in broken.failures[0].reason
    assert "oesm24nat.zip" in broken.failures[0].url
    assert rows(warehouse, "SELECT count(*), min(period) FROM facts") == [(loaded, "2023")]


def test_a_pinned_year_loads_that_year(tmp_path, loopback_site):
    warehouse = tmp_path / "warehouse.duckdb"
    path = config(tmp_path)
    with open(path, "a", encoding="utf-8") as out:
        out.write('year = "2022"\n')
    publish(loopback_site, 2022, MAY_2022)
    publish(loopback_site, 2023, MAY_2023, 2022)
    result = refresh(**refresh_options(loopback_site, warehouse, path))
    assert result.exit_code == 0
    assert rows(warehouse, "SELECT DISTINCT period FROM facts") == [("2022",)]


def edition(first_year: int, rows_: list[tuple]) -> bytes:
    """The projections workbook of the `first_year`-(first_year+10) edition."""
    old, new = ("2023", "2033", "33"), (str(first_year), str(first_year + 10), str(first_year + 10)[2:])

    def moved(text: str) -> str:
        for a, b in zip(old, new, strict=True):
            text = text.replace(a, b)
        return text

    return ep_workbook([moved(h) for h in EP_HEADER], rows_, title_rows=((moved(EP_TITLE),),))


# The 2024-34 edition: medical assistants with the handbook's 2025 figures.
EP_2024 = [
    ("        Medical assistants", "31-9092", "Line item", 811.0, 912.2, 0.5, 0.5, 101.2, 12.5, 0.3, 112.3,
     44200, "Postsecondary nondegree award", "None", "None", "OOH Content"),
    *EP_ROWS[3:],
]  # fmt: skip


def test_projection_editions_roll_at_the_same_url(tmp_path, loopback_site):
    warehouse = tmp_path / "warehouse.duckdb"
    options = {**refresh_options(loopback_site, warehouse, config(tmp_path)), "sources": ["bls-ep-files"]}
    editions = [edition(2023, EP_ROWS), edition(2024, EP_2024)]
    for data in editions:
        loopback_site.routes[EP_PATH] = Served(200, data, {"Content-Type": XLSX})
        assert refresh(**options).exit_code == 0
    first, second = (read_ep_workbook(data, "occupation.xlsx").facts for data in editions)
    keys = [set(zip(f.metric, f.soc_code, strict=True)) for f in (first, second)]
    assert diff_counts(warehouse, 1, 2) == implied_diff(*keys)
    ma = "SELECT period, value_num FROM {} WHERE soc_code = '31-9092' AND metric = 'employment'"
    assert rows(warehouse, ma.format("facts_as_of(1)")) == [("2023", 783900.0)]
    assert rows(warehouse, ma.format("facts")) == [("2024", 811000.0)]
    top = "SELECT value_num, qualifier FROM facts WHERE soc_code = '29-1241' AND metric = 'median_pay_annual'"
    assert rows(warehouse, top) == [(239200.0, ">=")]
    assert rows(
        warehouse, "SELECT count(*) FROM facts WHERE soc_code = '27-2011' AND metric = 'median_pay_annual'"
    ) == [(0,)]


def test_check_lists_disagreements_beyond_rounding_and_exits_5(tmp_path, loopback_site):
    warehouse = tmp_path / "warehouse.duckdb"
    options = refresh_options(loopback_site, warehouse, config(tmp_path, '"bls-ooh", "bls-ep-files"'))
    loopback_site.routes[MA_PATH] = Served(200, render(medical_assistants_2025()).encode())
    loopback_site.routes[EP_PATH] = Served(200, edition(2024, EP_2024), {"Content-Type": XLSX})
    assert refresh(**options).exit_code == 0
    runner = CliRunner()
    agreed = runner.invoke(
        app, ["check", "--fail-on-disagreement", "--format", "json", "--warehouse", str(warehouse)]
    )
    assert agreed.exit_code == 0, agreed.output
    assert agreed.stdout.strip() == "[]"
    assert "0 disagree" in agreed.stderr and not agreed.stderr.startswith("0 figures")

    revised = [("        Medical assistants", "31-9092", *EP_2024[0][2:3], 815.0, *EP_2024[0][4:])]
    loopback_site.routes[EP_PATH] = Served(200, edition(2024, revised + EP_2024[1:]), {"Content-Type": XLSX})
    assert refresh(**options).exit_code == 0
    found = runner.invoke(
        app, ["check", "--fail-on-disagreement", "--format", "json", "--warehouse", str(warehouse)]
    )
    assert found.exit_code == 5, found.output
    import json

    listed = json.loads(found.stdout)
    assert [(r["soc_code"], r["metric"], r["value_a"], r["value_b"]) for r in listed] == [
        ("31-9092", "employment", 811000, 815000)
    ]
    plain = runner.invoke(app, ["check", "--warehouse", str(warehouse)])
    assert plain.exit_code == 0
