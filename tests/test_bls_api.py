"""The BLS Public Data API source: OEWS series ids, queries within the limits, answers and their failures."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from conftest import Served, fast_settings
from source_pages import api_answer

from extractors.documents import Target, fetch_and_archive
from extractors.fact import ParseError
from extractors.http.archive import RawArchive
from extractors.http.client import HttpFetcher
from extractors.http.response import FetchError, Response
from extractors.sources.bls_api.answer import check_answer, over_capacity, parse_api_answer
from extractors.sources.bls_api.query import (
    V1_URL,
    V2_URL,
    BlsApiSettings,
    QueryPlanError,
    api_queries,
    api_version,
    oews_series,
)
from extractors.sources.bls_api.series import NATIONAL, SeriesError, metro, read_series_id, series_id, state

MA_MEDIAN = "OEUN000000000000031909213"
DOC = V1_URL + "#series=" + MA_MEDIAN


def test_series_ids_are_built_as_bls_documents_them():
    assert series_id(NATIONAL, "31-9092", "13") == MA_MEDIAN
    assert series_id(state("06"), "31-9092", "01") == "OEUS060000000000031909201"
    assert series_id(metro("31080"), "43-6013", "04") == "OEUM003108000000043601304"
    back = read_series_id("OEUM003108000000043601304")
    assert (back.soc_code, back.area.label, back.metric, back.unit) == (
        "43-6013",
        "31080",
        "mean_pay_annual",
        "USD/year",
    )
    assert read_series_id("OEUS060000000000031909216").area.label == "06"
    assert read_series_id(MA_MEDIAN).area.label == "US"


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: series_id(NATIONAL, "319092", "13"), "not NN-NNNN"),
        (lambda: series_id(NATIONAL, "31-9092", "02"), "data type '02'"),
        (lambda: state("6"), "2-digit FIPS"),
        (lambda: metro("LA"), "CBSA"),
        (lambda: read_series_id("OEUN000000000000031909202"), "02/05 are relative standard errors"),
        (lambda: read_series_id("CEU0500000001"), "not an OEWS series id"),
    ],
)
def test_bad_areas_codes_and_ids_are_refused(build, message):
    with pytest.raises(SeriesError, match=re.escape(message)):
        build()


def test_every_estimate_of_an_occupation_and_no_standard_errors():
    series = oews_series(["31-9092"], BlsApiSettings())
    assert len(series) == 15
    assert {s[-2:] for s in series} == {f"{n:02d}" for n in range(1, 18)} - {"02", "05"}
    with_areas = oews_series(["31-9092"], BlsApiSettings(states=("06",), metros=("31080",)))
    assert len(with_areas) == 45 and "OEUS060000000000031909213" in with_areas


def test_without_a_key_queries_use_version_1_and_its_limits():
    series = oews_series(["31-9092", "43-6013"], BlsApiSettings())
    queries = api_queries(series, api_version(BlsApiSettings(), None), date(2026, 3, 1))
    assert [len(q.series) for q in queries] == [25, 5]
    first = json.loads(queries[0].body)
    assert first == {"seriesid": series[:25], "startyear": "2017", "endyear": "2026"}
    assert queries[0].url == V1_URL + "#series=" + ",".join(series[:25])
    assert queries[1].url.endswith(",".join(series[25:]))


def test_with_a_key_queries_use_version_2_send_the_key_and_ask_for_the_catalog():
    series = oews_series(["31-9092", "43-6013"], BlsApiSettings())
    [query] = api_queries(series, api_version(BlsApiSettings(), "k" * 32), date(2026, 3, 1))
    sent = json.loads(query.body)
    assert (sent["startyear"], sent["endyear"], sent["registrationkey"], sent["catalog"]) == (
        "2007",
        "2026",
        "k" * 32,
        True,
    )
    assert query.url.startswith(V2_URL + "#series=OEUN")


def test_more_queries_than_a_day_allows_are_refused_before_any_is_sent():
    settings = BlsApiSettings(series_per_query_v1=5, queries_per_day_v1=2)
    with pytest.raises(QueryPlanError, match="need 3 queries of 5 series, more than the 2 a day"):
        api_queries(oews_series(["31-9092"], settings), api_version(settings, None))


def test_an_answer_becomes_facts_and_names_the_series_that_do_not_exist():
    answer = api_answer(
        {
            MA_MEDIAN: ("2024", "44200"),
            "OEUN000000000000031909211": ("2024", "35020"),
            "OEUN000000000000031909208": ("2024", "21.25"),
            "OEUS060000000000031909201": ("2024", "-"),
        },
        missing=["OEUN000000000000031909999"],
    )
    result = parse_api_answer(answer, DOC)
    facts = {(f.metric, f.area): f for f in result.facts}
    median = facts[("median_pay_annual", "US")]
    assert (median.value, median.unit, median.period, median.soc_code, median.qualifier) == (
        44200,
        "USD/year",
        "2024",
        "31-9092",
        None,
    )
    assert facts[("pay_p10_annual", "US")].value == 35020
    assert facts[("median_pay_hourly", "US")].value == 21.25
    assert ("employment", "06") not in facts  # "-" is no estimate
    assert any("series OEUN000000000000031909999 does not exist" in w for w in result.warnings)
    assert any("OEUS060000000000031909201 2024: no estimate" in w for w in result.warnings)


def test_top_coded_values_carry_the_qualifier():
    note = "This wage is equal to or greater than $115.00 per hour or $239,200 per year."
    answer = api_answer(
        {"OEUN000000000000029122115": ("2024", "#"), "OEUN000000000000029122110": ("2024", "#")},
        footnotes={"OEUN000000000000029122115": note, "OEUN000000000000029122110": note},
    )
    facts = {f.metric: f for f in parse_api_answer(answer, DOC).facts}
    assert (facts["pay_p90_annual"].value, facts["pay_p90_annual"].qualifier) == (239200, ">=")
    assert (facts["pay_p90_hourly"].value, facts["pay_p90_hourly"].qualifier) == (115.0, ">=")


@pytest.mark.parametrize(
    ("note", "annual", "hourly"),
    [
        ("This wage is equal to or greater than $100.00 per hour or $208,000 per year.", 208000, 100.0),
        ("This wage is equal to or greater than $115.00 per hour or $239,200 per year.", 239200, 115.0),
    ],
)
def test_a_top_coded_dash_is_the_footnotes_top_code_per_the_data_type(note, annual, hourly):
    """A real answer publishes a wage at the top code as "-" with footnote code 5 stating the code."""
    p90_annual, p90_hourly, mean_annual = (
        "OEUN000000000000029122115",
        "OEUN000000000000029122110",
        "OEUN000000000000029122104",
    )
    answer = api_answer(
        {p90_annual: ("2024", "-"), p90_hourly: ("2024", "-"), mean_annual: ("2024", "-")},
        footnotes={p90_annual: note, p90_hourly: note},
    )
    result = parse_api_answer(answer, DOC)
    facts = {f.metric: (f.value, f.unit, f.qualifier) for f in result.facts}
    assert facts == {
        "pay_p90_annual": (annual, "USD/year", ">="),
        "pay_p90_hourly": (hourly, "USD/hour", ">="),
    }
    assert isinstance(facts["pay_p90_annual"][0], int)
    assert any(f"{mean_annual} 2024: no estimate (-)" in w for w in result.warnings)  # no footnote: no figure


def test_an_answer_whose_data_is_not_a_list_fails_naming_the_document():
    answer = json.loads(api_answer({MA_MEDIAN: ("2024", "44200")}))
    answer["Results"]["series"][0]["data"] = 5
    with pytest.raises(ParseError) as caught:
        parse_api_answer(json.dumps(answer), DOC)
    assert caught.value.document == DOC and "`data` is not a list" in caught.value.reason


def test_a_catalog_names_the_occupation_else_the_soc_code_stands_in():
    plain = parse_api_answer(api_answer({MA_MEDIAN: ("2024", "44200")}), DOC).facts[0]
    assert plain.occupation == "31-9092"
    data = json.loads(api_answer({MA_MEDIAN: ("2024", "44200")}))
    data["Results"]["series"][0]["catalog"] = {"occupation": "Medical Assistants"}
    assert parse_api_answer(json.dumps(data), DOC).facts[0].occupation == "Medical Assistants"


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (b"<html>oops</html>", "not a JSON object"),
        (
            api_answer({}, status="REQUEST_NOT_PROCESSED", messages=["No good"]),
            "REQUEST_NOT_PROCESSED: No good",
        ),
        (b'{"status": "REQUEST_SUCCEEDED", "message": []}', "no Results.series"),
    ],
)
def test_answers_that_carry_no_figures_fail_naming_the_document(answer, message):
    with pytest.raises(ParseError) as caught:
        parse_api_answer(answer, DOC)
    assert caught.value.document == DOC and message in caught.value.reason


def test_failed_requests_and_the_daily_limit_are_source_failures_with_the_api_message():
    limit = (
        "Request could not be serviced, as the daily threshold for total number of requests allocated to the "
        "user with registration key '0123456789abcdef0123456789abcdef' has been reached."
    )
    for status, expected in [
        ("REQUEST_NOT_PROCESSED", "daily threshold"),
        ("REQUEST_FAILED", "daily threshold"),
    ]:
        with pytest.raises(FetchError) as caught:
            check_answer(Response(DOC, 200, {}, api_answer({}, status=status, messages=[limit])))
        assert caught.value.url == DOC and status in caught.value.reason and expected in caught.value.reason
        assert "0123456789abcdef" not in caught.value.reason  # the key is not repeated in logs
    busy = Response(DOC, 200, {}, api_answer({}, status="REQUEST_FAILED_OVER_CAPACITY", messages=["Later"]))
    assert over_capacity(busy) == "BLS API REQUEST_FAILED_OVER_CAPACITY: Later"
    assert over_capacity(Response(DOC, 200, {}, api_answer({}))) is None
    check_answer(Response(DOC, 200, {}, api_answer({MA_MEDIAN: ("2024", "44200")})))  # a good answer passes


def test_fetching_a_query_retries_over_capacity_then_archives_the_answer(tmp_path, loopback_site):
    path = "/publicAPI/v1/timeseries/data/"
    good = api_answer({MA_MEDIAN: ("2024", "44200")})
    loopback_site.routes[path] = [
        Served(
            200, api_answer({}, status="REQUEST_FAILED_OVER_CAPACITY"), {"Content-Type": "application/json"}
        ),
        Served(200, good, {"Content-Type": "application/json"}),
    ]
    fetcher = HttpFetcher(
        {"api.bls.gov": loopback_site.url}, contact="x@example.org", settings=fast_settings()
    )
    archive = RawArchive(tmp_path / "raw")
    sent = json.dumps({"seriesid": [MA_MEDIAN]}).encode()

    document = fetch_and_archive(fetcher, archive, Target("bls-api", DOC, sent))

    assert (document.url, document.body, document.http_status) == (DOC, good, 200)
    assert archive.get(document.sha256) == good
    assert [r["method"] for r in loopback_site.requests] == ["POST", "POST"]


def test_a_refused_query_is_not_archived(tmp_path, loopback_site):
    path = "/publicAPI/v1/timeseries/data/"
    refused = api_answer({}, status="REQUEST_NOT_PROCESSED", messages=["daily threshold has been reached"])
    loopback_site.routes[path] = Served(200, refused, {"Content-Type": "application/json"})
    fetcher = HttpFetcher(
        {"api.bls.gov": loopback_site.url}, contact="x@example.org", settings=fast_settings()
    )
    archive = RawArchive(tmp_path / "raw")
    with pytest.raises(FetchError) as caught:
        fetch_and_archive(fetcher, archive, Target("bls-api", DOC, b'{"seriesid": []}'))
    assert "REQUEST_NOT_PROCESSED: daily threshold" in caught.value.reason
    assert not (tmp_path / "raw").exists()
