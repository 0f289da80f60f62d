"""Fetch settings: defaults, the `[fetch]` table of laborstats.toml, and the retry policy's arithmetic."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from extractors.http.retry import backoff_delay, retry_after_delay
from extractors.http.settings import FetchSettings
from flows.config import ConfigError, load_config


def test_defaults_are_polite():
    s = FetchSettings()
    assert (s.per_host_concurrency, s.min_interval_s, s.max_body_bytes) == (4, 0.25, 20 * 1024 * 1024)
    assert s.retry_statuses == (429, 500, 502, 503, 504)
    assert 403 not in s.retry_statuses and 404 not in s.retry_statuses


def test_fetch_table_in_the_config_file(tmp_path):
    path = tmp_path / "laborstats.toml"
    path.write_text(
        '[[occupations]]\nslug = "a"\nooh = "healthcare/a"\n\n'
        "[fetch]\nmin_interval_s = 0\nper_host_concurrency = 2\nretry_statuses = [503]\n"
    )
    fetch = load_config(path).fetch
    assert (fetch.min_interval_s, fetch.per_host_concurrency, fetch.retry_statuses) == (0.0, 2, (503,))
    assert fetch.max_attempts == FetchSettings().max_attempts


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("min_interval = 1", "unknown settings ['min_interval']"),
        ("per_host_concurrency = 0", "per_host_concurrency must be >= 1"),
        ('max_attempts = "3"', "max_attempts = '3': Input should be a valid integer"),
        ("jitter = 2", "jitter must be between 0 and 1"),
    ],
)
def test_bad_fetch_settings_name_the_file_and_the_setting(tmp_path, table, message):
    path = tmp_path / "bad.toml"
    path.write_text(f'[[occupations]]\nslug = "a"\nooh = "healthcare/a"\n\n[fetch]\n{table}\n')
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert f"{path}: [fetch]" in str(caught.value) and message in str(caught.value)


def test_settings_validate_when_built_directly():
    with pytest.raises(ValidationError, match="retry_statuses"):
        FetchSettings(retry_statuses=(42,))


def test_retry_after_forms():
    settings = FetchSettings(retry_after_max_s=100)
    now = datetime(2025, 8, 28, 12, 0, 0, tzinfo=UTC)
    assert retry_after_delay("5", settings) == 5
    assert retry_after_delay("500", settings) == 100
    assert retry_after_delay("Thu, 28 Aug 2025 12:00:30 GMT", settings, now) == 30
    assert retry_after_delay("Thu, 28 Aug 2025 11:00:00 GMT", settings, now) == 0  # already past
    assert retry_after_delay("soon", settings) is None
    assert retry_after_delay(None, settings) is None


def test_backoff_doubles_up_to_the_cap_and_jitter_only_shortens():
    settings = FetchSettings(backoff_base_s=1, backoff_max_s=10, jitter=0.25)
    rng = random.Random(7)
    for attempt, ceiling in [(1, 1), (2, 2), (3, 4), (4, 8), (5, 10), (9, 10)]:
        delay = backoff_delay(attempt, settings, rng)
        assert 0.75 * ceiling <= delay <= ceiling
    assert backoff_delay(3, FetchSettings(backoff_base_s=1, jitter=0), rng) == 4
