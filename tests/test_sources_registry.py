"""The registry of sources: every source declares a parser, a plan, its vocabulary in the contract's
units, its hosts and places; and the facts it parses keep to what it declares."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extractors.http.replay import ReplayFetcher
from extractors.plan import plan_targets
from extractors.sources import UnknownSourceError, all_sources, default_names, get, hosts, names
from flows.config import DEFAULT_CONFIG
from transforms.vocabulary import UNITS

REPO = Path(__file__).resolve().parents[1]
_METRIC = re.compile(r"^[a-z][a-z0-9_]*$")


@pytest.mark.parametrize("source", all_sources(), ids=lambda s: s.name)
def test_every_source_declares_what_the_pipeline_needs(source):
    assert callable(source.parse) and callable(source.plan)
    assert source.title and source.version
    assert source.extractor_version == f"{source.name}/{source.version}"
    assert source.metrics, "a source states at least one metric"
    for metric, unit in source.metrics.items():
        assert _METRIC.match(metric), metric
        assert unit is None or unit in UNITS, f"{source.name} {metric}: unit {unit!r} is not in the contract"
    assert source.hosts and source.places and source.content_types
    assert {host for host, _ in source.places} <= set(source.hosts.values())
    for url in source.default_urls:
        assert re.match(r"^https://([^/]+)/", url).group(1) in source.hosts.values(), url
    if source.settings is not None:
        assert source.settings_table, "a source with settings names its table"


def test_names_are_unique_and_ordered_and_hosts_agree():
    assert len(set(names())) == len(names()) == len(all_sources())
    assert [s.order for s in all_sources()] == sorted(s.order for s in all_sources())
    merged = hosts()  # raises if two sources give one short name two hosts
    assert all(short in merged for source in all_sources() for short in source.hosts)


def test_an_unknown_source_is_an_error_listing_the_known_ones():
    with pytest.raises(UnknownSourceError) as caught:
        get("bls-oohh")
    assert "bls-oohh" in str(caught.value) and all(name in str(caught.value) for name in names())


def test_facts_of_the_shipped_replay_keep_to_each_sources_vocabulary_and_units():
    replay = ReplayFetcher(REPO / "examples" / "replay")
    seen: set[str] = set()
    for target in plan_targets(DEFAULT_CONFIG, None, None):
        answer = replay.get(target.url) if target.body is None else replay.post(target.url, target.body)
        source = get(target.source)
        for fact in source.parse(answer.body, target.url).facts:
            assert fact.source == source.name
            assert fact.metric in source.metrics, f"{source.name} {fact.metric} undeclared"
            assert fact.unit == source.metrics[fact.metric], f"{source.name} {fact.metric} {fact.unit}"
            seen.add(source.name)
    assert seen == set(default_names())
