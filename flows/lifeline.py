"""Processes a refresh starts end when their parent does, however the parent ends (SIGKILL included).

A refresh runs as: the CLI -> a worker process (the Prefect flow) -> Prefect's temporary API server. A
process killed hard runs no cleanup, so each child watches its own parent: a daemon thread polls
`os.getppid()` and ends the process once the parent is gone (the child is then re-parented). Polling
works on every POSIX system and does not depend on which thread started the child, unlike Linux's
PR_SET_PDEATHSIG, which fires when the *thread* that forked exits.
"""

from __future__ import annotations

import os
import signal
import threading
import time
import types

POLL_S = 0.2
GRACE_S = 3.0

# The temporary server's command, wrapped: watch the parent, then run uvicorn as Prefect asked.
_SERVER_LAUNCHER = (
    "import runpy, sys\n"
    "from flows.lifeline import watch_parent\n"
    "watch_parent(int(sys.argv[1]))\n"
    "sys.argv = ['uvicorn', *sys.argv[2:]]\n"
    "runpy.run_module('uvicorn', run_name='__main__', alter_sys=True)\n"
)


def watch_parent(parent_pid: int | None = None) -> threading.Event:
    """End this process soon after `parent_pid` (default: the current parent) is gone: SIGTERM to itself
    first, so a server can shut down cleanly, then a hard exit if that has not ended it.

    Setting the returned event lets the process outlive its parent from then on (a refresh worker that
    has reported its result and only hands its last logs to a running Prefect server)."""
    expected = parent_pid or os.getppid()
    if os.getppid() != expected:  # the parent died before we looked
        os._exit(1)
    released = threading.Event()

    def watch() -> None:
        while os.getppid() == expected:
            if released.wait(POLL_S):
                return
        if released.is_set():
            return
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(GRACE_S)
        os._exit(1)

    threading.Thread(target=watch, name="laborstats-lifeline", daemon=True).start()
    return released


def tie_temporary_server_to_this_process() -> None:
    """Start Prefect's temporary API server (`SubprocessASGIServer`) through the launcher above, so it
    ends when this process ends. Prefect starts it with `subprocess.Popen([python, -m, uvicorn, ..])`;
    only that module's view of `subprocess` is replaced, nothing else in the process."""
    from prefect.server.api import server as prefect_server

    real = prefect_server.subprocess
    if isinstance(real, types.SimpleNamespace):  # already tied
        return
    public = {name: getattr(real, name) for name in dir(real) if not name.startswith("__")}
    shim = types.SimpleNamespace(**public)

    def popen(args, **kwargs):
        args = list(args)
        if args[1:3] == ["-m", "uvicorn"]:
            args = [args[0], "-c", _SERVER_LAUNCHER, str(os.getpid()), *args[3:]]
            env = kwargs.get("env") or dict(os.environ)
            kwargs["env"] = {**env, "PYTHONPATH": _pythonpath(env)}
        return real.Popen(args, **kwargs)

    shim.Popen = popen
    prefect_server.subprocess = shim


def _pythonpath(env: dict | None) -> str:
    """The launcher imports `flows.lifeline`: put this checkout first on the server's path."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    current = (env or os.environ).get("PYTHONPATH", "")
    return os.pathsep.join(p for p in (root, current) if p)
