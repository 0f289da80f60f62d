"""`laborstats server start|status|stop`: a local Prefect server that later refreshes find and use.

Each command runs as a user runs it, in its own process, with its own data folder and Prefect home, so
no server or state of the developer's is touched. `start` returns once the server answers (it waits on
the health endpoint itself, within a bound); the test then checks the state file and the endpoint.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import SERVER_WORK_NO_TEST_READS, warehouse_rows

REPO = Path(__file__).resolve().parents[1]
BOUND_S = 240  # a bound for a server start on a busy machine, never a pause


def laborstats(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *args],
        env=env, cwd=REPO, capture_output=True, text=True, timeout=BOUND_S,
    )  # fmt: skip


@pytest.fixture
def user_env(tmp_path, migrated_prefect_home) -> dict[str, str]:
    """A user's environment, with a Prefect home whose database is already migrated (see conftest). The
    server skips the work of the suite's that no test here reads (block types, task runs, automations),
    but stores events, which the test reads."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        LABORSTATS_DATA_DIR=str(tmp_path / "data"),
        PREFECT_HOME=str(migrated_prefect_home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PYTHONPATH=str(REPO),
    )
    env.update(SERVER_WORK_NO_TEST_READS)
    env.pop("PREFECT_SERVER_SERVICES_EVENT_PERSISTER_ENABLED")
    return env


def test_server_start_status_refresh_stop(tmp_path, user_env, replay_2025):
    assert laborstats("server", "status", env=user_env).returncode == 1

    started = laborstats("server", "start", "--port", _free_port(), env=user_env)
    try:
        assert started.returncode == 0, started.stderr
        state = json.loads((tmp_path / "data" / "prefect-server.json").read_text())
        assert started.stdout.startswith(f"Prefect server started at {state['url']} (pid {state['pid']})")
        with urllib.request.urlopen(state["url"] + "/health", timeout=10) as health:
            assert health.status == 200

        status = laborstats("server", "status", env=user_env)
        assert status.returncode == 0 and f"running at {state['url']}" in status.stdout

        again = laborstats("server", "start", env=user_env)  # a second start finds the first
        assert again.returncode == 0 and again.stdout.startswith(
            f"Prefect server already running at {state['url']}"
        )

        warehouse = tmp_path / "wh.duckdb"
        refresh = laborstats(
            "refresh", "--sources", "bls-ooh", "--replay", str(replay_2025), "--warehouse", str(warehouse),
            env=user_env,
        )  # fmt: skip
        assert refresh.returncode == 0, refresh.stderr
        lines = refresh.stderr.splitlines()
        assert lines[0] == f"refresh: using the Prefect server at {state['url']}"
        assert not any("temporary server" in line for line in lines)
        assert warehouse_rows(warehouse, "select count(*) from releases") == [(1,)]
        # The command ended on the worker's result; the worker still hands the run's last log to the server.
        assert _wait_for_log(state["url"], "Finished in state Completed('release 1 "), (
            "the run's last log was lost"
        )
        # The server stores events (Prefect's defaults): the run's are there, and none is a heartbeat,
        # whose thread held every refresh up to a second longer (flows/refresh.py)
        flow_run_events = _wait_for_events(state["url"], "prefect.flow-run.Completed")
        assert "prefect.flow-run.Running" in flow_run_events
        assert "prefect.flow-run.heartbeat" not in flow_run_events
    finally:
        stopped = laborstats("server", "stop", env=user_env)
    assert stopped.returncode == 0 and stopped.stdout.startswith(
        f"stopped the Prefect server at {state['url']}"
    )
    assert not (tmp_path / "data" / "prefect-server.json").exists()
    assert not _alive(state["pid"])
    status = laborstats("server", "status", env=user_env)
    assert status.returncode == 1 and "not running" in status.stdout
    assert laborstats("server", "stop", env=user_env).stdout.startswith("no Prefect server was running")


def _wait_for_log(api_url: str, text: str) -> bool:
    """Whether a log of the server's (only) refresh flow run holds `text` within the bound: polled, since
    the worker sends it after the command returned; the bound only stops a lost log from hanging."""
    deadline = time.monotonic() + BOUND_S
    while time.monotonic() < deadline:
        logs = _post(api_url + "/logs/filter", {"limit": 200})
        if any(text in log["message"] for log in logs):
            return True
        time.sleep(0.2)
    return False


def _wait_for_events(api_url: str, last: str) -> list[str]:
    """The names of the stored flow-run events once `last` is among them (polled: the server persists
    events in batches), within the bound."""
    deadline = time.monotonic() + BOUND_S
    names: list[str] = []
    while time.monotonic() < deadline:
        page = _post(api_url + "/events/filter", {"filter": {"event": {"prefix": ["prefect.flow-run."]}}})
        names = [event["event"] for event in page["events"]]
        if last in names:
            return names
        time.sleep(0.2)
    raise AssertionError(f"no {last} event within {BOUND_S} s; stored: {names}")


def _post(url: str, body: dict) -> list[dict] | dict:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())


def _free_port() -> str:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return str(probe.getsockname()[1])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "\nState:\tZ" in status.read_text())
