"""Cost of Prefect around a refresh (issue 6): prints JSON. Run `uv run python benchmarks/prefect_start.py`.

In one run, the offline quickstart refresh (`examples/replay`) into a fresh warehouse, each in a new
process, three ways:
- floor: the same steps called as plain functions, no Prefect (fetch, archive, parse, normalise, load);
- ephemeral: the `refresh` flow with no Prefect API configured (Prefect starts a temporary server);
- server: the `refresh` flow against a Prefect server already running on loopback.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REPLAY = REPO / "examples" / "replay"

FLOOR = """
import sys
from pathlib import Path
from extractors.http.archive import RawArchive
from extractors.documents import Target, fetch_and_archive, parse_fetched
from extractors.http.fetch import ReplayFetcher
from extractors.sources import extractor_version
from extractors.sources.bls_ooh import ooh_url
from flows.config import DEFAULT_CONFIG
from transforms.normalize import facts_frame, warehouse_frame
from warehouse.identity import fact_identity
from warehouse.load import DocumentRecord, load_release
warehouse = Path(sys.argv[1])
fetcher = ReplayFetcher(sys.argv[2])
archive = RawArchive(warehouse.parent / "raw")
targets = [Target("bls-ooh", ooh_url(o.ooh_path)) for o in DEFAULT_CONFIG.occupations]
docs = [fetch_and_archive(fetcher, archive, target) for target in targets]
parsed = [(d, parse_fetched(d)) for d in docs]
facts = facts_frame(((d.url, r.facts) for d, r in parsed), fact_identity)
frame = warehouse_frame(facts, {d.url: d.sha256 for d in docs},
                        {"bls-ooh": extractor_version("bls-ooh")})
records = [
    DocumentRecord(d.url, d.sha256, d.fetched_at, d.http_status, d.content_type, len(d.body), d.source)
    for d in docs
]
load_release(warehouse, frame, records, [d.url for d in docs], ["bls-ooh"], [])
"""

FLOW = """
import sys
from flows.refresh import run_refresh
result = run_refresh(replay=sys.argv[2], warehouse=sys.argv[1])
assert result.exit_code == 0, result
"""


def timed_process(script: str, env: dict[str, str]) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", script, str(Path(tmp) / "w.duckdb"), str(REPLAY)],
            env=env, check=True, capture_output=True, cwd=REPO,
        )  # fmt: skip
        return time.perf_counter() - start


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    base = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    base.update(
        PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="180"
    )
    with tempfile.TemporaryDirectory() as home:
        base["PREFECT_HOME"] = home
        floor = min(timed_process(FLOOR, base) for _ in range(2))
        ephemeral = min(timed_process(FLOW, base) for _ in range(2))

        port = free_port()
        api = f"http://127.0.0.1:{port}/api"
        server = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=base, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            started = time.perf_counter()
            while time.perf_counter() - started < 180:
                try:
                    urllib.request.urlopen(f"{api}/health", timeout=2)
                    break
                except OSError:
                    time.sleep(0.5)
            server_start = time.perf_counter() - started
            with_server = min(timed_process(FLOW, {**base, "PREFECT_API_URL": api}) for _ in range(2))
        finally:
            server.terminate()
            server.wait(timeout=60)

    print(
        json.dumps(
            {
                "documents": 2,
                "floor_plain_functions_s": round(floor, 2),
                "flow_ephemeral_s": round(ephemeral, 2),
                "flow_with_running_server_s": round(with_server, 2),
                "server_start_once_s": round(server_start, 2),
                "ephemeral_vs_floor": round(ephemeral / floor, 1),
                "server_vs_floor": round(with_server / floor, 1),
                "ephemeral_overhead_s": round(ephemeral - floor, 2),
                "server_overhead_s": round(with_server - floor, 2),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
