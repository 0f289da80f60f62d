"""Fetch and parse tasks that each take a batch of documents: orchestration proportional to the work.

Why batches: a Prefect task run costs 0.1-0.2 s of bookkeeping (state changes sent to the API), about
what fetching one page politely or parsing it costs. One task run per document made a whole-handbook
refresh (343 documents, ~690 task runs) take twice its politeness floor. A batch task runs its documents
on a thread pool; the fetcher's host gate (shared by every thread) keeps the per-host limits, so batches
change the bookkeeping, not the politeness. Each document still succeeds or fails alone (its outcome
names its URL and reason), reports its own progress, and has its own entry in the parse cache.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from prefect import task
from prefect.cache_policies import NO_CACHE

from extractors.documents import FetchedDocument, Target, fetch_and_archive
from extractors.fact import ParseError, ParseResult
from extractors.http.archive import RawArchive
from extractors.http.fetch import Cached, Fetcher, FetchError
from flows.parse_cache import ParseCache
from flows.progress import listener

T = TypeVar("T")
BATCHES = 8  # about this many batch tasks per step: enough to overlap fetching with parsing
MIN_BATCH = 16  # below this, one more task run costs more than it saves


@dataclass(frozen=True, slots=True)
class Fetched:
    """One target's fetch: its document, or why it failed."""

    target: Target
    document: FetchedDocument | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Parsed:
    """One document's parse: its result (from the cache when `cached`), or why it failed."""

    document: FetchedDocument
    result: ParseResult | None = None
    reason: str | None = None
    cached: bool = False


def batched(items: Sequence[T]) -> list[list[T]]:
    """`items` in order, cut into about `BATCHES` batches of at least `MIN_BATCH` (the last may be less)."""
    size = max(MIN_BATCH, math.ceil(len(items) / BATCHES))
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def _threads(targets: Sequence[Target], per_host: int) -> int:
    hosts = {urlsplit(t.url).netloc for t in targets}
    return max(1, min(len(targets), per_host * len(hosts)))


@task(name="fetch batch", cache_policy=NO_CACHE, persist_result=False, task_run_name="fetch {label}")
def fetch_batch_task(
    fetcher: Fetcher,
    archive: RawArchive,
    targets: list[Target],
    cached: list[Cached | None],
    per_host: int,
    label: str,
) -> list[Fetched]:
    """Fetch and archive each target, `per_host` threads per host (the host gate spaces the requests)."""
    progress = listener()

    def one(target: Target, known: Cached | None) -> Fetched:
        try:
            outcome = Fetched(target, document=fetch_and_archive(fetcher, archive, target, known))
        except Exception as exc:  # one document's failure is reported, never the batch's
            outcome = Fetched(target, reason=reason_for(exc))
        progress.fetched(target.url, outcome.document is not None)
        return outcome

    with ThreadPoolExecutor(_threads(targets, per_host), thread_name_prefix="laborstats-fetch") as pool:
        return list(pool.map(one, targets, cached))


@task(name="parse batch", cache_policy=NO_CACHE, persist_result=False, task_run_name="parse {label}")
def parse_batch_task(
    documents: list[FetchedDocument],
    cache_folder: Path,
    parse: Callable[[FetchedDocument], ParseResult],
    label: str,
) -> list[Parsed]:
    """Parse each document unless the cache holds its result (same URL, bytes and extractor version)."""
    progress = listener()
    cache = ParseCache(cache_folder)

    def one(document: FetchedDocument) -> Parsed:
        hit = cache.get(document)
        if hit is not None:
            outcome = Parsed(document, hit, cached=True)
        else:
            try:
                result = parse(document)
            except Exception as exc:
                outcome = Parsed(document, reason=reason_for(exc))
            else:
                cache.put(document, result)
                outcome = Parsed(document, result)
        progress.parsed(document.url, outcome.result is not None, outcome.cached)
        return outcome

    # Parsing holds the GIL most of the time: two threads overlap one page's cache I/O with another's parse.
    with ThreadPoolExecutor(2, thread_name_prefix="laborstats-parse") as pool:
        return list(pool.map(one, documents))


def reason_for(error: BaseException) -> str:
    """Why a document failed; the URL is reported beside it, so errors that carry one are not repeated."""
    if isinstance(error, FetchError | ParseError):
        return error.reason
    return str(error) or type(error).__name__
