"""Cost of Prefect around a refresh (issues 6 and 16): prints one JSON line.

    uv run python benchmarks/prefect_start.py

The SAME documents in every mode: the offline quickstart (`examples/replay`, every source the default
laborstats.toml plans, 10 documents) into a fresh warehouse, each run in a new process:
- floor: the refresh's steps called as plain functions, no Prefect (plan, fetch, archive, parse and
  validate, normalise, load);
- ephemeral: the `refresh` flow with no Prefect API configured (Prefect starts a temporary server);
- server: the `refresh` flow against a Prefect server already running on loopback;
- cli_server: `laborstats refresh --replay examples/replay` as a user runs it with `laborstats server
  start` done (the CLI, its checks, the worker process), the issue's "repeated quickstart refresh".
Each mode runs twice and keeps its best; every mode must load the same number of documents.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REPLAY = REPO / "examples" / "replay"

FLOOR = """
import sys
from pathlib import Path
from extractors.documents import fetch_and_archive, parse_fetched
from extractors.http.archive import RawArchive
from extractors.http.fetch import ReplayFetcher
from extractors.plan import plan_targets
from extractors.sources import extractor_version, parser_for
from flows.config import load_config
from transforms.normalize import document_frame, facts_frame, validate_frame, warehouse_frame
from warehouse.identity import fact_identity
from warehouse.load import DocumentRecord, load_release
warehouse = Path(sys.argv[1])
fetcher = ReplayFetcher(sys.argv[2])
archive = RawArchive(warehouse.parent / "raw")
targets = plan_targets(load_config(None), None, None, False, fetcher)
docs = [fetch_and_archive(fetcher, archive, target) for target in targets]
parsed = [(d, parse_fetched(d)) for d in docs]
pages = [(d, r) for d, r in parsed if r.frame is None]
frames = [warehouse_frame(facts_frame(((d.url, r.facts) for d, r in pages), fact_identity),
                          {d.url: d.sha256 for d, _ in pages},
                          {d.source: extractor_version(d.source) for d, _ in pages})]
for d, r in parsed:
    if r.frame is not None:
        validate_frame(r.frame, d.url)
        frames.append(document_frame(r.frame, d.url, d.sha256, extractor_version(d.source)))
records = [
    DocumentRecord(d.url, d.sha256, d.fetched_at, d.http_status, d.content_type, len(d.body), d.source,
                   published=r.published)
    for d, r in parsed
]
load_release(warehouse, frames, records, [d.url for d in docs], sorted({d.source for d in docs}), [],
             statements={d.url: parser_for(d.source).statement(d.url) for d in docs})
print("documents", len(docs))
"""

FLOW = """
import sys
from flows.refresh import run_refresh
result = run_refresh(replay=sys.argv[2], warehouse=sys.argv[1])
assert result.exit_code == 0, result
print("documents", result.documents)
"""

CLI = """
import subprocess, sys
done = subprocess.run([sys.executable, "-m", "flows.cli", "refresh", "--replay", sys.argv[2],
                       "--warehouse", sys.argv[1]], capture_output=True, text=True)
assert done.returncode == 0, done.stderr
assert "temporary server" not in done.stderr, done.stderr
print("documents", done.stdout.split(": ")[1].split(" documents")[0])
"""


def timed_process(script: str, env: dict[str, str]) -> tuple[float, int]:
    """Seconds for `script` on a fresh warehouse, and the number of documents it loaded."""
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", script, str(Path(tmp) / "w.duckdb"), str(REPLAY)],
            env=env, check=True, capture_output=True, cwd=REPO, text=True,
        )  # fmt: skip
        elapsed = time.perf_counter() - start
    documents = [line for line in done.stdout.splitlines() if line.startswith("documents ")]
    return elapsed, int(documents[-1].split()[1])


def best(script: str, env: dict[str, str]) -> tuple[float, int]:
    return min(timed_process(script, env) for _ in range(2))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    base = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    base.update(
        PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="180"
    )
    base["PYTHONPATH"] = str(REPO)
    with tempfile.TemporaryDirectory() as home:
        base["PREFECT_HOME"] = home
        base["LABORSTATS_DATA_DIR"] = home
        floor, floor_docs = best(FLOOR, base)
        ephemeral, ephemeral_docs = best(FLOW, base)

        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "flows.cli", "server", "start", "--port", str(free_port())],
            env=base, check=True, capture_output=True, cwd=REPO,
        )  # fmt: skip
        server_start = time.perf_counter() - started
        try:
            api = json.loads((Path(home) / "prefect-server.json").read_text())["url"]
            with_server, server_docs = best(FLOW, {**base, "PREFECT_API_URL": api})
            cli, cli_docs = best(CLI, base)
        finally:
            subprocess.run(
                [sys.executable, "-m", "flows.cli", "server", "stop"], env=base, cwd=REPO, check=True
            )

    documents = {floor_docs, ephemeral_docs, server_docs, cli_docs}
    assert len(documents) == 1, f"the modes loaded different documents: {documents}"
    print(
        json.dumps(
            {
                "documents": floor_docs,
                "floor_plain_functions_s": round(floor, 2),
                "flow_ephemeral_s": round(ephemeral, 2),
                "flow_with_running_server_s": round(with_server, 2),
                "cli_refresh_with_running_server_s": round(cli, 2),
                "server_start_once_s": round(server_start, 2),
                "ephemeral_vs_floor": round(ephemeral / floor, 1),
                "server_vs_floor": round(with_server / floor, 1),
                "ephemeral_overhead_s": round(ephemeral - floor, 2),
                "server_overhead_s": round(with_server - floor, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
