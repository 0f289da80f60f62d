"""A local Prefect server kept in the background, so refreshes do not each start a temporary one.

Why: Prefect's temporary server takes about 15 s to start on a small machine, several times the work of
an offline refresh. `laborstats server start` runs `prefect server start` detached (its own session, so
a terminal's Ctrl-C or closing it leaves the server up) and records its PID and URL in a state file in
the user's data folder (`$LABORSTATS_DATA_DIR`, else `$XDG_DATA_HOME/laborstats`, else
`~/.local/share/laborstats`); `laborstats refresh` finds it there and gives the worker its URL. A server
that `PREFECT_API_URL` already names is used as it is.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

DEFAULT_PORT = 4200
START_TIMEOUT_S = 180.0
STOP_TIMEOUT_S = 15.0
STATE_FILE = "prefect-server.json"


class ServerError(RuntimeError):
    """The server could not be started or stopped; the message says why and where its log is."""


@dataclass(frozen=True)
class ServerState:
    pid: int
    url: str  # the API's URL, as PREFECT_API_URL takes it: http://127.0.0.1:PORT/api
    log: str


def data_dir() -> Path:
    if folder := os.environ.get("LABORSTATS_DATA_DIR"):
        return Path(folder)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "laborstats"


def state_path(folder: Path | None = None) -> Path:
    return (folder or data_dir()) / STATE_FILE


def healthy(api_url: str, timeout_s: float = 2.0) -> bool:
    """Whether a Prefect API answers at `api_url` (its `/health` endpoint)."""
    try:
        with urllib.request.urlopen(api_url.rstrip("/") + "/health", timeout=timeout_s) as answer:
            return answer.status == 200
    except (OSError, ValueError):
        return False


def read_state(folder: Path | None = None) -> ServerState | None:
    """The recorded server, if its process is still alive (a stale file is removed); `folder` is the data
    folder it is recorded in (default: the user's, `data_dir()`)."""
    path = state_path(folder)
    try:
        state = ServerState(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None
    if not _alive(state.pid):
        with contextlib.suppress(OSError):
            path.unlink()
        return None
    return state


def running_api_url() -> str | None:
    """The URL of a running server a refresh should use: PREFECT_API_URL's, else the recorded one."""
    configured = os.environ.get("PREFECT_API_URL")
    if configured:
        return configured if healthy(configured) else None
    state = read_state()
    return state.url if state is not None and healthy(state.url) else None


def start(
    port: int | None = None, folder: Path | None = None, environment: Mapping[str, str] | None = None
) -> tuple[ServerState, bool]:
    """Start the server unless one runs; returns its state and whether it was started now.

    `folder` is the data folder to record it in (default: the user's, `data_dir()`) and `environment`
    adds to the server's environment (its `PREFECT_HOME`, say), without changing this process's: the
    test suite starts its shared server from a thread while tests run."""
    folder = folder or data_dir()
    state = read_state(folder)
    if state is not None and healthy(state.url):
        return state, False
    folder.mkdir(parents=True, exist_ok=True)
    chosen = port or (DEFAULT_PORT if _free(DEFAULT_PORT) else _any_free_port())
    log = folder / "prefect-server.log"
    env = {k: v for k, v in {**os.environ, **(environment or {})}.items() if k != "PREFECT_API_URL"}
    env.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    command = [
        sys.executable,
        "-m",
        "prefect",
        "server",
        "start",
        "--host",
        "127.0.0.1",
        "--port",
        str(chosen),
    ]
    with open(log, "ab") as output:
        process = subprocess.Popen(
            command,
            env=env, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,  # outlives this command and its terminal
        )  # fmt: skip
    state = ServerState(process.pid, f"http://127.0.0.1:{chosen}/api", str(log))
    state_path(folder).write_text(json.dumps(asdict(state)), encoding="utf-8")
    deadline = time.monotonic() + START_TIMEOUT_S
    while not healthy(state.url, timeout_s=1.0):
        if process.poll() is not None or time.monotonic() > deadline:
            _end(process.pid)
            state_path(folder).unlink(missing_ok=True)
            why = f"exited with status {process.returncode}" if process.poll() is not None else "timed out"
            raise ServerError(f"the Prefect server on port {chosen} {why}; its log: {log}")
        time.sleep(0.25)
    return state, True


def stop(folder: Path | None = None) -> ServerState | None:
    """End the recorded server (SIGTERM to its session, then SIGKILL); None when none was running."""
    state = read_state(folder)
    if state is None:
        return None
    _end(state.pid)
    state_path(folder).unlink(missing_ok=True)
    return state


def _end(pid: int) -> None:
    _signal_group(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT_S
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    _signal_group(pid, signal.SIGKILL)


def _signal_group(pid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)


def _alive(pid: int) -> bool:
    """Whether `pid` is a live process that is a Prefect server (not a recycled PID, not a zombie)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return False
    with contextlib.suppress(OSError, subprocess.SubprocessError):  # reap it if it was our child
        os.waitpid(pid, os.WNOHANG)
    proc = Path(f"/proc/{pid}")
    if proc.exists():
        try:
            status = (proc / "status").read_text()
            cmdline = (proc / "cmdline").read_bytes()
        except OSError:
            return False
        if "\nState:\tZ" in status:
            return False
        return b"prefect" in cmdline
    return True


def _free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _any_free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
