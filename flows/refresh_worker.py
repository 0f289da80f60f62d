"""The refresh's worker process: runs the Prefect flow and reports to the CLI through a pipe.

The CLI (`flows.refresh_supervisor`) starts this module as its own process so that it can stop a refresh
at any moment, Prefect's start-up included, and afterwards read from the warehouse what was written.
Events are JSON lines on the file descriptor named by `LABORSTATS_EVENTS_FD`; Prefect's own console
log goes to this process's stderr, which the CLI shows only with `--verbose`.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from typing import Any, TextIO

EVENTS_FD = "LABORSTATS_EVENTS_FD"


class EventProgress:
    """A progress listener (see `flows.progress`) that forwards each step to the CLI."""

    def __init__(self, channel: TextIO) -> None:
        self.channel = channel

    def send(self, event: str, **fields: Any) -> None:
        self.channel.write(json.dumps({"event": event, **fields}) + "\n")
        self.channel.flush()

    def planned(self, documents: int) -> None:
        self.send("planned", documents=documents)

    def fetched(self, url: str, ok: bool) -> None:
        self.send("fetched", url=url, ok=ok)

    def parsed(self, url: str, ok: bool, cached: bool) -> None:
        self.send("parsed", url=url, ok=ok, cached=cached)

    def loading(self) -> None:
        self.send("loading")

    def close(self) -> None:
        pass


def main() -> int:
    from flows.lifeline import watch_parent

    lifeline = watch_parent()
    channel = os.fdopen(int(os.environ[EVENTS_FD]), "w", encoding="utf-8")
    events = EventProgress(channel)
    events.send("starting")
    parameters = json.loads(sys.argv[1])
    try:
        from flows import progress
        from flows.lifeline import tie_temporary_server_to_this_process
        from flows.refresh import run_refresh, summary_line

        running_server = bool(os.environ.get("PREFECT_API_URL"))
        if not running_server:  # a temporary server will start: tie it to this process
            tie_temporary_server_to_this_process()  # (imports Prefect's server app: seconds, so only here)
        progress.install(events)
        result = run_refresh(**parameters)
    except Exception as exc:  # the flow re-raises what stopped it: the CLI says it in one line
        events.send("error", message=str(exc) or type(exc).__name__, traceback=traceback.format_exc())
        return 1
    release = result.release
    if running_server:  # the CLI returns on the result; the last logs and events still reach the server
        lifeline.set()
    events.send(
        "result",
        detached=running_server,
        release_id=release.release_id if release else None,
        summary=summary_line(result),
        exit_code=result.exit_code,
        failures=[[f.source, f.url, f.reason] for f in result.failures],
        warnings=list(dict.fromkeys(result.warnings)),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
