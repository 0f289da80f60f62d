"""Issue 7's acceptance check, through the `laborstats refresh` command.

1. Against a stand-in for the BLS API that answers only correctly built OEWS series ids (it reads the
   POSTed JSON body and says "Series does not exist" for any other id), `--sources bls-api --occupation
   medical-assistants` loads the national employment, mean and median annual pay and the 10th and 90th
   percentiles of 31-9092 with area US.
2. With a ZipRecruiter stand-in that answers every request with a challenge page
   (`--sources bls-api,ziprecruiter`), the refresh exits 3 naming ZipRecruiter as blocked and keeps the
   API's facts.
3. The offline quickstart (`refresh --replay examples/replay`) loads facts from all seven sources.

The stand-in's figures are OEWS May 2023 estimates for medical assistants: 763,040 jobs, mean annual wage
$43,350, median $42,000, 10th percentile $33,500, 90th $56,480.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pytest
from conftest import Served
from source_pages import CHALLENGE_PAGE
from typer.testing import CliRunner

from flows.cli import app

runner = CliRunner()
REPO = Path(__file__).resolve().parents[1]
API_PATH = "/publicAPI/v1/timeseries/data/"
ZIP_URL = "https://www.ziprecruiter.com/Salaries/Medical-Administration-Assistant-Salary"

# Written from BLS's description of the ids, independently of the code under test: OE, U, area type N,
# area 0000000, industry 000000, SOC without dash, data type.
NATIONAL_MA = "OE" + "U" + "N" + "0000000" + "000000" + "319092"
ESTIMATES = {"01": "763040", "04": "43350", "13": "42000", "11": "33500", "15": "56480"}
DATA_TYPES = {"01", "03", "04", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15", "16", "17"}


class ApiStandIn:
    """Answers a POSTed query the way the API does, for 31-9092's national series only."""

    def __init__(self) -> None:
        self.asked: list[list[str]] = []
        self.refused: list[str] = []

    def __call__(self, request: dict) -> Served:
        query = json.loads(request["body"])
        series = query["seriesid"]
        self.asked.append(series)
        answered, messages = [], []
        for sid in series:
            well_built = re.fullmatch(r"OEU[NSM]\d{7}\d{6}\d{6}\d{2}", sid) and sid[:-2] == NATIONAL_MA
            if not well_built or sid[-2:] not in DATA_TYPES:
                self.refused.append(sid)
                messages.append(f"Series does not exist for Series {sid}")
                continue
            value = ESTIMATES.get(sid[-2:])
            data = [
                {"year": "2023", "period": "A01", "periodName": "Annual", "value": value, "footnotes": [{}]}
            ]
            answered.append({"seriesID": sid, "data": data if value else []})
        body = {
            "status": "REQUEST_SUCCEEDED",
            "responseTime": 7,
            "message": messages,
            "Results": {"series": answered},
        }
        return Served(200, json.dumps(body).encode(), {"Content-Type": "application/json;charset=UTF-8"})


def query(warehouse: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture
def environment(monkeypatch):
    monkeypatch.delenv("BLS_API_KEY", raising=False)  # version 1.0 of the API, as a user without a key
    monkeypatch.setenv("LABORSTATS_CONTACT", "data-team@example.org")
    monkeypatch.chdir(REPO)  # the shipped laborstats.toml, as a user runs it


def test_the_api_loads_31_9092_and_a_blocked_ziprecruiter_keeps_them(
    tmp_path, loopback_site, environment, prefect_harness
):
    api = ApiStandIn()
    loopback_site.routes[API_PATH] = api
    warehouse = tmp_path / "wh.duckdb"
    base = ["--warehouse", str(warehouse), "--occupation", "medical-assistants"]

    first = runner.invoke(
        app, ["refresh", "--sources", "bls-api", "--base-url", f"bls-api={loopback_site.url}", *base]
    )

    assert first.exit_code == 0, first.output
    assert api.refused == [] and len(api.asked) == 1 and len(api.asked[0]) == 15
    loaded = query(
        warehouse,
        "select metric, value_num, unit, area, period, soc_code from facts "
        "where source = 'bls-api' order by metric",
    )
    assert loaded == [
        ("employment", 763040, "jobs", "US", "2023", "31-9092"),
        ("mean_pay_annual", 43350, "USD/year", "US", "2023", "31-9092"),
        ("median_pay_annual", 42000, "USD/year", "US", "2023", "31-9092"),
        ("pay_p10_annual", 33500, "USD/year", "US", "2023", "31-9092"),
        ("pay_p90_annual", 56480, "USD/year", "US", "2023", "31-9092"),
    ]
    [(url,)] = query(warehouse, "select url from documents")
    assert url == "https://api.bls.gov/publicAPI/v1/timeseries/data/#series=" + ",".join(sorted(api.asked[0]))

    # ZipRecruiter answers everything with a challenge page
    zip_site = loopback_site.url + "/zr"
    loopback_site.routes["/zr/Salaries/Medical-Administration-Assistant-Salary"] = Served(
        200, CHALLENGE_PAGE.encode(), {"Content-Type": "text/html"}
    )
    second = runner.invoke(
        app,
        ["refresh", "--sources", "bls-api,ziprecruiter", "--base-url", f"bls-api={loopback_site.url}",
         "--base-url", f"ziprecruiter={zip_site}", *base],
    )  # fmt: skip

    assert second.exit_code == 3, second.output
    assert f"failed: ziprecruiter {ZIP_URL}: blocked" in second.stderr
    assert "sources ok: bls-api; failed: ziprecruiter" in second.stdout
    assert query(warehouse, "select count(*) from facts where source = 'bls-api'") == [(5,)]
    assert query(warehouse, "select status, sources_failed from releases order by release_id") == [
        ("complete", []),
        ("partial", ["ziprecruiter"]),
    ]
    assert query(warehouse, "select source, url from source_failures") == [("ziprecruiter", ZIP_URL)]


def test_the_offline_quickstart_loads_every_source(quickstart_refresh):
    """The suite's one quickstart refresh process (conftest's `quickstart_refresh`: a user without an API
    key, from the project's folder), which the command-line tests read too."""
    warehouse = quickstart_refresh.warehouse
    sources = query(warehouse, "select distinct source from facts order by source")
    assert sources == [
        ("aama",),
        ("bls-api",),
        ("bls-ep",),
        ("bls-oews",),
        ("bls-ooh",),
        ("nha",),
        ("ziprecruiter",),
    ]
    assert query(
        warehouse,
        "select source, metric, occupation, area, period, value_num from facts "
        "where (source, metric) in (('aama', 'certified_count'), ('nha', 'certification_required_share'), "
        "('bls-ep', 'growth_rank'), ('ziprecruiter', 'average_pay_annual')) "
        "and area in ('US', 'Soledad, CA') order by source, metric, occupation, area",
    ) == [
        ("aama", "certified_count", "Certified Medical Assistant (CMA)", "US", "2024-10", 70362),
        ("bls-ep", "growth_rank", "Healthcare support occupations", "US", "2023-2033", 1),
        ("nha", "certification_required_share", "Medical Administrative Assistant", "US", "2025", 47),
        ("nha", "certification_required_share", "Medical Assistant", "US", "2025", 72),
        (
            "ziprecruiter",
            "average_pay_annual",
            "Medical Administration Assistant",
            "Soledad, CA",
            "2025",
            66508,
        ),
        ("ziprecruiter", "average_pay_annual", "Medical Administration Assistant", "US", "2025", 44460),
    ]
