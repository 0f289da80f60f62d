"""Claims files: the shipped guide's figures, and errors that name the file, the claim and the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from transforms.claims import DEFAULT_CLAIMS, ClaimsError, load_claims

REPO = Path(__file__).resolve().parents[1]

GOOD = """
[[claims]]
id = "ma-employment"
description = "Medical assistants employed"
printed_value = 783900
printed_period = "2023"
unit = "jobs"
source = "bls-ooh"
selector = { metric = "employment", soc_code = "31-9092", area = "US" }
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "claims.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_file_holds_every_figure_the_guide_prints():
    claims = {c.id: c for c in load_claims(REPO / DEFAULT_CLAIMS)}
    printed = {
        (c.printed_value, c.printed_period, c.source, c.selector.metric, c.selector.who, c.selector.area,
         c.selector.industry)
        for c in claims.values()
    }  # fmt: skip
    expected = {
        (783900, "2023", "bls-ooh", "employment", "31-9092", "US", None),
        (15, "2023-2033", "bls-ooh", "employment_change_pct", "31-9092", "US", None),
        (119800, "2023-2033", "bls-ooh", "openings_per_year", "31-9092", "US", None),
        (56, "2023", "bls-ooh", "industry_employment_share", "31-9092", "US", "Offices of physicians"),
        (16, "2023", "bls-ooh", "industry_employment_share", "31-9092", "US",
         "Hospitals; state, local, and private"),
        (9, "2023", "bls-ooh", "industry_employment_share", "31-9092", "US", "Outpatient care centers"),
        (8, "2023", "bls-ooh", "industry_employment_share", "31-9092", "US",
         "Offices of other health practitioners"),
        (46090, "2023", "bls-ooh", "industry_median_pay_annual", "31-9092", "US", "Outpatient care centers"),
        (44350, "2023", "bls-ooh", "industry_median_pay_annual", "31-9092", "US",
         "Hospitals; state, local, and private"),
        (40670, "2023", "bls-ooh", "industry_median_pay_annual", "31-9092", "US", "Offices of physicians"),
        (44460, "2025", "ziprecruiter", "average_pay_annual", "Medical Administration Assistant", "US", None),
        (66508, "2025", "ziprecruiter", "average_pay_annual", "Medical Administration Assistant",
         "Soledad, CA", None),
        (55153, "2025", "ziprecruiter", "average_pay_annual", "Medical Administration Assistant",
         "Nome, AK", None),
        (54439, "2025", "ziprecruiter", "average_pay_annual", "Medical Administration Assistant",
         "Berkeley, CA", None),
        (54340, "2025", "ziprecruiter", "average_pay_annual", "Medical Administration Assistant",
         "Berlin Corners, VT", None),
        (53885, "2025", "ziprecruiter", "average_pay_annual", "Medical Administration Assistant",
         "Atherton, CA", None),
        (72, "2025", "nha", "certification_required_share", "Medical Assistant", "US", None),
        (47, "2025", "nha", "certification_required_share", "Medical Administrative Assistant", "US", None),
        (70362, "2024-10", "aama", "certified_count", "Certified Medical Assistant (CMA)", "US", None),
        (60, "2024", "aama", "recertification_interval", "Certified Medical Assistant (CMA)", "US", None),
        (15.2, "2023-2033", "bls-ep", "employment_change_pct", "31-0000", "US", None),
        (1, "2023-2033", "bls-ep", "growth_rank", "31-0000", "US", None),
    }  # fmt: skip
    assert printed == expected
    assert claims["ma-employment"].compare_soc == "43-6013"
    assert "31-9092" in claims["ma-employment"].label_note and "43-6013" in claims["ma-employment"].label_note
    assert claims["aama-cma-count"].unit == "persons"
    assert claims["healthcare-support-growth-rank"].unit == "rank"


def test_a_claim_without_selector_is_unmapped_and_loads(tmp_path):
    text = GOOD + '\n[[claims]]\nid = "x"\ndescription = "A figure no source states"\n'
    text += 'printed_value = 5\nprinted_period = "2024"\nsource = "nha"\n'
    [_, unmapped] = load_claims(write(tmp_path, text))
    assert unmapped.selector is None


def test_bad_toml_names_the_file(tmp_path):
    path = write(tmp_path, GOOD + "\n[[claims]\nid = 3\n")
    with pytest.raises(ClaimsError) as error:
        load_claims(path)
    assert str(path) in str(error.value) and "not valid TOML" in str(error.value)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(ClaimsError, match="nope.toml: cannot read claims file"):
        load_claims(tmp_path / "nope.toml")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('printed_period = "2023"\n', ""), "claim 'ma-employment': missing field(s) printed_period"),
        (('source = "bls-ooh"', 'source = "bls-oh"'), "claim 'ma-employment': unknown source 'bls-oh'"),
        (('metric = "employment"', 'metric = "jobs"'), "metric 'jobs' is not in the bls-ooh vocabulary"),
        (('unit = "jobs"', 'unit = "people"'), "claim 'ma-employment': unit 'people' is not one of"),
        (('"2023"', '"23"'), "printed_period '23' must be YYYY, YYYY-YYYY or YYYY-MM"),
        (('soc_code = "31-9092", ', ""), "selector: needs soc_code, or occupation"),
        ((', area = "US"', ""), "selector: missing area"),
        (("unit =", "units ="), "claim 'ma-employment': unknown field(s) units"),
        (('id = "ma-employment"', ""), "claim #1: missing field(s) id"),
    ],
)
def test_a_bad_claim_is_an_error_naming_file_claim_and_reason(tmp_path, change, message):
    old, new = change
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(ClaimsError) as error:
        load_claims(path)
    assert f"{path}: " in str(error.value)
    assert message in str(error.value)


def test_every_bad_claim_is_reported_at_once(tmp_path):
    second = GOOD.replace("ma-employment", "second").replace('"bls-ooh"', '"nowhere"')
    duplicate = GOOD.replace("783900", "1")
    path = write(tmp_path, GOOD + second + duplicate)
    with pytest.raises(ClaimsError) as error:
        load_claims(path)
    lines = str(error.value).splitlines()
    assert lines == [
        f"{path}: claim 'second': unknown source 'nowhere'; sources: bls-ooh, bls-oews, bls-api, bls-ep, "
        "nha, ziprecruiter, aama, bls-oews-files, bls-ep-files",
        f"{path}: claim 'ma-employment': id 'ma-employment' is used by an earlier claim",
    ]


def test_compare_soc_needs_a_selector_and_a_soc_code(tmp_path):
    text = GOOD.replace('unit = "jobs"', 'unit = "jobs"\ncompare_soc = "436013"')
    with pytest.raises(ClaimsError, match="compare_soc '436013' is not a SOC code"):
        load_claims(write(tmp_path, text))


def test_a_file_without_claims_is_an_error(tmp_path):
    path = write(tmp_path, 'guide = "x"\n')
    with pytest.raises(ClaimsError, match=r"claims.toml: no claims: expected one or more \[\[claims\]\]"):
        load_claims(path)
