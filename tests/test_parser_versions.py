"""Parser versions follow the code, end to end: a copy of the project's `extractors` package, edited the way
a developer edits a parser, is what a refresh (and `laborstats parse`) run in a fresh process imports.

The copy is put first on PYTHONPATH, so the subprocess runs the edited parsers with the project's flows,
transforms and warehouse; a real Prefect API (the session's) serves the refresh.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import warehouse_rows
from ooh_pages import medical_assistants_2025, render, secretaries_2025

REPO = Path(__file__).resolve().parents[1]

# One process refreshes each warehouse named after the replay folder in turn, printing one result line each:
# the parsers it imported once serve them all, as they would a scheduler's refreshes.
REFRESH_SCRIPT = """
import sys
from flows.refresh import run_refresh
print("extractors from", __import__("extractors").__file__)
for warehouse in sys.argv[2:]:
    result = run_refresh(sources=["bls-ooh"], replay=sys.argv[1], warehouse=warehouse)
    print("result", warehouse, result.release.status, result.documents, result.documents_cached, flush=True)
"""


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A folder holding a copy of `extractors`, to be put first on PYTHONPATH."""
    folder = tmp_path / "code"
    shutil.copytree(REPO / "extractors", folder / "extractors", ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def _run(code: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, **(env or {}), "PYTHONPATH": f"{code}{os.pathsep}{REPO}"}
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, cwd=code.parent, env=environment, timeout=600
    )


def _append(module: Path, text: str) -> None:
    with module.open("a", encoding="utf-8") as out:
        out.write(text)


def test_adding_a_statement_to_a_parser_module_changes_the_extractor_version_a_refresh_stores(
    tmp_path, project_copy, replay_2025, prefect_harness
):
    from prefect.settings import PREFECT_API_URL

    from flows.refresh import run_refresh

    api = {"PREFECT_API_URL": str(PREFECT_API_URL.value())}
    runs = tmp_path / "runs"  # both warehouses in one folder: they share the parse cache beside them
    # Before the edit, the copy's text is the project's, so its version is the project's: this process
    # (the project's `extractors`) refreshes the first warehouse, sparing a process's start.
    before = run_refresh(sources=["bls-ooh"], replay=str(replay_2025), warehouse=str(runs / "before.duckdb"))
    assert (before.release.status, before.documents, before.documents_cached) == ("complete", 2, 0)

    quick_facts = project_copy / "extractors" / "sources" / "bls_ooh" / "quick_facts.py"
    _append(quick_facts, "\nEDITED = True\n")  # imported by the handbook's parser
    sql = "select distinct extractor_version from facts"
    history = "select count(*) from facts_history"
    [(old,)] = warehouse_rows(runs / "before.duckdb", sql)
    rows_before = warehouse_rows(runs / "before.duckdb", history)
    same = "select metric, value_num, value_text from facts order by all"
    figures_before = warehouse_rows(runs / "before.duckdb", same)
    # The edited parsers, in one process: a new warehouse first, then the one built before the edit.
    after = _run(
        project_copy, "-c", REFRESH_SCRIPT, str(replay_2025), str(runs / "after.duckdb"),
        str(runs / "before.duckdb"), env=api,
    )  # fmt: skip
    assert after.returncode == 0, after.stderr
    assert f"extractors from {project_copy / 'extractors'}" in after.stdout
    # the parse cache holds nothing for the edited parser
    assert f"result {runs / 'after.duckdb'} complete 2 0" in after.stdout

    [(new,)] = warehouse_rows(runs / "after.duckdb", sql)
    assert old.startswith("bls-ooh/") and new.startswith("bls-ooh/") and old != new
    assert len(new.removeprefix("bls-ooh/")) == 12
    assert warehouse_rows(runs / "after.duckdb", same) == figures_before

    # The warehouse built before the edit is compared again by the new parser: same figures, so no new
    # history row, but its facts now name the extractor that last confirmed them.
    assert f"result {runs / 'before.duckdb'} unchanged 2 " in after.stdout
    assert warehouse_rows(runs / "before.duckdb", sql) == [(new,)]
    assert warehouse_rows(runs / "before.duckdb", history) == rows_before


def test_parse_names_a_file_on_which_a_parser_fails_unexpectedly_and_goes_on(tmp_path, project_copy):
    _append(
        project_copy / "extractors" / "sources" / "bls_ooh" / "parser.py",
        "\n_parse = parse_ooh_page\n\n\n"
        "def parse_ooh_page(html, document):\n"
        "    if 'broken' in document:\n"
        "        raise KeyError('quick facts')\n"
        "    return _parse(html, document)\n",
    )
    pages = tmp_path / "pages"
    pages.mkdir()
    files = [pages / "ma.htm", pages / "broken.htm", pages / "sec.htm"]
    files[0].write_text(render(medical_assistants_2025()))
    files[1].write_text(render(medical_assistants_2025()))
    files[2].write_text(render(secretaries_2025()))
    done = _run(
        project_copy, "-c", "from flows.cli import main; main()", "parse", "bls-ooh", *map(str, files)
    )
    assert done.returncode == 1
    assert f"error: {files[1]}: KeyError: 'quick facts'" in done.stderr
    assert "Traceback" not in done.stderr
    assert "1 of 3 files failed" in done.stderr
    documents = [json.loads(line)["document"] for line in done.stdout.splitlines()]
    assert set(documents) == {str(files[0]), str(files[2])}
