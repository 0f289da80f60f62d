"""`laborstats audit` end to end on short guides written for these tests, against the two-release
warehouse of `audit_warehouse` (dental hygienists' figures from the handbook, OEWS and EP)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from audit_warehouse import DH, DH_URL, OEWS_URL, Document, Release, build, fact, load
from conftest import Served, warehouse_rows
from typer.testing import CliRunner

from flows.cli import app

runner = CliRunner()

CONTRACT_FIELDS = [
    "document",
    "text",
    "start",
    "end",
    "value",
    "unit",
    "qualifier",
    "attributed_to",
    "source",
    "metric",
    "soc_code",
    "occupation",
    "area",
    "industry",
    "period",
    "status",
    "current_value",
    "current_period",
    "source_url",
    "document_sha256",
]

GUIDE = """# Dental hygienists: pay and outlook

Dental hygienists earned a median annual wage of $87,530 in May 2023, according to the Bureau of Labor \
Statistics. The lowest 10 percent earned less than $65,110.

Employment of dental hygienists is projected to grow 9 percent from 2023 to 2033, with about 15,300 \
openings each year.

In 2024 dental hygienists held about 226,400 jobs.

Hygienists in California earned a mean annual wage of $125,590 in May 2023.

Median annual wages in the industries employing the most dental hygienists in May 2023:
- Offices of dentists: $88,450

Pharmacy technicians earned a median hourly wage of $20.83 in May 2023.

PayScale puts the average dental hygienist salary at $79,000.
"""


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("audit") / "warehouse.duckdb")


def audit(warehouse: Path, *args: str):
    return runner.invoke(app, ["audit", "--warehouse", str(warehouse), *args])


def audit_json(warehouse: Path, tmp_path: Path, text: str, name: str = "guide.md") -> list[dict]:
    guide = tmp_path / name
    guide.write_text(text, encoding="utf-8")
    result = audit(warehouse, str(guide), "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_each_figure_gets_a_mapping_and_a_status(warehouse, tmp_path):
    rows = audit_json(warehouse, tmp_path, GUIDE)
    assert all(list(row)[: len(CONTRACT_FIELDS)] == CONTRACT_FIELDS for row in rows)
    assert all(GUIDE[row["start"] : row["end"]] == row["text"] for row in rows)
    seen = [
        (
            r["text"],
            r["status"],
            r["source"],
            r["metric"],
            r["soc_code"],
            r["area"],
            r["industry"],
            r["period"],
            r["current_value"],
            r["current_period"],
        )
        for r in rows
    ]
    assert seen == [
        ("$87,530", "outdated", "bls-ooh", "median_pay_annual", DH, "US", None, "2023", 94260, "2024"),
        ("$65,110", "outdated", "bls-ooh", "pay_p10_annual", DH, "US", None, "2023", 68450, "2024"),
        (
            "9 percent",
            "outdated",
            "bls-ooh",
            "employment_change_pct",
            DH,
            "US",
            None,
            "2023-2033",
            7,
            "2024-2034",
        ),
        (
            "15,300",
            "outdated",
            "bls-ooh",
            "openings_per_year",
            DH,
            "US",
            None,
            "2023-2033",
            15400,
            "2024-2034",
        ),
        ("226,400", "current", "bls-ooh", "employment", DH, "US", None, "2024", 226400, "2024"),
        ("$125,590", "outdated", "bls-oews", "mean_pay_annual", DH, "06", None, "2023", 130790, "2024"),
        (
            "$88,450",
            "outdated",
            "bls-ooh",
            "industry_median_pay_annual",
            DH,
            "US",
            "Offices of dentists",
            "2023",
            94800,
            "2024",
        ),
        ("$20.83", "no-series", None, "median_pay_hourly", "29-2052", "US", None, "2023", None, None),
        ("$79,000", "other-source", None, "mean_pay_annual", DH, "US", None, None, None, None),
    ]
    other = rows[-1]
    assert other["attributed_to"] == "PayScale" and other["source_url"] is None
    outdated = rows[0]
    documents = dict(
        warehouse_rows(warehouse, "SELECT url, sha256 FROM documents WHERE fetched_at > '2025-01-01'")
    )
    assert outdated["source_url"] == DH_URL and outdated["document_sha256"] == documents[DH_URL]
    assert rows[0]["attributed_to"] == "BLS"


FAMILIES = [
    # (text, printed, metric, soc, area, industry, source, status)
    (
        "Medical assistants held about 811,000 jobs in 2024.",
        "811,000",
        "employment",
        "31-9092",
        "US",
        None,
        "bls-ooh",
        "current",
    ),
    (
        "The median annual wage for a dental hygienist was $94,260 in May 2024.",
        "$94,260",
        "median_pay_annual",
        DH,
        "US",
        None,
        "bls-ooh",
        "current",
    ),
    (
        "Employment of dental hygienists is projected to grow 7 percent from 2024 to 2034.",
        "7 percent",
        "employment_change_pct",
        DH,
        "US",
        None,
        "bls-ooh",
        "current",
    ),
    (
        "Employment of dental hygienists is projected to grow 9 percent from 2023 to 2033, "
        "an increase of 19,000 jobs.",
        "19,000",
        "employment_change",
        DH,
        "US",
        None,
        "bls-ooh",
        "outdated",
    ),
    (
        "About 15,400 openings for dental hygienists are projected each year, on average, over the decade.",
        "15,400",
        "openings_per_year",
        DH,
        "US",
        None,
        "bls-ooh",
        "current",
    ),
    (
        "Dental hygienists earned a median hourly wage of $42.08 in May 2023.",
        "$42.08",
        "median_pay_hourly",
        DH,
        "US",
        None,
        "bls-ooh",
        "outdated",
    ),
    (
        "The lowest 25 percent of dental hygienists earned less than $80,120 in May 2024.",
        "$80,120",
        "pay_p25_annual",
        DH,
        "US",
        None,
        "bls-oews",
        "current",
    ),
    (
        "Dental hygienists in California earned a mean annual wage of $130,790 in May 2024.",
        "$130,790",
        "mean_pay_annual",
        DH,
        "06",
        None,
        "bls-oews",
        "current",
    ),
    (
        "Industries employing the most dental hygienists in May 2023:\n- Offices of dentists: 190,480",
        "190,480",
        "industry_employment",
        DH,
        "US",
        "Offices of dentists",
        "bls-oews",
        "outdated",
    ),
    (
        "Mean annual wages of dental hygienists in the top-paying industries in May 2024:\n"
        "- Offices of dentists: $94,050",
        "$94,050",
        "mean_pay_annual",
        DH,
        "US",
        "Offices of dentists",
        "bls-oews",
        "current",
    ),
    # no statistic named: the mean is the series whose history holds the value
    (
        "Dental hygienists earned $91,010 a year in May 2023.",
        "$91,010",
        "mean_pay_annual",
        DH,
        "US",
        None,
        "bls-oews",
        "outdated",
    ),
    # a title only the projections state
    (
        "Employment of wind turbine service technicians is projected to grow 50 percent from 2024 to 2034.",
        "50 percent",
        "employment_change_pct",
        "49-9081",
        "US",
        None,
        "bls-ep",
        "current",
    ),
    # a title only OEWS states
    (
        "Pharmacy technicians held 451,800 jobs in May 2023.",
        "451,800",
        "employment",
        "29-2052",
        "US",
        None,
        "bls-oews",
        "outdated",
    ),
    # the detailed occupation, not the broad group of the same title
    (
        "Physician assistants held 148,000 jobs in May 2024.",
        "148,000",
        "employment",
        "29-1071",
        "US",
        None,
        "bls-oews",
        "current",
    ),
    (
        "According to PayScale, dental hygienists earn $79,000 a year.",
        "$79,000",
        "median_pay_annual",
        DH,
        "US",
        None,
        None,
        "other-source",
    ),
]


@pytest.mark.parametrize(
    ("text", "printed", "metric", "soc", "area", "industry", "source", "status"), FAMILIES
)
def test_each_phrasing_family_maps_to_its_series(
    warehouse, tmp_path, text, printed, metric, soc, area, industry, source, status
):
    rows = audit_json(warehouse, tmp_path, text + "\n")
    found = [r for r in rows if r["text"] == printed]
    assert len(found) == 1, rows
    row = found[0]
    assert (row["metric"], row["soc_code"], row["area"], row["source"], row["status"]) == (
        metric,
        soc,
        area,
        source,
        status,
    )
    assert row["industry"] == industry


def test_rewrite_replaces_only_outdated_figures_and_their_period_words(warehouse, tmp_path):
    guide = tmp_path / "guide.md"
    guide.write_text(GUIDE, encoding="utf-8")
    out = tmp_path / "rewritten.md"
    result = audit(warehouse, str(guide), "--rewrite", str(out))
    assert result.exit_code == 0, result.stderr
    expected = (
        GUIDE.replace("$87,530 in May 2023", "$94,260 in May 2024")
        .replace("$65,110", "$68,450")
        .replace("9 percent from 2023 to 2033", "7 percent from 2024 to 2034")
        .replace("15,300", "15,400")
        .replace("$125,590 in May 2023", "$130,790 in May 2024")
        .replace("dental hygienists in May 2023:", "dental hygienists in May 2024:")
        .replace("$88,450", "$94,800")
    )
    assert out.read_text(encoding="utf-8") == expected
    assert "$87,530 -> $94,260" in result.stderr and "2023 to 2033 -> 2024 to 2034" in result.stderr
    assert f"{out}: 10 changes" in result.stderr


def test_rewritten_guide_audits_current(warehouse, tmp_path):
    guide = tmp_path / "guide.md"
    guide.write_text(GUIDE, encoding="utf-8")
    out = tmp_path / "rewritten.md"
    assert audit(warehouse, str(guide), "--rewrite", str(out)).exit_code == 0
    rows = json.loads(audit(warehouse, str(out), "--format", "json").stdout)
    assert {r["status"] for r in rows} == {"current", "no-series", "other-source"}


def test_claims_round_trip_gives_the_same_statuses(warehouse, tmp_path):
    guide = tmp_path / "guide.md"
    guide.write_text(GUIDE, encoding="utf-8")
    claims = tmp_path / "claims.toml"
    result = audit(warehouse, str(guide), "--format", "json", "--claims", str(claims))
    assert result.exit_code == 0, result.stderr
    audited = [r for r in json.loads(result.stdout) if r["status"] != "other-source"]
    figures = runner.invoke(
        app, ["figures", "--claims", str(claims), "--warehouse", str(warehouse), "--format", "json"]
    )
    assert figures.exit_code == 0, figures.stderr
    reported = json.loads(figures.stdout)
    expected = {"current": "current", "outdated": "outdated", "no-series": "unmapped"}
    assert [expected[r["status"]] for r in audited] == [r["status"] for r in reported]
    assert [r["current_value"] for r in audited] == [r["current_value"] for r in reported]
    assert "PayScale" in claims.read_text(encoding="utf-8")  # listed, not tracked


def test_a_rounded_figure_is_current_and_round_trips(warehouse, tmp_path):
    text = (
        "Employment of wind turbine service technicians is projected to grow 50 percent from 2024 to 2034.\n"
    )
    guide = tmp_path / "wind.txt"
    guide.write_text(text, encoding="utf-8")
    claims = tmp_path / "claims.toml"
    result = audit(warehouse, str(guide), "--format", "json", "--claims", str(claims))
    [row] = json.loads(result.stdout)
    assert (row["status"], row["current_value"], row["matched_value"]) == ("current", 50.4, 50.4)
    figures = runner.invoke(
        app, ["figures", "--claims", str(claims), "--warehouse", str(warehouse), "--format", "json"]
    )
    assert [r["status"] for r in json.loads(figures.stdout)] == ["current"]


def test_bad_inputs_are_named_while_the_others_are_audited(warehouse, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Medical assistants held about 811,000 jobs in 2024.\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n", encoding="utf-8")
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    missing = tmp_path / "missing.md"
    result = audit(warehouse, str(missing), str(empty), str(good), str(binary), "--format", "json")
    assert result.exit_code == 1
    assert f"{missing}: cannot read" in result.stderr
    assert f"{empty}: holds no text" in result.stderr
    assert f"{binary}: binary data" in result.stderr
    rows = json.loads(result.stdout)
    assert [(r["document"], r["text"], r["status"]) for r in rows] == [(str(good), "811,000", "current")]


def test_a_text_without_figures_gives_an_empty_report(warehouse, tmp_path):
    guide = tmp_path / "plain.txt"
    guide.write_text(
        "Call 555-123-4567 to enroll. The 12-month program costs $4,500 and starts in 2025; "
        "students must be 18.\n",
        encoding="utf-8",
    )
    result = audit(warehouse, str(guide), "--format", "json", "--fail-on-outdated")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == []


def test_fail_on_outdated_exits_4(warehouse, tmp_path):
    guide = tmp_path / "guide.md"
    guide.write_text(GUIDE, encoding="utf-8")
    result = audit(warehouse, str(guide), "--fail-on-outdated")
    assert result.exit_code == 4
    assert "6 figures outdated" in result.stderr or "figures outdated" in result.stderr
    current = tmp_path / "current.txt"
    current.write_text("Medical assistants held about 811,000 jobs in 2024.\n", encoding="utf-8")
    assert audit(warehouse, str(current), "--fail-on-outdated").exit_code == 0


HTML_GUIDE = """<!DOCTYPE html>
<html><head><title>Dental hygienist careers 2023</title><style>p { color: #333 }</style></head>
<body><h1>Dental hygienists</h1>
<p>Dental hygienists earned a median annual wage of <strong>$87,530</strong> in May 2023.</p>
<ul><li>Employment of dental hygienists is projected to grow 7 percent from 2024 to 2034.</li></ul>
</body></html>
"""


def test_html_guides_are_read_as_a_browser_shows_them_and_rewritten_in_the_markup(warehouse, tmp_path):
    guide = tmp_path / "guide.html"
    guide.write_text(HTML_GUIDE, encoding="utf-8")
    out = tmp_path / "rewritten.html"
    result = audit(warehouse, str(guide), "--format", "json", "--rewrite", str(out))
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [(r["text"], r["status"]) for r in rows] == [("$87,530", "outdated"), ("7 percent", "current")]
    expected = HTML_GUIDE.replace(
        "<strong>$87,530</strong> in May 2023", "<strong>$94,260</strong> in May 2024"
    )
    assert out.read_text(encoding="utf-8") == expected  # the title's 2023 is not a figure's period


def test_html_report_is_one_self_contained_page(warehouse, tmp_path):
    guide = tmp_path / "guide.md"
    guide.write_text(GUIDE + "\nA <script> is not markup here.\n", encoding="utf-8")
    result = audit(warehouse, str(guide), "--format", "html")
    assert result.exit_code == 0, result.stderr
    page = result.stdout
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page.replace("&lt;script&gt;", "")
    assert "src=" not in page and "<link" not in page
    assert 'class="badge outdated"' in page and 'class="badge other-source"' in page
    assert "<mark>$87,530</mark>" in page and DH_URL in page


def test_markdown_report_has_a_row_per_figure(warehouse, tmp_path):
    guide = tmp_path / "guide.md"
    guide.write_text(GUIDE, encoding="utf-8")
    result = audit(warehouse, str(guide), "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("|")]
    assert len(lines) == 2 + 9 and "| outdated |" in result.stdout


def test_a_url_is_fetched_politely_and_archived(warehouse, tmp_path, loopback_site, monkeypatch):
    monkeypatch.setenv("LABORSTATS_CONTACT", "tests@example.org")
    body = HTML_GUIDE.encode("utf-8")
    loopback_site.routes["/careers/dental-hygienist"] = Served(200, body)
    url = f"{loopback_site.url}/careers/dental-hygienist"
    missing = f"{loopback_site.url}/careers/gone.html"
    result = audit(warehouse, url, missing, "--format", "json")
    assert result.exit_code == 1
    assert f"{missing}: HTTP 404" in result.stderr
    rows = json.loads(result.stdout)
    assert [(r["document"], r["text"]) for r in rows] == [(url, "$87,530"), (url, "7 percent")]
    sha = hashlib.sha256(body).hexdigest()
    assert (warehouse.parent / "raw" / sha[:2] / sha).exists() or any(
        (warehouse.parent / "raw").rglob(sha + "*")
    )
    request = loopback_site.hits("/careers/dental-hygienist")[0]
    assert "tests@example.org" in request["headers"]["User-Agent"]


def test_titles_are_rebuilt_when_a_new_release_brings_new_occupations(tmp_path):
    warehouse = build(tmp_path / "warehouse.duckdb")
    guide = tmp_path / "guide.txt"
    guide.write_text("Orthodontists held about 8,100 jobs in 2024.\n", encoding="utf-8")
    before = json.loads(audit(warehouse, str(guide), "--format", "json").stdout)
    # the warehouse knows no orthodontists yet: a labor figure for no known occupation
    assert [(r["soc_code"], r["status"]) for r in before] == [(None, "no-series")]
    assert list((tmp_path / "cache").glob("*.pickle"))
    load(
        warehouse,
        Release(
            [
                Document(
                    OEWS_URL.format(yy="24").replace("291292", "291023"),
                    "bls-oews",
                    [
                        fact(
                            "bls-oews",
                            "employment",
                            8100,
                            "jobs",
                            "2024",
                            "29-1023",
                            occupation="Orthodontists",
                        )
                    ],
                )
            ]
        ),
    )
    after = json.loads(audit(warehouse, str(guide), "--format", "json").stdout)
    assert [(r["soc_code"], r["status"]) for r in after] == [("29-1023", "current")]


def test_several_inputs_rewrite_into_a_folder(warehouse, tmp_path):
    first, second = tmp_path / "a" / "guide.md", tmp_path / "b" / "guide.md"
    for path in (first, second):
        path.parent.mkdir()
        path.write_text(
            "Dental hygienists earned a median hourly wage of $42.08 in May 2023.\n", encoding="utf-8"
        )
    out = tmp_path / "out"
    result = audit(warehouse, str(first), str(second), "--rewrite", str(out))
    assert result.exit_code == 0, result.stderr
    written = sorted(p.name for p in out.iterdir())
    assert written == ["guide-2.md", "guide.md"]
    assert (out / "guide.md").read_text(encoding="utf-8") == (
        "Dental hygienists earned a median hourly wage of $45.32 in May 2024.\n"
    )


def test_a_warehouse_rebuilt_from_scratch_does_not_reuse_stale_titles(tmp_path):
    warehouse = build(tmp_path / "warehouse.duckdb")
    guide = tmp_path / "guide.txt"
    guide.write_text("Orthodontists held about 8,100 jobs in 2024.\n", encoding="utf-8")
    assert [r["soc_code"] for r in json.loads(audit(warehouse, str(guide), "--format", "json").stdout)] == [
        None
    ]
    warehouse.unlink()  # the same path, a new warehouse whose release 1 knows orthodontists
    orthodontists = fact(
        "bls-oews", "employment", 8100, "jobs", "2024", "29-1023", occupation="Orthodontists"
    )
    load(
        warehouse,
        Release([Document("https://www.bls.gov/oes/2024/may/oes291023.htm", "bls-oews", [orthodontists])]),
    )
    rows = json.loads(audit(warehouse, str(guide), "--format", "json").stdout)
    assert [(r["soc_code"], r["status"]) for r in rows] == [("29-1023", "current")]
