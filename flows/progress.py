"""Progress of a refresh as documents are fetched and parsed: a rich bar on a terminal, lines otherwise.

The flow reports to whatever listener the CLI installed; a deployment run (no CLI) has none and reports
nothing here, since the Prefect UI shows its task runs.
"""

from __future__ import annotations

import sys
import threading
from typing import Protocol, TextIO


class ProgressListener(Protocol):
    def planned(self, documents: int) -> None: ...
    def fetched(self, url: str, ok: bool) -> None: ...
    def parsed(self, url: str, ok: bool, cached: bool) -> None: ...
    def loading(self) -> None: ...
    def close(self) -> None: ...


class _Silent:
    def planned(self, documents: int) -> None:
        pass

    def fetched(self, url: str, ok: bool) -> None:
        pass

    def parsed(self, url: str, ok: bool, cached: bool) -> None:
        pass

    def loading(self) -> None:
        pass

    def close(self) -> None:
        pass


def short_url(url: str, limit: int = 120) -> str:
    """A URL for a progress line: the BLS API's URLs carry every series id in their fragment (700
    characters); the line keeps the start and says how many series follow."""
    if len(url) <= limit:
        return url
    base, _, fragment = url.partition("#")
    if fragment.startswith("series="):
        series = fragment.removeprefix("series=").split(",")
        return f"{base}#series={series[0]},.. ({len(series)} series)"
    return url[: limit - 2] + ".."


class LineProgress:
    """One plain line per document and step, for logs and pipes."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.total = 0
        self.counts = {"fetched": 0, "parsed": 0}

    def planned(self, documents: int) -> None:
        self.total = documents
        self._line(f"refresh: {documents} documents planned")

    def fetched(self, url: str, ok: bool) -> None:
        self.counts["fetched"] += 1
        state = "ok" if ok else "FAILED"
        self._line(f"fetched {self.counts['fetched']}/{self.total} {state} {short_url(url)}")

    def parsed(self, url: str, ok: bool, cached: bool) -> None:
        self.counts["parsed"] += 1
        state = "FAILED" if not ok else "cached" if cached else "ok"
        self._line(f"parsed {self.counts['parsed']}/{self.total} {state} {short_url(url)}")

    def loading(self) -> None:
        self._line("loading the release into the warehouse")

    def close(self) -> None:
        pass

    def note(self, text: str) -> None:
        """A line about the run itself (e.g. that Prefect is starting), between the documents' lines."""
        self._line(text)

    def _line(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()


class BarProgress:
    """Two rich progress bars (fetched, parsed) for a person watching a terminal."""

    def __init__(self, stream: TextIO) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(
            TextColumn("{task.description:>8}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(file=stream),
            transient=False,
        )
        self.progress.start()
        self.status = self.progress.add_task("starting Prefect", total=None)

    def note(self, text: str) -> None:
        """A line about the run itself, printed above the bars."""
        self.progress.console.print(text)

    def planned(self, documents: int) -> None:
        # The bars appear once the total is known: a bar at "0/?" says nothing.
        self.progress.remove_task(self.status)
        self.fetch_bar = self.progress.add_task("fetched", total=documents)
        self.parse_bar = self.progress.add_task("parsed", total=documents)

    def fetched(self, url: str, ok: bool) -> None:
        self.progress.advance(self.fetch_bar)
        if not ok:  # a document that will never be parsed still counts as done for the parse bar
            self.progress.advance(self.parse_bar)

    def parsed(self, url: str, ok: bool, cached: bool) -> None:
        self.progress.advance(self.parse_bar)

    def loading(self) -> None:
        self.progress.add_task("loading", total=None)

    def close(self) -> None:
        self.progress.stop()


class _Serialised:
    """A listener whose calls come one at a time: batch tasks report documents from several threads."""

    def __init__(self, inner: ProgressListener) -> None:
        self.inner = inner
        self.lock = threading.Lock()

    def planned(self, documents: int) -> None:
        with self.lock:
            self.inner.planned(documents)

    def fetched(self, url: str, ok: bool) -> None:
        with self.lock:
            self.inner.fetched(url, ok)

    def parsed(self, url: str, ok: bool, cached: bool) -> None:
        with self.lock:
            self.inner.parsed(url, ok, cached)

    def loading(self) -> None:
        with self.lock:
            self.inner.loading()

    def close(self) -> None:
        with self.lock:
            self.inner.close()


_listener: ProgressListener = _Silent()


def listener() -> ProgressListener:
    return _listener


def install(new: ProgressListener | None) -> None:
    global _listener
    _listener = _Serialised(new) if new is not None else _Silent()


def for_stream(stream: TextIO | None = None) -> ProgressListener:
    """A bar when `stream` is a terminal, plain lines when it is not."""
    stream = stream or sys.stderr
    return BarProgress(stream) if getattr(stream, "isatty", lambda: False)() else LineProgress(stream)
