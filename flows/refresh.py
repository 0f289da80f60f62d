"""The Prefect flow `refresh`: fetch -> archive -> parse -> normalise -> load one release.

The flow only orchestrates. Each step is a plain function in `extractors`, `transforms` or `warehouse`
(tests call those directly); tasks here wrap them so Prefect can run documents concurrently, retry them
and show them in the UI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from uuid import uuid4

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from extractors.archive import RawArchive
from extractors.documents import FetchedDocument, Target, fetch_and_archive, parse_fetched
from extractors.fact import ParseError, ParseResult
from extractors.fetch import (
    ArchiveReplayFetcher,
    AttemptLog,
    Cached,
    FetchAttempt,
    Fetcher,
    FetchError,
    FetchSettings,
    build_fetcher,
)
from extractors.plan import plan_targets
from extractors.sources import extractor_version
from extractors.urls import parse_base_urls
from flows.config import load_config
from transforms.normalize import fact_records, facts_frame, warehouse_frame
from warehouse.connection import warehouse_path
from warehouse.documents import latest_documents
from warehouse.fetch_log import append_fetch_log
from warehouse.load import DocumentRecord, ReleaseSummary, SourceFailure, load_release


@dataclass
class RefreshResult:
    release: ReleaseSummary | None
    failures: list[SourceFailure] = field(default_factory=list)
    documents: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 all good; 3 a release was written but some sources failed; 1 nothing written."""
        if self.release is None:
            return 1
        return 3 if self.failures else 0


@task(name="fetch", cache_policy=NO_CACHE, task_run_name="fetch {target.url}")
def fetch_task(
    fetcher: Fetcher, archive: RawArchive, target: Target, cached: Cached | None = None
) -> FetchedDocument:
    return fetch_and_archive(fetcher, archive, target, cached)


@task(name="parse", cache_policy=NO_CACHE, task_run_name="parse {document.url}")
def parse_task(document: FetchedDocument) -> ParseResult:
    result = parse_fetched(document)
    fact_records([(document.url, result.facts)])  # validates now: a bad page fails alone, not the load
    return result


@task(name="load", cache_policy=NO_CACHE)
def load_task(
    warehouse: Path,
    parsed: list[tuple[FetchedDocument, ParseResult]],
    failures: list[SourceFailure],
) -> ReleaseSummary:
    frame = warehouse_frame(
        facts_frame((doc.url, result.facts) for doc, result in parsed),
        sha256_by_document={doc.url: doc.sha256 for doc, _ in parsed},
        extractor_version_by_source={doc.source: extractor_version(doc.source) for doc, _ in parsed},
    )
    documents = [
        DocumentRecord(
            url=doc.url,
            sha256=doc.sha256,
            fetched_at=doc.fetched_at,
            http_status=doc.http_status,
            content_type=doc.content_type,
            bytes=len(doc.body),
            source=doc.source,
            published=result.published,
            etag=doc.etag,
            last_modified=doc.last_modified,
        )
        for doc, result in parsed
        if not doc.not_modified  # a 304 re-read an archived document; it is not a new one
    ]
    ok_sources = {doc.source for doc, _ in parsed} - {f.source for f in failures}
    return load_release(
        warehouse,
        frame,
        documents,
        parsed_urls=[doc.url for doc, _ in parsed],
        sources_ok=sorted(ok_sources),
        failures=failures,
    )


@task(name="fetch log", cache_policy=NO_CACHE)
def fetch_log_task(warehouse: Path, run_id: str, release_id: int | None, attempts: list[FetchAttempt]) -> int:
    return append_fetch_log(warehouse, run_id, release_id, attempts)


@flow(name="refresh")
def refresh(
    sources: list[str] | None = None,
    occupations: list[str] | None = None,
    replay: str | None = None,
    record: str | None = None,
    base_urls: list[str] | None = None,
    warehouse: str | None = None,
    config: str | None = None,
    replay_archive: str | None = None,
    all_occupations: bool = False,
) -> RefreshResult:
    logger = get_run_logger()
    attempt_log = AttemptLog()
    settings = load_config(config).fetch
    fetcher = _fetcher(replay, record, replay_archive, base_urls, settings, attempt_log)
    targets = plan_targets(load_config(config), sources, occupations, all_occupations, fetcher)
    warehouse_file = warehouse_path(warehouse)
    archive = RawArchive(warehouse_file.parent / "raw")
    known = latest_documents(warehouse_file)  # for conditional requests
    run_id = str(flow_run.id or uuid4())

    failures: list[SourceFailure] = []
    fetched: list[FetchedDocument] = []
    for target, future in zip(
        targets, [fetch_task.submit(fetcher, archive, t, known.get(t.url)) for t in targets], strict=True
    ):
        outcome = future.result(raise_on_failure=False)
        if isinstance(outcome, BaseException):
            failures.append(SourceFailure(target.source, target.url, _reason(outcome)))
            logger.error("%s %s failed: %s", target.source, target.url, _reason(outcome))
        else:
            fetched.append(outcome)

    parsed: list[tuple[FetchedDocument, ParseResult]] = []
    warnings: list[str] = []
    for document, future in zip(fetched, [parse_task.submit(d) for d in fetched], strict=True):
        outcome = future.result(raise_on_failure=False)
        if isinstance(outcome, BaseException):
            failures.append(SourceFailure(document.source, document.url, _reason(outcome)))
            logger.error("%s %s failed: %s", document.source, document.url, _reason(outcome))
        else:
            parsed.append((document, outcome))
            warnings.extend(outcome.warnings)
    for warning in warnings:
        logger.warning(warning)

    unchanged = sum(doc.not_modified for doc in fetched)
    if unchanged:
        logger.info("%d documents not modified (HTTP 304); parsed from the archive", unchanged)

    summary = load_task(warehouse_file, parsed, failures) if parsed else None
    if summary is None:
        logger.error("no document was fetched and parsed; no release written")
    rejected = summary.rejected if summary else []
    for failure in rejected:
        logger.error("%s rejected: %s: %s", failure.source, failure.url, failure.reason)
    attempts = attempt_log.records()  # replays make no HTTP attempts
    if attempts:  # logged even without a release: that run's failures need explaining most
        fetch_log_task(warehouse_file, run_id, summary.release_id if summary else None, attempts)
    return RefreshResult(summary, [*failures, *rejected], len(parsed), warnings)


def _fetcher(
    replay: str | None,
    record: str | None,
    replay_archive: str | None,
    base_urls: list[str] | None,
    settings: FetchSettings,
    attempt_log: AttemptLog,
) -> Fetcher:
    """The fetcher the options ask for: a replay of a folder or of a warehouse's archive, or live."""
    if replay_archive:
        if replay or record:
            raise ValueError("--replay-archive excludes --replay and --record")
        origin = warehouse_path(replay_archive)
        if not origin.exists():
            raise FileNotFoundError(f"{origin}: --replay-archive names no warehouse")
        archived = RawArchive(origin.parent / "raw")
        return ArchiveReplayFetcher(latest_documents(origin), archived, str(origin))
    return build_fetcher(
        replay, record, parse_base_urls(base_urls), settings=settings, attempt_log=attempt_log
    )


def _reason(error: BaseException) -> str:
    """Why a document failed; the URL is reported beside it, so errors that carry one are not repeated."""
    if isinstance(error, FetchError | ParseError):
        return error.reason
    return str(error) or type(error).__name__
