"""The refresh as a Prefect workload: final states, artifacts, the parse cache, the scheduled deployment."""

from __future__ import annotations

import io

import pytest
from conftest import MA_URL, SEC_URL, write_replay
from ooh_pages import render, secretaries_2025
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId, ArtifactFilterKey
from typer.testing import CliRunner

from flows.cli import app
from flows.deploy import refresh_deployment
from flows.progress import BarProgress, LineProgress, for_stream
from flows.refresh import RefreshFailed, refresh

pytestmark = pytest.mark.usefixtures("prefect_harness")
runner = CliRunner()
OOH = ["bls-ooh"]  # the replay folders here hold handbook pages only


def artifact(state, key: str):
    """The artifact `key` that this run left: other tests' refreshes, in other workers, leave artifacts
    under the same key on the suite's one server at the same time."""
    only_this_run = ArtifactFilter(
        key=ArtifactFilterKey(any_=[key]),
        flow_run_id=ArtifactFilterFlowRunId(any_=[state.state_details.flow_run_id]),
    )
    with get_client(sync_client=True) as client:
        [found] = client.read_artifacts(artifact_filter=only_this_run)
    return found


def test_successful_run_completes_and_leaves_artifacts(tmp_path, replay_2025):
    state = refresh(
        sources=OOH, replay=str(replay_2025), warehouse=str(tmp_path / "wh.duckdb"), return_state=True
    )
    assert state.is_completed() and state.name == "Completed"
    result = state.result()
    assert result.exit_code == 0 and result.release.release_id == 1
    assert state.message.startswith("release 1 (complete): 2 documents")

    summary = artifact(state, "laborstats-release-summary")
    assert "release 1 (complete)" in summary.data
    changes = artifact(state, "laborstats-release-changes")
    assert '"change": "added"' in changes.data and "811000" in changes.data


def test_partial_failure_is_completed_named_partial_and_reports_the_source(tmp_path):
    replay = write_replay(
        tmp_path / "replay",
        {
            MA_URL: "<html><title>Access Denied</title>Access Denied</html>",
            SEC_URL: render(secretaries_2025()),
        },
    )
    state = refresh(sources=OOH, replay=str(replay), warehouse=str(tmp_path / "wh.duckdb"), return_state=True)
    assert state.is_completed() and state.name == "Partial"
    result = state.result()
    assert result.exit_code == 3 and [f.url for f in result.failures] == [MA_URL]
    summary = artifact(state, "laborstats-release-summary")
    assert "## Failed sources" in summary.data and MA_URL in summary.data and "blocked" in summary.data


def test_nothing_written_is_a_failed_run(tmp_path):
    empty = write_replay(tmp_path / "empty", {})
    state = refresh(sources=OOH, replay=str(empty), warehouse=str(tmp_path / "wh.duckdb"), return_state=True)
    assert state.is_failed()
    failed = state.result(raise_on_failure=False)
    assert isinstance(failed, RefreshFailed) and "no release written" in str(failed)
    assert failed.result.exit_code == 1 and failed.result.release is None
    assert not (tmp_path / "wh.duckdb").exists()


def test_parse_cache_skips_unchanged_documents_on_the_second_run(tmp_path, replay_2025):
    warehouse = str(tmp_path / "wh.duckdb")
    first = refresh(sources=OOH, replay=str(replay_2025), warehouse=warehouse)
    assert first.documents_cached == 0
    second = refresh(sources=OOH, replay=str(replay_2025), warehouse=warehouse)
    assert (second.documents, second.documents_cached) == (2, 2)
    assert second.release.status == "unchanged"

    # a changed document is parsed again; the unchanged one still comes from the cache
    revised = secretaries_2025()
    revised.openings = "358,900"
    changed = write_replay(
        tmp_path / "changed",
        {MA_URL: (replay_2025 / "page0.htm").read_text(), SEC_URL: render(revised)},
    )
    third = refresh(sources=OOH, replay=str(changed), warehouse=warehouse)
    assert third.documents_cached == 1 and third.release.facts_changed == 1


def test_deployment_with_a_cron_schedule_reads_back():
    deployment_id = refresh_deployment(name="laborstats-test", cron="0 6 * * 1").apply()
    with get_client(sync_client=True) as client:
        stored = client.read_deployment(deployment_id)
        flow = client.read_flow(stored.flow_id)
    assert (flow.name, stored.name) == ("refresh", "laborstats-test")
    [schedule] = stored.schedules
    assert (schedule.schedule.cron, schedule.schedule.timezone) == ("0 6 * * 1", "UTC")
    assert schedule.active
    assert "replay" in stored.parameter_openapi_schema["properties"]


def test_serve_refuses_a_bad_cron():
    result = runner.invoke(app, ["serve", "--cron", "every monday"])
    assert result.exit_code == 1
    assert "every monday" in result.stderr and "Invalid cron" in result.stderr


def test_cli_shows_plain_progress_lines_when_not_on_a_terminal(quickstart_refresh):
    """The suite's one `laborstats refresh` process of the quickstart (conftest), its output piped to
    files as a scheduler's log would be: plain lines per document, no terminal control codes."""
    stderr = quickstart_refresh.stderr
    assert "refresh: 10 documents planned" in stderr
    assert "fetched 10/10 ok" in stderr
    assert "parsed 10/10 ok" in stderr
    assert "\x1b[" not in stderr  # no terminal control codes in a log


def test_progress_is_a_bar_on_a_terminal_and_lines_elsewhere():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    bar = for_stream(Terminal())
    try:
        assert isinstance(bar, BarProgress)
        bar.planned(2)
        bar.fetched("u1", True)
        bar.fetched("u2", False)
        bar.parsed("u1", True, False)
        assert [t.completed for t in bar.progress.tasks] == [2, 2]
    finally:
        bar.close()
    assert isinstance(for_stream(io.StringIO()), LineProgress)


def _heartbeat_threads() -> int:
    """Threads of this process running Prefect's flow-run heartbeat loop."""
    import sys

    def in_heartbeat(frame) -> bool:
        while frame is not None:
            if frame.f_code.co_name == "heartbeat_loop":
                return True
            frame = frame.f_back
        return False

    return sum(in_heartbeat(frame) for frame in sys._current_frames().values())


def test_a_heartbeat_frequency_the_user_set_is_kept(tmp_path, loopback_site, monkeypatch):
    """laborstats turns Prefect's default heartbeats off (their thread's join held each run ~0.7 s; the
    refresh a user runs sends none, test_local_server.py), but keeps a frequency the user set. The
    threads are counted while the refresh fetches its page."""
    from conftest import MA_PATH, Served
    from ooh_pages import medical_assistants_2025
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    from flows.refresh import run_refresh

    monkeypatch.setenv("LABORSTATS_CONTACT", "tests@example.org")
    seen: list[int] = []
    page = Served(200, render(medical_assistants_2025()).encode())

    def answer(request: dict) -> Served:
        seen.append(_heartbeat_threads())
        return page

    loopback_site.routes[MA_PATH] = answer
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: 30}):
        result = run_refresh(
            sources=OOH, occupations=["medical-assistants"], base_urls=[f"bls={loopback_site.url}"],
            warehouse=str(tmp_path / "wh.duckdb"),
        )  # fmt: skip
    assert result.exit_code == 0
    assert seen == [1]
    assert _heartbeat_threads() == 0  # and the run's end stopped it
