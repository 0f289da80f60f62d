"""A whole-handbook refresh against a loopback bls.gov, against its politeness floor (issue 16).

    uv run python benchmarks/refresh_scale.py [--pages 342] [--server running|ephemeral]

A stand-in for www.bls.gov on 127.0.0.1 serves an A-Z index and `--pages` generated occupation pages
(tests/ooh_pages.py's builder, one distinct title and SOC code each). `laborstats refresh --sources bls-ooh
--all-occupations` runs against it into a fresh warehouse, as a user runs it (a new process, the default
politeness settings), and is timed from start to exit.

The floor is what politeness alone costs: the fetch layer starts at most one request per host every
`min_interval_s` (0.25 s) and keeps at most `concurrency` (4) in flight, so N requests to one host need
at least max(N * min_interval_s, N / concurrency * served_s) seconds; the loopback server answers in
milliseconds, so the first term decides. Goal: refresh_s <= 1.25 x floor_s.

`--server running` (default) starts a Prefect server first (`laborstats server start`, not timed) as a
user who keeps one would; `--server ephemeral` lets the refresh start Prefect's temporary server (timed).
Prints one JSON line: pages, requests, floor_s, refresh_s, ratio, server, exit_code.
This is a script, not a test: timings belong here, never in the test suite.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from conftest import MA_PATH, SEC_PATH  # noqa: E402
from ooh_pages import medical_assistants_2025, render, render_index, secretaries_2025  # noqa: E402

from extractors.http.settings import FetchSettings  # noqa: E402

INDEX_PATH = "/ooh/a-z-index.htm"


def handbook(pages: int) -> dict[str, bytes]:
    """path -> body: the A-Z index and `pages` occupation pages with distinct titles and SOC codes, the
    two the default laborstats.toml tracks among them."""
    base = medical_assistants_2025()
    served = {MA_PATH: render(base).encode(), SEC_PATH: render(secretaries_2025()).encode()}
    links = [("Medical assistants", MA_PATH), ("Secretaries", SEC_PATH)]
    for i in range(pages - len(served)):
        title = f"Occupation {i:03d} workers"
        soc = f"29-{1000 + i:04d}"
        row = dataclasses.replace(base.rows[0], title=title.capitalize(), soc=soc)
        page = dataclasses.replace(base, title=title, plural=title.lower(), rows=[row])
        path = f"/ooh/healthcare/occupation-{i:03d}.htm"
        served[path] = render(page).encode()
        links.append((title, path))
    served[INDEX_PATH] = render_index(links).encode()
    return served


def serve(served: dict[str, bytes]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            body = served.get(self.path.split("?")[0])
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def laborstats(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *args], env=env, cwd=REPO, capture_output=True, text=True
    )


def timed_refresh(args: list[str], env: dict[str, str], start: float):
    """Run the CLI, noting when its progress lines arrive: until the plan, the first and last fetch, the
    last parse, loading, the end."""
    process = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", *args],
        env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    stdout = []
    reader = threading.Thread(target=lambda: stdout.append(process.stdout.read()), daemon=True)
    reader.start()
    seen: dict[str, float] = {}
    stderr = []
    for line in process.stderr:
        now = round(time.perf_counter() - start, 2)
        stderr.append(line)
        kind = line.split(" ", 1)[0]
        if line.startswith("refresh: ") and "planned" in line:
            seen["planned"] = now
        elif kind in ("fetched", "parsed"):
            seen.setdefault(f"first_{kind}", now)
            seen[f"last_{kind}"] = now
        elif line.startswith("loading"):
            seen["loading"] = now
    process.wait()
    reader.join()
    seen["exit"] = round(time.perf_counter() - start, 2)
    done = subprocess.CompletedProcess(process.args, process.returncode, "".join(stdout), "".join(stderr))
    return done, seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=342)
    parser.add_argument("--server", choices=["running", "ephemeral"], default="running")
    args = parser.parse_args()

    served = handbook(args.pages)
    site = serve(served)
    settings = FetchSettings()
    requests = len(served)
    floor = requests * settings.min_interval_s
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
        env.update(
            LABORSTATS_CONTACT="bench@example.org",
            LABORSTATS_DATA_DIR=str(Path(tmp) / "data"),
            PREFECT_HOME=str(Path(tmp) / "prefect"),
            PYTHONPATH=str(REPO),
        )
        if args.server == "running":
            started = laborstats("server", "start", env=env)
            if started.returncode != 0:
                sys.exit(f"laborstats server start failed: {started.stderr}")
        try:
            start = time.perf_counter()
            refreshed, phases = timed_refresh(
                [
                    "refresh", "--sources", "bls-ooh", "--all-occupations",
                    "--base-url", f"bls=http://127.0.0.1:{site.server_port}",
                    "--warehouse", str(Path(tmp) / "w.duckdb"),
                ],
                env, start,
            )  # fmt: skip
            elapsed = time.perf_counter() - start
        finally:
            if args.server == "running":
                laborstats("server", "stop", env=env)
            site.shutdown()
    if refreshed.returncode != 0:
        print(refreshed.stderr[-3000:], file=sys.stderr)
    print(
        json.dumps(
            {
                "pages": args.pages,
                "requests": requests,
                "floor_s": round(floor, 2),
                "refresh_s": round(elapsed, 2),
                "ratio": round(elapsed / floor, 2),
                "server": args.server,
                "exit_code": refreshed.returncode,
                "phases_s": phases,
                "summary": refreshed.stdout.strip()[-300:],
            }
        )
    )


if __name__ == "__main__":
    main()
