"""Ctrl-C and hard kills of `laborstats refresh`, run as a user runs it: a process, signalled at a stage.

Each test waits for an event (a line the refresh prints, a request reaching the loopback server), then
signals; none sleeps or assumes a speed. The warehouse is then read as SQL users read it.
"""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest
from conftest import MA_PATH, MA_URL, SEC_PATH, SEC_URL, SERVER_WORK_NO_TEST_READS, Served, write_replay
from conftest import warehouse_rows as rows
from ooh_pages import medical_assistants_2025, render, secretaries_2025

REPO = Path(__file__).resolve().parents[1]
BOUND_S = 300  # a safety bound for a wedged run on a very busy machine, never a synchronisation


class Refresh:
    """`laborstats refresh ARGS` in its own process, its stderr read line by line as it comes."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "flows.cli", "refresh", *args],
            cwd=REPO,
            env={**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false", **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=_default_sigint,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.stderr: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stderr:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def wait_for_line(self, start: str) -> None:
        while True:
            line = self.lines.get(timeout=BOUND_S)
            assert line is not None, f"refresh ended before {start!r}: {self.stderr}"
            self.stderr.append(line)
            if line.startswith(start):
                return

    def interrupt(self) -> tuple[int, float, list[str]]:
        """SIGINT; the exit code, the seconds it took to exit, and the rest of stderr."""
        sent = time.monotonic()
        self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout=BOUND_S)
        elapsed = time.monotonic() - sent
        while (line := self.lines.get(timeout=BOUND_S)) is not None:
            self.stderr.append(line)
        return code, elapsed, self.stderr


def _default_sigint() -> None:
    """Ctrl-C as a terminal delivers it, even when pytest itself was started with SIGINT ignored (a
    shell's background job): an ignored SIGINT would be inherited, and Python installs no handler then."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def descendants(pid: int) -> set[int]:
    """Every process below `pid`, from /proc (Linux)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pids: set[int]) -> set[int]:
    living = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            living.add(pid)
    return living


def wait_until_gone(pids: set[int]) -> set[int]:
    """The processes still alive once all are gone or the safety bound passed (polling /proc)."""
    deadline = time.monotonic() + 60
    while alive(pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return alive(pids)


@pytest.fixture
def no_server_env(tmp_path: Path, migrated_prefect_home: Path) -> dict[str, str]:
    """A data folder recording no running server: the refresh starts Prefect's temporary server, the
    path these tests are about (the suite's shared server is recorded in the session's data folder).
    Its Prefect home holds a migrated database (see conftest), not the developer's `~/.prefect`."""
    return {
        "LABORSTATS_DATA_DIR": str(tmp_path / "no-server-data"),
        "PREFECT_HOME": str(migrated_prefect_home),
        # Prefect's temporary server skips the work no test reads, as the suite's server does: ~3 s of
        # CPU less in its start (no block types registered), measured
        **SERVER_WORK_NO_TEST_READS,
    }


@pytest.fixture
def harness_env(prefect_harness) -> dict[str, str]:
    """The refresh process talks to the session's Prefect API instead of starting a server."""
    from prefect.settings import PREFECT_API_URL

    return {"PREFECT_API_URL": PREFECT_API_URL.value()}


@pytest.fixture(scope="module")
def first_release(tmp_path_factory, prefect_harness) -> Path:
    """One refresh for the module, in a folder of its own (the warehouse and what lies beside it). The flow
    runs in this process: the tests interrupt the refreshes that follow it, not this one."""
    from flows.refresh import run_refresh, summary_line

    built = tmp_path_factory.mktemp("one-release")
    replay = write_replay(
        built / "replay", {MA_URL: render(medical_assistants_2025()), SEC_URL: render(secretaries_2025())}
    )
    warehouse = built / "run" / "wh.duckdb"
    result = run_refresh(sources=["bls-ooh"], replay=str(replay), warehouse=str(warehouse))
    assert result.exit_code == 0, summary_line(result)
    return warehouse


@pytest.fixture
def one_release(tmp_path, first_release) -> Path:
    """A copy of the module's first release (with its parse cache and archive): each test writes to it."""
    shutil.copytree(first_release.parent, tmp_path / "run")
    return tmp_path / "run" / first_release.name


def test_sigint_while_prefect_starts_stops_at_once_and_leaves_no_server(tmp_path, replay_2025, no_server_env):
    warehouse = tmp_path / "wh.duckdb"
    refresh = Refresh(
        ["--sources", "bls-ooh", "--replay", str(replay_2025), "--warehouse", str(warehouse)],
        no_server_env,
    )
    refresh.wait_for_line("refresh: starting Prefect")
    below = descendants(refresh.process.pid)
    code, elapsed, stderr = refresh.interrupt()
    assert code == 130
    assert stderr[-1] == "interrupted: nothing was written"
    assert not any("Traceback" in line for line in stderr)
    assert not warehouse.exists() or rows(warehouse, "select count(*) from releases") == [(0,)]
    assert wait_until_gone(below | descendants(refresh.process.pid)) == set()
    print(f"SIGINT while starting: exit after {elapsed:.1f} s")


def test_sigint_while_fetching_writes_nothing(tmp_path, loopback_site, harness_env):
    arrived, release = threading.Event(), threading.Event()

    def held(request: dict) -> Served:
        arrived.set()
        release.wait(BOUND_S)
        return Served(200, render(medical_assistants_2025()).encode())

    loopback_site.routes[MA_PATH] = held
    warehouse = tmp_path / "wh.duckdb"
    refresh = Refresh(
        ["--sources", "bls-ooh", "--occupation", "medical-assistants", "--base-url",
         f"bls={loopback_site.url}", "--warehouse", str(warehouse)],
        {**harness_env, "LABORSTATS_CONTACT": "data-team@example.org"},
    )  # fmt: skip
    try:
        assert arrived.wait(BOUND_S), "the refresh never asked for the page"
        code, elapsed, stderr = refresh.interrupt()
    finally:
        release.set()
    assert code == 130, stderr
    assert stderr[-1] == "interrupted: nothing was written"
    assert not any("Traceback" in line for line in stderr)
    assert not warehouse.exists() or rows(warehouse, "select count(*) from releases") == [(0,)]
    print(f"SIGINT while fetching: exit after {elapsed:.1f} s")


@pytest.mark.parametrize("stage", ["parsed 1/2", "loading"])
def test_sigint_while_parsing_or_loading_keeps_the_release_before(
    stage, one_release, loopback_site, harness_env
):
    """The second page is held until the test holds the warehouse's lock: loading then waits for the
    lock, so the refresh is still parsing or loading when the signal comes."""
    arrived, release = threading.Event(), threading.Event()

    def held(request: dict) -> Served:
        arrived.set()
        release.wait(BOUND_S)
        return Served(200, render(secretaries_2025()).encode())

    loopback_site.routes[MA_PATH] = Served(200, render(medical_assistants_2025()).encode())
    loopback_site.routes[SEC_PATH] = held
    warehouse = one_release
    refresh = Refresh(
        ["--sources", "bls-ooh", "--base-url", f"bls={loopback_site.url}", "--warehouse", str(warehouse)],
        {**harness_env, "LABORSTATS_CONTACT": "data-team@example.org"},
    )
    holder = None
    try:
        assert arrived.wait(BOUND_S), "the refresh never asked for the page"
        holder = duckdb.connect(str(warehouse))  # the refresh read the warehouse before fetching
        release.set()
        refresh.wait_for_line(stage)
        sent = time.monotonic()
        refresh.process.send_signal(signal.SIGINT)
    finally:
        release.set()
        if holder is not None:
            holder.close()
    code = refresh.process.wait(timeout=BOUND_S)
    print(f"SIGINT at {stage!r}: exit after {time.monotonic() - sent:.1f} s")
    while (line := refresh.lines.get(timeout=BOUND_S)) is not None:
        refresh.stderr.append(line)
    assert code == 130, refresh.stderr
    assert refresh.stderr[-1] == "interrupted: nothing was written"
    assert rows(warehouse, "select max(release_id) from releases") == [(1,)]


def test_sigkill_of_a_refresh_leaves_none_of_its_processes(tmp_path, replay_2025, no_server_env):
    refresh = Refresh(
        ["--sources", "bls-ooh", "--replay", str(replay_2025), "--warehouse", str(tmp_path / "wh.duckdb")],
        no_server_env,
    )
    refresh.wait_for_line("refresh: 2 documents planned")  # the temporary Prefect server is up
    below = descendants(refresh.process.pid)
    assert len(below) >= 2, "expected the worker and Prefect's temporary server"
    refresh.process.kill()
    refresh.process.wait(timeout=BOUND_S)
    assert wait_until_gone(below) == set()
