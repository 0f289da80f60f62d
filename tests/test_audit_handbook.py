"""`laborstats audit` on a warehouse the refresh flow built from replayed handbook pages (the 2025
edition of the medical assistants and secretaries pages): titles and series come from the pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import MA_URL
from typer.testing import CliRunner

from flows.cli import app
from flows.refresh import refresh

pytestmark = pytest.mark.usefixtures("prefect_harness")
runner = CliRunner()

GUIDE = """# Becoming a medical assistant

A medical assistant works beside physicians. Medical assistants held about 783,900 jobs in 2023, and
employment of medical assistants is projected to grow 12 percent from 2024 to 2034.

The median annual wage for medical secretaries and administrative assistants was $44,640 in May 2024.
"""


def test_audit_against_replayed_handbook_pages(tmp_path: Path, replay_2025: Path):
    warehouse = tmp_path / "warehouse.duckdb"
    assert refresh(replay=str(replay_2025), warehouse=str(warehouse), sources=["bls-ooh"]).exit_code == 0
    guide = tmp_path / "guide.md"
    guide.write_text(GUIDE, encoding="utf-8")
    result = runner.invoke(app, ["audit", str(guide), "--warehouse", str(warehouse), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    seen = [
        (r["text"], r["metric"], r["soc_code"], r["source"], r["status"], r["current_value"]) for r in rows
    ]
    assert seen == [
        ("783,900", "employment", "31-9092", "bls-ooh", "outdated", 811000),
        ("12 percent", "employment_change_pct", "31-9092", "bls-ooh", "current", 12),
        # the title comes from the secretaries page's projections table; the page states no pay for it
        ("$44,640", "median_pay_annual", "43-6013", None, "no-series", None),
    ]
    assert rows[0]["source_url"] == MA_URL and len(rows[0]["document_sha256"]) == 64
