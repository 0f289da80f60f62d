"""Parsing many saved documents on every core, with results in input order.

`laborstats parse` may be handed the whole handbook (hundreds of pages, or thousands across editions).
Parsing is CPU-bound, so documents are spread over worker processes in chunks (a chunk amortises the
cost of sending work and results between processes); `Executor.map` hands results back in input order,
so output does not depend on which worker finished first. Each worker reads its files itself, so only
file names travel to the workers and only facts travel back.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from extractors.fact import ParseError, ParseResult
from extractors.sources import parser_for

# Below this many documents a worker pool costs more to start than it saves.
_POOL_THRESHOLD = 8


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """One document's result, or the error (naming the document) that stopped it."""

    document: str
    result: ParseResult | None = None
    error: str | None = None

    def __reduce__(self) -> tuple[type[FileOutcome], tuple[str, ParseResult | None, str | None]]:
        """Pickled as the constructor's arguments (each crosses from a worker to the parent): the frozen
        slots dataclass's own state protocol lists its fields and sets each one through Python calls."""
        return (FileOutcome, (self.document, self.result, self.error))


def usable_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def parse_file(source: str, document: str) -> FileOutcome:
    """Read and parse one file; an unreadable or unparseable file is an outcome, not an exception."""
    try:
        body = Path(document).read_bytes()
    except OSError as exc:
        return FileOutcome(document, error=f"{document}: cannot read: {exc.strerror or exc}")
    try:
        return FileOutcome(document, result=parser_for(source).parse(body, document))
    except ParseError as exc:
        return FileOutcome(document, error=str(exc))


def _parse_chunk(source: str, documents: Sequence[str]) -> list[FileOutcome]:
    return [parse_file(source, document) for document in documents]


def _context() -> multiprocessing.context.BaseContext:
    """Fork where the platform has it: workers start at once with the parser already imported, where
    spawn would re-import the CLI (pandas included) in each. Workers touch no locks the parent's
    threads could hold: they only read files and run lxml and regexes."""
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def parse_files(source: str, documents: Sequence[str], workers: int | None = None) -> Iterator[FileOutcome]:
    """Outcomes for `documents`, in their order, parsed on `workers` processes (default: every core).

    Raises UnknownSourceError before any work when `source` has no parser.
    """
    parser_for(source)
    workers = workers or usable_cores()
    if workers <= 1 or len(documents) < _POOL_THRESHOLD:
        for document in documents:
            yield parse_file(source, document)
        return
    size = max(1, min(32, len(documents) // (workers * 4)))
    chunks = [documents[i : i + size] for i in range(0, len(documents), size)]
    with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
        for outcomes in pool.map(_parse_chunk, [source] * len(chunks), chunks):
            yield from outcomes
