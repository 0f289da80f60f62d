"""Shared fixtures: a Prefect test harness, a loopback HTTP server, replay folders built from fixtures."""

from __future__ import annotations

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


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the marks
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under pytest-xdist (`--dist=loadgroup`), the tests that use one of their module's module-scoped
    fixtures (a warehouse built once and copied per test) run in one worker, so it is built once."""
    for item in items:
        definitions = item._fixtureinfo.name2fixturedefs.values()  # pytest offers no public view of this
        if any(defs[-1].scope == "module" for defs in definitions):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))


@pytest.fixture(scope="session", autouse=True)
def own_data_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A data folder of the suite's own, so a Prefect server a developer keeps with `laborstats server
    start` is never the one the tests' refreshes find."""
    saved = os.environ.get("LABORSTATS_DATA_DIR")
    os.environ["LABORSTATS_DATA_DIR"] = str(tmp_path_factory.mktemp("laborstats-data"))
    yield
    if saved is None:
        os.environ.pop("LABORSTATS_DATA_DIR", None)
    else:
        os.environ["LABORSTATS_DATA_DIR"] = saved


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One throwaway Prefect API for the session: flows run for real, against a temporary database."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


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
