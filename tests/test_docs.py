"""The docs: the README is the front door (small, with the quickstart CI runs), and the generated data
dictionary matches the registry."""

from __future__ import annotations

import re
from pathlib import Path

from flows import docs_gen

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"


def test_readme_is_a_front_door_of_at_most_15000_bytes():
    assert len(README.read_bytes()) <= 15_000


def test_readme_keeps_the_two_quickstart_commands():
    text = README.read_text(encoding="utf-8")
    assert "uv run laborstats refresh --replay examples/replay\nuv run pytest\n" in text


def test_readme_links_point_at_files_that_exist():
    links = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", README.read_text(encoding="utf-8"))
    local = [link for link in links if not link.startswith("http")]
    assert local and all((REPO / link).exists() for link in local), local


def test_the_committed_data_dictionary_is_current():
    assert docs_gen.PAGE.read_text(encoding="utf-8") == docs_gen.render(), (
        "docs/metrics.md is stale: run `uv run python -m flows.docs_gen`"
    )
