"""Per-host politeness: at most N requests in flight to a host, and a minimum gap between their starts.

Prefect runs fetch tasks on a thread pool, so the limits must hold across threads: one gate is shared by
the fetcher and guards each host with its own `threading.BoundedSemaphore` and start schedule.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class HostGate:
    def __init__(
        self,
        concurrency: int,
        min_interval_s: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.concurrency = concurrency
        self.min_interval_s = min_interval_s
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._semaphores: dict[str, threading.BoundedSemaphore] = {}
        self._next_start: dict[str, float] = {}

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        """Hold one of `host`'s slots, starting no sooner than `min_interval_s` after the last start."""
        semaphore = self._semaphore(host)
        with semaphore:
            self._wait_turn(host)
            yield

    def _semaphore(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            semaphore = self._semaphores.get(host)
            if semaphore is None:
                semaphore = self._semaphores[host] = threading.BoundedSemaphore(self.concurrency)
            return semaphore

    def _wait_turn(self, host: str) -> None:
        if self.min_interval_s <= 0:
            return
        # Reserve a start time under the lock, then sleep outside it so other hosts are not held up.
        with self._lock:
            now = self._clock()
            start = max(now, self._next_start.get(host, now))
            self._next_start[host] = start + self.min_interval_s
        if start > now:
            self._sleep(start - now)
