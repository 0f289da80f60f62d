"""Target planning: what a refresh fetches for the chosen sources and occupations."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from extractors.http.replay import ReplayFetcher
from extractors.plan import plan_targets
from extractors.sources.bls_api.query import V1_URL, V2_URL
from extractors.sources.bls_oews import oews_page_url
from flows.config import DEFAULT_CONFIG, ConfigError, load_config

REPO = Path(__file__).resolve().parents[1]
MA_OOH = "https://www.bls.gov/ooh/healthcare/medical-assistants.htm"
SEC_OOH = (
    "https://www.bls.gov/ooh/office-and-administrative-support/secretaries-and-administrative-assistants.htm"
)


@pytest.fixture(autouse=True)
def no_key(monkeypatch):
    monkeypatch.delenv("BLS_API_KEY", raising=False)


def test_the_handbook_alone_plans_as_before():
    targets = plan_targets(DEFAULT_CONFIG, ["bls-ooh"], None)
    assert [(t.source, t.url, t.body) for t in targets] == [
        ("bls-ooh", MA_OOH, None),
        ("bls-ooh", SEC_OOH, None),
    ]


def test_by_default_every_source_is_refreshed_for_the_tracked_occupations():
    targets = plan_targets(DEFAULT_CONFIG, None, None)
    assert Counter(t.source for t in targets) == {
        "bls-ooh": 2,
        "bls-oews": 2,  # 31-9092 and 43-6013; the group 43-6000 has no OEWS page
        "bls-api": 2,  # 30 series in queries of 25 without a key
        "bls-ep": 1,
        "nha": 1,
        "ziprecruiter": 1,
        "aama": 1,
    }
    assert [t.url for t in targets if t.source == "bls-oews"] == [
        "https://www.bls.gov/oes/current/oes319092.htm",
        "https://www.bls.gov/oes/current/oes436013.htm",
    ]
    single = {t.source: t.url for t in targets if t.source in ("bls-ep", "nha", "ziprecruiter", "aama")}
    assert single == {
        "bls-ep": "https://www.bls.gov/emp/tables/emp-by-major-occupational-group.htm",
        "nha": "https://info.nhanow.com/outlook",
        "ziprecruiter": "https://www.ziprecruiter.com/Salaries/Medical-Administration-Assistant-Salary",
        "aama": "https://www.aama-ntl.org/certification",
    }


def test_the_api_is_asked_about_the_chosen_occupations_only():
    [query] = plan_targets(DEFAULT_CONFIG, ["bls-api"], ["medical-assistants"])
    sent = json.loads(query.body)
    assert query.url.startswith(V1_URL + "#series=") and "registrationkey" not in sent
    assert len(sent["seriesid"]) == 15 and all(sid[-8:-2] == "319092" for sid in sent["seriesid"])
    assert query.url.endswith(",".join(sent["seriesid"]))


def test_with_a_key_one_version_2_query_carries_it(monkeypatch):
    monkeypatch.setenv("BLS_API_KEY", "f" * 32)
    [query] = plan_targets(DEFAULT_CONFIG, ["bls-api"], None)
    sent = json.loads(query.body)
    assert (
        query.url.startswith(V2_URL) and sent["registrationkey"] == "f" * 32 and len(sent["seriesid"]) == 30
    )


def test_untracked_pages_add_no_oews_targets():
    targets = plan_targets(DEFAULT_CONFIG, ["bls-oews", "bls-api"], ["healthcare/dental-assistants"])
    assert targets == []
    assert oews_page_url("43-6013") == "https://www.bls.gov/oes/current/oes436013.htm"


def test_pages_come_from_the_urls_table(tmp_path):
    path = tmp_path / "laborstats.toml"
    path.write_text(
        '[[occupations]]\nslug = "a"\nooh = "h/a"\n'
        '[urls]\naama = ["https://www.aama-ntl.org/one", "https://www.aama-ntl.org/two"]\n'
    )
    targets = plan_targets(load_config(path), ["aama", "nha"], None)
    assert [(t.source, t.url) for t in targets] == [
        ("nha", "https://info.nhanow.com/outlook"),
        ("aama", "https://www.aama-ntl.org/one"),
        ("aama", "https://www.aama-ntl.org/two"),
    ]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('[urls]\nbls-ooh = "https://www.bls.gov/ooh/x.htm"\n', "[urls] names ['bls-ooh']"),
        ('[urls]\nnha = "info.nhanow.com/outlook"\n', "expected an http(s) URL"),
    ],
)
def test_bad_urls_name_the_file(tmp_path, table, message):
    path = tmp_path / "laborstats.toml"
    path.write_text(f'[[occupations]]\nslug = "a"\nooh = "h/a"\n{table}')
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(path) in str(caught.value) and message in str(caught.value)


def test_api_settings_and_areas_come_from_the_config(tmp_path):
    path = tmp_path / "laborstats.toml"
    path.write_text(
        '[[occupations]]\nslug = "a"\nooh = "h/a"\n[bls_api]\nstates = ["06"]\nseries_per_query_v1 = 10\n'
    )
    settings = load_config(path).source_settings["bls-api"]
    assert (settings.states, settings.series_per_query_v1, settings.series_per_query_v2) == (("06",), 10, 50)
    path.write_text('[[occupations]]\nslug = "a"\nooh = "h/a"\n[bls_api]\nstates = ["California"]\n')
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert f"{path}: [bls_api]" in str(caught.value) and "FIPS" in str(caught.value)


@pytest.mark.parametrize("key", [None, "0123456789abcdef0123456789abcdef"])
def test_the_shipped_replay_folder_answers_every_planned_target_with_or_without_a_key(monkeypatch, key):
    if key:
        monkeypatch.setenv("BLS_API_KEY", key)
    replay = ReplayFetcher(REPO / "examples" / "replay")
    for target in plan_targets(DEFAULT_CONFIG, None, None):
        answer = replay.get(target.url) if target.body is None else replay.post(target.url, target.body)
        assert answer.status == 200 and answer.body, target.url
