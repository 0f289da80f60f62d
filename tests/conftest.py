"""Shared fixtures: a Prefect test harness, a loopback HTTP server, replay folders built from fixtures."""

from __future__ import annotations

import contextlib
import inspect
import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from ooh_pages import medical_assistants_2025, render, secretaries_2025

from extractors.http.settings import FetchSettings

MA_URL = "https://www.bls.gov/ooh/healthcare/medical-assistants.htm"
SEC_URL = (
    "https://www.bls.gov/ooh/office-and-administrative-support/secretaries-and-administrative-assistants.htm"
)
MA_PATH = "/ooh/healthcare/medical-assistants.htm"
SEC_PATH = "/ooh/office-and-administrative-support/secretaries-and-administrative-assistants.htm"


# Session fixtures that build something costly once: the tests using one of them run in one worker.
GROUPED_SESSION_FIXTURES = ("quickstart_refresh",)


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the marks
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under pytest-xdist (`--dist=loadgroup`), the tests that use one of their module's module-scoped
    fixtures (a warehouse built once and copied per test) run in one worker, so it is built once; so do
    the tests, of any module, that use one of `GROUPED_SESSION_FIXTURES`."""
    for item in items:
        shared = [name for name in GROUPED_SESSION_FIXTURES if name in item.fixturenames]
        definitions = item._fixtureinfo.name2fixturedefs.values()  # pytest offers no public view of this
        if shared:
            item.add_marker(pytest.mark.xdist_group(shared[0]))
        elif any(defs[-1].scope == "module" for defs in definitions):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """One worker more than cores (`--numprocesses=auto`; `--maxprocesses=4` still caps it): the process
    tests leave a core idle while they wait for a child or a loopback server, which the extra worker
    fills. Once refreshes stopped waiting on Prefect's heartbeat thread, the suite keeps both cores busy
    with three: on this 2-core machine, runs taken in turn (s): 2 workers 109, 113; 3 workers 99, 97;
    4 workers 110, 99 (each worker more also collects the suite again, ~4.5 s of CPU)."""
    return (os.cpu_count() or 1) + 1


def _run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder every process of this run shares: pytest-xdist gives each worker a base folder inside
    the controller's, so a worker's parent is the controller's own."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _data_folder(run_folder: Path) -> Path:
    return run_folder / "laborstats-data"


@pytest.fixture(scope="session", autouse=True)
def own_data_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A data folder of the suite's own, shared by the run's workers: the Prefect server the suite keeps
    (`shared_prefect_server`) is recorded there, so the `laborstats refresh` processes the tests start find
    it, and a server a developer keeps with `laborstats server start` is never the one they find."""
    saved = os.environ.get("LABORSTATS_DATA_DIR")
    folder = _data_folder(_run_folder(tmp_path_factory))
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["LABORSTATS_DATA_DIR"] = str(folder)
    yield folder
    if saved is None:
        os.environ.pop("LABORSTATS_DATA_DIR", None)
    else:
        os.environ["LABORSTATS_DATA_DIR"] = saved


# Work of the suite's server that no test reads back, so it does not do it: it stores no events, records
# no task runs from them, evaluates no automations' triggers and registers no block types. No test on
# this server reads events, task runs kept by the server, automations or blocks (a flow's tasks run and
# report to the flow in its own process either way); flow runs, their states, artifacts and deployments
# are served as before. The servers some tests start of their own skip the same work (test_local_server.py
# keeps storing events, which it reads; the temporary server of test_cli_interrupt.py).
SERVER_WORK_NO_TEST_READS = {
    "PREFECT_SERVER_SERVICES_EVENT_PERSISTER_ENABLED": "false",
    # ~0.1 s of the server's CPU per flow run of three tasks, measured
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED": "false",
    # no test's flow, deployment or result storage uses a block type, so the ~3 s of CPU registering
    # Prefect's catalogue of them at start is not spent
    "PREFECT_API_BLOCKS_REGISTER_ON_START": "false",
}
# Nor do the tests' flows, in-process or in the refresh processes they start, send their log lines to the
# API: no test reads them there (what a refresh prints is its own progress, which the tests read).
os.environ.setdefault("PREFECT_LOGGING_TO_API_ENABLED", "false")


class SharedServer:
    """One Prefect server for the whole run, started by the project's own `laborstats server start` code
    (flows/local_server.py) under a file lock, so the first worker that needs it starts it and the others
    find it; the controller stops it when the run ends (`pytest_sessionfinish`). Starting it takes ~15 s
    of CPU, which a harness per worker (and a temporary server per refresh process) paid again and again.

    The start begins in a thread: in the controller at once on a whole-suite run (`pytest_configure`),
    else as soon as a worker has collected a test that uses Prefect, so it overlaps with the workers'
    start and the tests that do not need it; `url()` waits for it."""

    def __init__(self, run_folder: Path) -> None:
        self.run_folder = run_folder
        self.thread: threading.Thread | None = None
        self.api_url: str | None = None
        self.error: BaseException | None = None

    def begin(self) -> None:
        if self.thread is None:
            self.thread = threading.Thread(target=self._start, name="shared-prefect-server", daemon=True)
            self.thread.start()

    def url(self) -> str:
        self.begin()
        self.thread.join()
        if self.error is not None:
            raise RuntimeError(f"the suite's Prefect server did not start: {self.error}") from self.error
        return self.api_url

    def _start(self) -> None:
        from flows import local_server

        try:
            with _server_lock(self.run_folder):
                state, _ = local_server.start(
                    port=_free_port(),
                    folder=_data_folder(self.run_folder),
                    environment={
                        "PREFECT_HOME": str(self.run_folder / "prefect-home"),  # its database
                        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                        # the API and the services of Prefect's temporary server, no UI, no scheduler:
                        # what prefect_test_harness served before, at less CPU
                        "PREFECT__SERVER_EPHEMERAL": "1",
                        "PREFECT_UI_ENABLED": "false",
                        **SERVER_WORK_NO_TEST_READS,
                    },
                )
            self.api_url = state.url
        except BaseException as exc:  # reported by url(), in the test that needs the server
            self.error = exc


@contextlib.contextmanager
def _server_lock(run_folder: Path) -> Iterator[None]:
    """Held while the shared server starts or stops; the system releases it if its holder dies."""
    import fcntl

    with (run_folder / "prefect-server.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


_shared_server: SharedServer | None = None


def _server(config: pytest.Config) -> SharedServer:
    global _shared_server
    if _shared_server is None:
        _shared_server = SharedServer(_run_folder(config._tmp_path_factory))  # pytest's own factory
    return _shared_server


@pytest.hookimpl(trylast=True)  # after the tmp_path plugin is configured
def pytest_configure(config: pytest.Config) -> None:
    """A run of the whole suite needs the shared server, so its controller begins starting it at once:
    the ~9 s of CPU of the server's start (imports, migrating its database) overlap with the workers
    starting and collecting, instead of following them while every Prefect test waits. A run of some
    tests starts it only once a worker has collected one that needs it (`pytest_collection_finish`)."""
    if hasattr(config, "workerinput") or config.option.collectonly:
        return
    if _runs_the_whole_suite(config):
        _server(config).begin()


def _runs_the_whole_suite(config: pytest.Config) -> bool:
    tests = Path(__file__).resolve().parent
    named = [config.invocation_params.dir / arg.split("::")[0] for arg in config.args]
    whole = [path.resolve() for path in named] == [tests]
    return whole and not config.option.keyword and not config.option.markexpr


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    """Begin starting the shared server as soon as this process knows a test will need it."""
    if session.config.option.collectonly:
        return
    if any("prefect_harness" in getattr(item, "fixturenames", ()) for item in session.items):
        _server(session.config).begin()


def pytest_sessionfinish(session: pytest.Session) -> None:
    """The controller (or a run without workers) stops the shared server, once every worker is done, and
    notes the CPU time it used (it is no child of pytest's, so `time` would not count it)."""
    if hasattr(session.config, "workerinput"):
        return
    from flows import local_server

    run_folder = _run_folder(session.config._tmp_path_factory)
    with _server_lock(run_folder):  # a start in progress has ended
        state = local_server.read_state(_data_folder(run_folder))
        if state is not None:
            session.config.stash[_SERVER_CPU] = _cpu_seconds(state.pid)
            local_server.stop(_data_folder(run_folder))


_SERVER_CPU = pytest.StashKey[float]()


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and its threads (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    if _SERVER_CPU in config.stash:
        used = config.stash[_SERVER_CPU]
        terminalreporter.write_line(f"the suite's Prefect server used {used:.1f} s of CPU")


@pytest.fixture(scope="session")
def prefect_harness(request: pytest.FixtureRequest) -> Iterator[str]:
    """The run's Prefect server as this process's API: flows run for real, against a real server."""
    import prefect.context
    from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    url = _server(request.config).url()
    # Flows called directly (`refresh(...)`, not `run_refresh`) run as laborstats runs them: without
    # Prefect's heartbeat thread, whose join held each run ~0.7 s longer (flows/refresh.py)
    with (
        temporary_settings(updates={PREFECT_API_URL: url, PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}),
        # as prefect_test_harness does: threads whose context was copied earlier see the same API
        prefect.context._temporary_global_settings_context(prefect.context.get_settings_context()),
    ):
        yield url
        _drain_prefect_workers()


@pytest.fixture
def migrated_prefect_home(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, prefect_harness: str
) -> Path:
    """A Prefect home (`PREFECT_HOME`) whose database is a copy of the suite's server's, already migrated:
    a server started on it (`laborstats server start`, Prefect's temporary server) skips the ~5 s of CPU
    that migrating a new database costs, and never touches the developer's own `~/.prefect`."""
    import sqlite3

    home = tmp_path / "prefect-home"
    home.mkdir()
    served = _run_folder(tmp_path_factory) / "prefect-home" / "prefect.db"
    source = sqlite3.connect(f"file:{served}?mode=ro", uri=True)
    target = sqlite3.connect(home / "prefect.db")
    try:
        source.backup(target)  # a consistent snapshot, though the server keeps writing
    finally:
        source.close()
        target.close()
    return home


def _drain_prefect_workers() -> None:
    """Send the logs and events still queued before this process ends (as prefect_test_harness does)."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker
    from prefect.utilities.asyncutils import run_coro_as_sync

    async def drain() -> None:
        try:
            result = APILogWorker.instance().drain()
            if inspect.isawaitable(result):
                await result
        except RuntimeError:  # the worker never started
            pass
        result = EventsWorker.drain_all()
        if inspect.isawaitable(result):
            await result

    run_coro_as_sync(drain())


@dataclass(frozen=True)
class QuickstartRun:
    """The offline quickstart as a user runs it: `laborstats refresh --replay examples/replay` in a
    process of its own, from the project's folder (its shipped laborstats.toml), output piped to files."""

    warehouse: Path  # read only: the tests that share it query it, none writes
    stdout: str
    stderr: str


@pytest.fixture(scope="session")
def quickstart_refresh(tmp_path_factory: pytest.TempPathFactory, prefect_harness: str) -> QuickstartRun:
    """One quickstart refresh for the tests that check what it loads and what it prints (the acceptance
    check and the command-line tests), built once: it is the suite's costliest single command. As a user
    without a BLS API key who names a contact; the replay needs neither."""
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[1]
    warehouse = tmp_path_factory.mktemp("quickstart") / "wh.duckdb"
    environment = {k: v for k, v in os.environ.items() if k != "BLS_API_KEY"}
    environment.update(PREFECT_API_URL=prefect_harness, LABORSTATS_CONTACT="data-team@example.org")
    done = subprocess.run(
        [sys.executable, "-m", "flows.cli", "refresh", "--replay", "examples/replay", "--warehouse",
         str(warehouse)],
        cwd=repo, env=environment, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return QuickstartRun(warehouse, done.stdout, done.stderr)


@dataclass
class Served:
    """One scripted answer. `cut` declares the whole body's length but sends half and closes;
    `send_length=False` sends no Content-Length (the body ends when the connection closes); `delay_s`
    holds the request open first, so that concurrent requests overlap on the server."""

    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html"})
    cut: bool = False
    send_length: bool = True
    delay_s: float = 0.0


@dataclass
class LoopbackSite:
    """What a stand-in host serves, and what it was asked.

    A route is one `Served` (answered every time), a list of them (answered in turn, the last one
    repeating), or a function of the request (`{"method", "path", "headers", "body"}`) returning one, for
    a stand-in that answers by what it is asked (a POSTed JSON body). A 200 carrying an ETag or
    Last-Modified answers a request that presents the same validator with 304 and no body, as a real
    server would.
    """

    url: str
    routes: dict[str, Served | list[Served] | Callable[[dict], Served]]
    requests: list[dict] = field(default_factory=list)
    max_in_flight: int = 0

    def hits(self, path: str) -> list[dict]:
        return [r for r in self.requests if r["path"] == path]


def _not_modified(served: Served, request_headers) -> bool:
    if served.status != 200:
        return False
    etag, modified = served.headers.get("ETag"), served.headers.get("Last-Modified")
    return bool(
        (etag and request_headers.get("If-None-Match") == etag)
        or (modified and request_headers.get("If-Modified-Since") == modified)
    )


@pytest.fixture
def loopback_site() -> Iterator[LoopbackSite]:
    routes: dict[str, Served | list[Served]] = {}
    site = LoopbackSite("", routes)
    lock = threading.Lock()
    in_flight = 0

    def next_answer(record: dict) -> Served:
        with lock:
            route = routes.get(record["path"])
            if isinstance(route, list):
                return route.pop(0) if len(route) > 1 else route[0]
        if callable(route):
            return route(record)
        return route or Served(404, b"<html><title>Not Found</title></html>")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            self._handle(b"")

        def do_POST(self) -> None:  # noqa: N802
            self._handle(self.rfile.read(int(self.headers.get("Content-Length") or 0)))

        def _handle(self, body: bytes) -> None:
            nonlocal in_flight
            record = {
                "method": self.command,
                "path": self.path,
                "headers": dict(self.headers),
                "body": body,
                "started": time.monotonic(),
            }
            with lock:
                in_flight += 1
                site.max_in_flight = max(site.max_in_flight, in_flight)
                site.requests.append(record)
            try:
                record["status"] = self._answer(next_answer(record))
            finally:
                with lock:
                    in_flight -= 1

        def _answer(self, served: Served) -> int:
            if served.delay_s:
                time.sleep(served.delay_s)
            if _not_modified(served, self.headers):
                self.send_response(304)
                for key in ("ETag", "Last-Modified"):
                    if key in served.headers:
                        self.send_header(key, served.headers[key])
                self.end_headers()
                return 304
            self.send_response(served.status)
            for key, value in served.headers.items():
                self.send_header(key, value)
            if served.send_length:
                self.send_header("Content-Length", str(len(served.body)))
            self.end_headers()
            if served.cut:
                self.wfile.write(served.body[: len(served.body) // 2])
                self.wfile.flush()
                self.close_connection = True
                return served.status
            self.wfile.write(served.body)
            return served.status

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    site.url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


def fast_settings(**overrides) -> FetchSettings:
    """Settings for tests: no gap between requests and millisecond backoff, so retries cost nothing."""
    values = {"min_interval_s": 0.0, "backoff_base_s": 0.001, "backoff_max_s": 0.005}
    return FetchSettings(**{**values, **overrides})


def write_replay(folder: Path, pages: dict[str, str]) -> Path:
    """A replay folder (manifest + files) answering each URL with its page."""
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    for i, (url, html) in enumerate(pages.items()):
        name = f"page{i}.htm"
        (folder / name).write_text(html, encoding="utf-8")
        entries.append({"url": url, "file": name, "status": 200, "headers": {"Content-Type": "text/html"}})
    manifest = {"format": "laborstats-replay/1", "responses": entries}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


@pytest.fixture
def replay_2025(tmp_path: Path) -> Path:
    return write_replay(
        tmp_path / "replay",
        {MA_URL: render(medical_assistants_2025()), SEC_URL: render(secretaries_2025())},
    )


def warehouse_rows(warehouse, sql, params=None) -> list[tuple]:
    """Rows of `sql` on a read-only connection: tests read the warehouse as SQL users do."""
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()
