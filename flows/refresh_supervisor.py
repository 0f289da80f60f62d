"""`laborstats refresh` as the user sees it: the flow runs in a worker process this one supervises.

Why a second process: Prefect runs tasks on threads and its own event loop, and a Ctrl-C that lands
there is swallowed, retried or turned into a connection error minutes later. Here the worker runs in its
own process group, so the terminal's Ctrl-C reaches only this process, which stops the worker's whole
group (the worker and Prefect's temporary server) within seconds and then reads from the warehouse, with
the worker gone, whether a release was written. Loading is one DuckDB transaction, so the warehouse
holds either the release before or a whole new one, and the line printed is read from it, not guessed.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from flows import progress
from flows.refresh_checks import RefreshOptions
from flows.refresh_worker import EVENTS_FD

STOP_GRACE_S = 2.5  # SIGTERM first (Prefect marks the run crashed in its UI), then SIGKILL
INTERRUPTED = 130
REPO_ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Outcome:
    """What the worker reported: its result or its error, and the events seen."""

    result: dict | None = None
    error: dict | None = None
    stages: list[str] = field(default_factory=list)


def latest_release(warehouse: Path) -> int:
    """The newest release id in the warehouse, 0 when there is none (or no warehouse yet)."""
    from warehouse.connection import open_read_only, run

    if not warehouse.exists():
        return 0
    con = open_read_only(warehouse, timeout_s=10)
    try:
        return int(run(con, "SELECT coalesce(max(release_id), 0) FROM releases")[0][0])
    finally:
        con.close()


def run_refresh_supervised(
    options: RefreshOptions, say: Callable[[str, bool], None], verbose: bool = False, debug: bool = False
) -> int:
    """Run the refresh, print what it did through `say(text, to_stderr)`; return the exit code."""
    warehouse = Path(options.warehouse)
    before = latest_release(warehouse)
    listener = progress.for_stream(sys.stderr)
    log = None if verbose else _log_file()
    outcome = Outcome()
    worker: subprocess.Popen | None = None
    try:
        worker, channel = _start_worker(options, log, listener)
        for event in _events(channel):
            _show(event, listener, outcome)
            if _detached(outcome, log):
                channel.close()
                _reap_later(worker)
                worker = None  # it hands its last logs to the server on its own; nothing to stop
                break
        else:
            worker.wait()
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the clean-up short
        if worker is not None:
            _stop(worker)
        listener.close()
        written = latest_release(warehouse)
        what = f"release {written} was written" if written > before else "nothing was written"
        say(f"interrupted: {what}", True)
        _discard(log)
        return INTERRUPTED
    finally:
        if worker is not None and worker.poll() is None:
            _stop(worker)
        listener.close()
    return _report(outcome, worker, warehouse, before, say, log, debug)


def _detached(outcome: Outcome, log) -> bool:
    """Whether the command can end on the worker's result without waiting for it to exit: it uses a
    running server (so no temporary server dies with it) and its console output goes to the log file,
    not the terminal. Its exit (about a second of handing logs and events to the server) is not the
    user's wait."""
    return outcome.result is not None and bool(outcome.result.get("detached")) and log is not None


def _reap_later(worker: subprocess.Popen) -> None:
    """Collect the worker's exit status when it comes, so an embedding program keeps no zombie."""
    threading.Thread(target=worker.wait, name="laborstats-reap-worker", daemon=True).start()


def _log_file():
    """Where the worker's console output (Prefect's log) goes unless --verbose; kept only on a crash."""
    return tempfile.NamedTemporaryFile(prefix="laborstats-refresh-", suffix=".log", delete=False)  # noqa: SIM115


TEMPORARY_SERVER_NOTE = (
    "refresh: starting Prefect's temporary server (about 15 s; `laborstats server start` keeps one running)"
)


def _prefect_api(listener: progress.ProgressListener) -> dict[str, str]:
    """Which Prefect API the worker uses, said before the wait: this process's (a test's harness), a
    running server (PREFECT_API_URL's, or the one `laborstats server start` recorded), else a temporary
    server the worker starts."""
    inherited = _prefect_settings_env()
    if inherited.get("PREFECT_API_URL"):
        _note(listener, f"refresh: using the Prefect server at {inherited['PREFECT_API_URL']}")
        return inherited
    from flows.local_server import running_api_url

    url = running_api_url()
    if url is not None:
        _note(listener, f"refresh: using the Prefect server at {url}")
        return {**inherited, "PREFECT_API_URL": url}
    _note(listener, TEMPORARY_SERVER_NOTE)
    return {k: v for k, v in inherited.items() if k != "PREFECT_API_URL"}


def _note(listener: progress.ProgressListener, text: str) -> None:
    note = getattr(listener, "note", None)
    if note is not None:
        note(text)


def _start_worker(
    options: RefreshOptions, log, listener: progress.ProgressListener
) -> tuple[subprocess.Popen, Iterator[str]]:
    api = _prefect_api(listener)
    read_end, write_end = os.pipe()
    env = {**os.environ, **api, EVENTS_FD: str(write_end)}
    if not api.get("PREFECT_API_URL"):
        env.pop("PREFECT_API_URL", None)  # it names a server that does not answer: start a temporary one
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO_ROOT), env.get("PYTHONPATH", "")) if p)
    env.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    env.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    try:
        worker = subprocess.Popen(
            [sys.executable, "-m", "flows.refresh_worker", json.dumps(options.parameters())],
            env=env,
            pass_fds=(write_end,),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log if log is not None else None,
            start_new_session=True,  # the terminal's Ctrl-C reaches this process only
        )
    finally:
        os.close(write_end)
    return worker, os.fdopen(read_end, encoding="utf-8")


def _prefect_settings_env() -> dict[str, str]:
    """When Prefect is already loaded here (a test's harness, an embedding program), the worker uses the
    same API rather than starting a server of its own."""
    if "prefect" not in sys.modules:
        return {}
    from prefect.settings import get_current_settings

    return get_current_settings().to_environment_variables(exclude_unset=True)


def _events(channel) -> Iterator[dict]:
    with channel:
        for line in channel:
            with contextlib.suppress(json.JSONDecodeError):
                yield json.loads(line)


def _show(event: dict, listener: progress.ProgressListener, outcome: Outcome) -> None:
    kind = event.get("event")
    outcome.stages.append(kind)
    if kind == "planned":
        listener.planned(event["documents"])
    elif kind == "fetched":
        listener.fetched(event["url"], event["ok"])
    elif kind == "parsed":
        listener.parsed(event["url"], event["ok"], event["cached"])
    elif kind == "loading":
        listener.loading()
    elif kind == "result":
        outcome.result = event
    elif kind == "error":
        outcome.error = event


def _stop(worker: subprocess.Popen) -> None:
    """End the worker's process group: the worker, and Prefect's temporary server it started."""
    _signal_group(worker.pid, signal.SIGTERM)
    try:
        worker.wait(STOP_GRACE_S)
    except subprocess.TimeoutExpired:
        _signal_group(worker.pid, signal.SIGKILL)
        worker.wait()
    _signal_group(worker.pid, signal.SIGKILL)  # whatever of the group outlived the worker


def _signal_group(group: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(group, sig)


def _report(outcome: Outcome, worker, warehouse: Path, before: int, say, log, debug: bool) -> int:
    result, error = outcome.result, outcome.error
    if result is not None:
        _discard(log)
        for source, url, reason in result["failures"]:
            say(f"failed: {source} {progress.short_url(url or '')}: {_short_urls(reason)}", True)
        for warning in result["warnings"]:
            say(f"warning: {_short_urls(warning)}", True)
        if result["release_id"] is None:
            say("error: no document could be fetched and parsed; nothing written", True)
            return 1
        say(result["summary"], False)
        return result["exit_code"]
    written = latest_release(warehouse)
    if error is not None:
        if debug:
            say(error["traceback"].rstrip(), True)
        what = f"error: {error['message']}"
        _discard(log)
    else:
        what = f"error: the refresh process ended unexpectedly (exit status {worker.returncode})"
        if log is not None:
            what += f"; its log: {log.name}"
    if written > before:  # it failed after loading: say so, and do not claim nothing was written
        say(f"{what}; release {written} was written", True)
        return 3
    say(f"{what}; nothing written", True)
    return 1


_URL = re.compile(r"https?://\S+?(?=:?\s|:?$)")


def _short_urls(text: str) -> str:
    """Messages name their URL; the BLS API's carry hundreds of characters of series ids."""
    return _URL.sub(lambda match: progress.short_url(match.group(0)), text)


def _discard(log) -> None:
    if log is not None:
        log.close()
        with contextlib.suppress(OSError):
            os.unlink(log.name)
