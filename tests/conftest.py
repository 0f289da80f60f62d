"""Shared fixtures: a Prefect test harness, a loopback HTTP server, replay folders built from fixtures."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from ooh_pages import medical_assistants_2025, render, secretaries_2025

MA_URL = "https://www.bls.gov/ooh/healthcare/medical-assistants.htm"
SEC_URL = (
    "https://www.bls.gov/ooh/office-and-administrative-support/secretaries-and-administrative-assistants.htm"
)
MA_PATH = "/ooh/healthcare/medical-assistants.htm"
SEC_PATH = "/ooh/office-and-administrative-support/secretaries-and-administrative-assistants.htm"


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One throwaway Prefect API for the session: flows run for real, against a temporary database."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@dataclass
class Served:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html"})


@dataclass
class LoopbackSite:
    """What a stand-in host serves, and what it was asked."""

    url: str
    routes: dict[str, Served]
    requests: list[dict] = field(default_factory=list)


@pytest.fixture
def loopback_site() -> Iterator[LoopbackSite]:
    routes: dict[str, Served] = {}
    seen: list[dict] = []
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            with lock:
                seen.append({"path": self.path, "headers": dict(self.headers)})
            served = routes.get(self.path)
            if served is None:
                served = Served(404, b"<html><title>Not Found</title></html>")
            self.send_response(served.status)
            for key, value in served.headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(served.body)))
            self.end_headers()
            self.wfile.write(served.body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LoopbackSite(f"http://127.0.0.1:{server.server_port}", routes, seen)
    finally:
        server.shutdown()
        server.server_close()


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
