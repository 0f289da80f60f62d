"""The Prefect flow `refresh`: fetch -> archive -> parse -> normalise -> load one release.

The flow only orchestrates. Each step is a plain function in `extractors`, `transforms` or `warehouse`
(tests call those directly); tasks here wrap them so Prefect can run documents concurrently, retry them
and show them in the UI.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from uuid import uuid4

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.runtime import flow_run
from prefect.states import Completed, Failed, State

from extractors.documents import FetchedDocument, Target, parse_fetched
from extractors.fact import ParseResult
from extractors.http.archive import RawArchive
from extractors.http.fetch import (
    ArchiveReplayFetcher,
    AttemptLog,
    FetchAttempt,
    Fetcher,
    FetchSettings,
    build_fetcher,
)
from extractors.http.urls import parse_base_urls
from extractors.plan import plan_targets
from extractors.sources import extractor_version, hosts, parser_for
from flows.batches import Parsed, batched, fetch_batch_task, parse_batch_task, reason_for
from flows.config import load_config
from flows.parse_cache import parse_cache_folder
from flows.progress import listener
from transforms.normalize import document_frame, fact_records, facts_frame, validate_frame, warehouse_frame
from warehouse.connection import warehouse_path
from warehouse.documents import confirmed_statements, latest_documents
from warehouse.fetch_log import append_fetch_log
from warehouse.identity import fact_identity
from warehouse.load import DocumentRecord, ReleaseSummary, SourceFailure, load_release


@dataclass
class RefreshResult:
    release: ReleaseSummary | None
    failures: list[SourceFailure] = field(default_factory=list)
    documents: int = 0
    warnings: list[str] = field(default_factory=list)
    documents_cached: int = 0  # parse results reused: same URL, bytes and extractor version

    @property
    def exit_code(self) -> int:
        """0 all good; 3 a release was written but some sources failed; 1 nothing written."""
        if self.release is None:
            return 1
        return 3 if self.failures else 0


@task(name="parse file", task_run_name="parse {document.url}", cache_policy=NO_CACHE, persist_result=False)
def parse_bulk_task(document: FetchedDocument) -> ParseResult:
    """A data file's parse: one task per file (they are few and large), not cached, since pickling
    millions of facts costs more than reading them (an unchanged file is not parsed at all: see
    `unchanged_files`)."""
    return parse_and_validate(document)


def parse_and_validate(document: FetchedDocument) -> ParseResult:
    result = parse_fetched(document)
    # Validated now: a bad page fails alone, not the load.
    if result.frame is not None:
        validate_frame(result.frame, document.url)
    else:
        fact_records([(document.url, result.facts)], fact_identity)
    return result


def unchanged_files(warehouse: Path, fetched: list[FetchedDocument]) -> set[str]:
    """URLs of data files (bulk sources) whose bytes and parser equal their statement's latest
    confirmation: they state nothing new, so they are neither parsed nor compared again."""
    bulk = {doc.url: parser_for(doc.source) for doc in fetched if parser_for(doc.source).bulk}
    if not bulk:
        return set()
    statements = {url: source.statement(url) for url, source in bulk.items()}
    confirmed = confirmed_statements(warehouse, sorted(set(statements.values())))
    return {
        doc.url
        for doc in fetched
        if doc.url in bulk
        and confirmed.get(statements[doc.url]) == (doc.url, doc.sha256, bulk[doc.url].extractor_version)
    }


@task(name="load", cache_policy=NO_CACHE)
def load_task(
    warehouse: Path,
    parsed: list[tuple[FetchedDocument, ParseResult]],
    failures: list[SourceFailure],
    unchanged: list[FetchedDocument] | None = None,
    fetch_log: tuple[str, list[FetchAttempt]] | None = None,
) -> ReleaseSummary:
    """Load the parsed documents; `unchanged` data files (not parsed) only count their source as read.
    The run's HTTP attempts (`fetch_log`) and what the release changed (for the artifacts) are written and
    read on the loader's connection, after its commit."""
    unchanged = unchanged or []
    pages = [(doc, result) for doc, result in parsed if result.frame is None]
    frames = [
        warehouse_frame(
            facts_frame(((doc.url, result.facts) for doc, result in pages), fact_identity),
            sha256_by_document={doc.url: doc.sha256 for doc, _ in pages},
            extractor_version_by_source={doc.source: extractor_version(doc.source) for doc, _ in pages},
        )
    ]
    frames += [
        document_frame(result.frame, doc.url, doc.sha256, extractor_version(doc.source))
        for doc, result in parsed
        if result.frame is not None
    ]
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
        for doc, result in [*parsed, *((doc, ParseResult([], [])) for doc in unchanged)]
        if not doc.not_modified  # a 304 re-read an archived document; it is not a new one
    ]
    read = [doc for doc, _ in parsed] + unchanged
    ok_sources = {doc.source for doc in read} - {f.source for f in failures}
    return load_release(
        warehouse,
        frames,
        documents,
        parsed_urls=[doc.url for doc, _ in parsed],
        sources_ok=sorted(ok_sources),
        failures=failures,
        statements={doc.url: parser_for(doc.source).statement(doc.url) for doc, _ in parsed},
        fetch_log=fetch_log,
        with_changes=True,
    )


@task(name="fetch log", cache_policy=NO_CACHE)
def fetch_log_task(warehouse: Path, run_id: str, attempts: list[FetchAttempt]) -> int:
    """The attempts of a run that wrote no release (a release's are logged by `load_task`)."""
    return append_fetch_log(warehouse, run_id, None, attempts)


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
) -> State:
    """Refresh every planned document and load one release; see `final_state` for the outcome."""
    logger = get_run_logger()
    progress = listener()
    attempt_log = AttemptLog()
    configuration = load_config(config)
    settings = configuration.fetch
    fetcher = _fetcher(replay, record, replay_archive, base_urls, settings, attempt_log)
    targets = plan_targets(configuration, sources, occupations, all_occupations, fetcher)
    warehouse_file = warehouse_path(warehouse)
    archive = RawArchive(warehouse_file.parent / "raw")
    known = latest_documents(warehouse_file)  # for conditional requests
    run_id = str(flow_run.id or uuid4())
    progress.planned(len(targets))

    failures: list[SourceFailure] = []
    fetched: list[FetchedDocument] = []
    pages: list[FetchedDocument] = []  # handbook-like documents, parsed in batches as their fetch ends
    parse_batches = []
    cache_folder = parse_cache_folder(warehouse_file)
    batches = batched(targets)
    fetches = [
        fetch_batch_task.submit(
            fetcher,
            archive,
            batch,
            [known.get(t.url) for t in batch],
            settings.per_host_concurrency,
            _label(batches, i, len(targets)),
        )  # fmt: skip
        for i, batch in enumerate(batches)
    ]
    for future in as_completed(fetches):  # each batch's pages are parsed while later batches fetch
        batch_pages = []
        for outcome in future.result():
            if outcome.document is None:
                target = outcome.target
                failures.append(SourceFailure(target.source, target.url, outcome.reason))
                logger.error("%s %s failed: %s", target.source, target.url, outcome.reason)
                continue
            fetched.append(outcome.document)
            if not parser_for(outcome.document.source).bulk:
                batch_pages.append(outcome.document)
        for chunk in batched(batch_pages) if batch_pages else []:
            label = f"{len(pages) + 1}-{len(pages) + len(chunk)} of {len(targets)} documents"
            pages += chunk
            parse_batches.append(parse_batch_task.submit(chunk, cache_folder, parse_and_validate, label))
    order = {target.url: i for i, target in enumerate(targets)}
    fetched.sort(key=lambda document: order[document.url])  # releases must not depend on timing

    skipped_files = unchanged_files(warehouse_file, fetched)
    unchanged_docs = [doc for doc in fetched if doc.url in skipped_files]
    fetched = [doc for doc in fetched if doc.url not in skipped_files]
    if unchanged_docs:
        logger.info("%d data files unchanged since their last load; not read again", len(unchanged_docs))
    files = [doc for doc in fetched if parser_for(doc.source).bulk]
    file_parses = {doc.url: parse_bulk_task.submit(doc) for doc in files}
    outcomes: dict[str, Parsed] = {}
    for future in parse_batches:
        outcomes.update((outcome.document.url, outcome) for outcome in future.result())
    for document in files:
        result = file_parses[document.url].result(raise_on_failure=False)
        ok = not isinstance(result, BaseException)
        outcomes[document.url] = (
            Parsed(document, result) if ok else Parsed(document, reason=reason_for(result))
        )
        progress.parsed(document.url, ok, False)
    parsed: list[tuple[FetchedDocument, ParseResult]] = []
    warnings: list[str] = []
    cached = 0
    for document in fetched:  # in the plan's order
        outcome = outcomes[document.url]
        if outcome.result is None:
            failures.append(SourceFailure(document.source, document.url, outcome.reason))
            logger.error("%s %s failed: %s", document.source, document.url, outcome.reason)
            continue
        parsed.append((document, outcome.result))
        warnings.extend(outcome.result.warnings)
        cached += outcome.cached
    for warning in warnings:
        logger.warning(warning)
    unchanged = sum(doc.not_modified for doc in fetched)
    if unchanged:
        logger.info("%d documents not modified (HTTP 304); parsed from the archive", unchanged)
    if cached:
        logger.info("%d documents unchanged since an earlier parse; parse results reused", cached)

    attempts = attempt_log.records()  # replays make no HTTP attempts
    logged = (run_id, attempts) if attempts else None
    if parsed or unchanged_docs:
        progress.loading()
    summary = (
        load_task(warehouse_file, parsed, failures, unchanged_docs, logged)
        if parsed or unchanged_docs
        else None
    )
    if summary is None:
        logger.error("no document was fetched and parsed; no release written")
        if attempts:  # logged even without a release: that run's failures need explaining most
            fetch_log_task(warehouse_file, run_id, attempts)
    rejected = summary.rejected if summary else []
    for failure in rejected:
        logger.error("%s rejected: %s: %s", failure.source, failure.url, failure.reason)
    documents_read = len(parsed) + len(unchanged_docs)
    result = RefreshResult(summary, [*failures, *rejected], documents_read, warnings, cached)
    publish_artifacts(result)
    return final_state(result)


def _label(batches: list[list[Target]], index: int, total: int) -> str:
    """A batch task's name in the UI: which of the plan's documents it holds."""
    first = sum(len(batch) for batch in batches[:index]) + 1
    return f"{first}-{first + len(batches[index]) - 1} of {total} documents"


class RefreshFailed(RuntimeError):
    """Nothing was written. Calling the flow raises it; it carries the run's result (the failures)."""

    def __init__(self, result: RefreshResult) -> None:
        super().__init__(summary_line(result))
        self.result = result


def final_state(result: RefreshResult) -> State:
    """The run's Prefect state follows the CLI's exit code: Completed (0), Completed named Partial (3)
    when a release was written but some sources failed, Failed (1) when nothing was written."""
    message = summary_line(result)
    if result.release is None:
        return Failed(message=message, data=RefreshFailed(result))
    if result.failures:
        return Completed(name="Partial", message=message, data=result)
    return Completed(message=message, data=result)


def summary_line(result: RefreshResult) -> str:
    r = result.release
    if r is None:
        return f"no release written; {len(result.failures)} documents failed"
    return (
        f"release {r.release_id} ({r.status}): {result.documents} documents, "
        f"{r.facts_added} added, {r.facts_changed} changed, {r.facts_removed} removed, "
        f"{r.facts_rolled} rolled; sources ok: {', '.join(r.sources_ok) or 'none'}; "
        f"failed: {', '.join(r.sources_failed) or 'none'}"
    )


SUMMARY_ARTIFACT = "laborstats-release-summary"
CHANGES_ARTIFACT = "laborstats-release-changes"


def publish_artifacts(result: RefreshResult) -> None:
    """A Markdown summary and a table of changes, under stable keys so the UI shows their history."""
    lines = [f"# laborstats refresh\n\n{summary_line(result)}\n"]
    if result.release is not None:
        r = result.release
        lines.append(
            "| release | status | added | changed | removed | rolled | documents | parse cache hits |\n"
            "|---|---|---|---|---|---|---|---|\n"
            f"| {r.release_id} | {r.status} | {r.facts_added} | {r.facts_changed} | {r.facts_removed} "
            f"| {r.facts_rolled} | {result.documents} | {result.documents_cached} |\n"
        )
    if result.failures:
        lines.append("## Failed sources\n\n| source | URL | reason |\n|---|---|---|")
        lines += [f"| {f.source} | {f.url or ''} | {f.reason.replace('|', '/')} |" for f in result.failures]
    create_markdown_artifact(
        markdown="\n".join(lines) + "\n", key=SUMMARY_ARTIFACT, description="What this refresh did"
    )
    if result.release is not None:
        create_table_artifact(
            table=result.release.changes
            or [{"change": "none", "note": "nothing changed against the previous release"}],
            key=CHANGES_ARTIFACT,
            description=f"Changes in release {result.release.release_id} against the one before",
        )


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
        replay, record, parse_base_urls(base_urls, hosts()), settings=settings, attempt_log=attempt_log
    )


def run_refresh(**parameters) -> RefreshResult:
    """Run the flow in this process and return its RefreshResult, whatever its final state.

    A run that ended Failed because nothing could be written still carries its result (the failures);
    a run that crashed (bad configuration, an unknown source) re-raises what stopped it.
    """
    with _without_default_heartbeats():
        state = refresh(**parameters, return_state=True)
    outcome = state.result(raise_on_failure=False)
    if isinstance(outcome, RefreshResult):
        return outcome
    if isinstance(outcome, RefreshFailed):
        return outcome.result
    if isinstance(outcome, BaseException):
        raise outcome
    raise RuntimeError(f"refresh ended {state.name}: {state.message}")


@contextmanager
def _without_default_heartbeats() -> Iterator[None]:
    """Prefect 3.9 gives every flow run a heartbeat thread by default (every 180 s, for an automation
    that marks silent runs crashed, which laborstats neither ships nor needs: the supervisor ends a
    refresh's processes itself). The thread sleeps in 1 s steps and the run's end joins it, which held
    each refresh up to a second longer than its work: 0.72 s per run on average, measured
    (docs/orchestration.md). A frequency the user set (`PREFECT_FLOWS_HEARTBEAT_FREQUENCY`, or a
    profile) is kept."""
    import prefect.context

    context = prefect.context.get_settings_context()
    settings = context.settings
    if "heartbeat_frequency" in settings.flows.model_fields_set:
        yield
        return
    # a copy with one field changed, not `temporary_settings` (which validates every setting anew:
    # ~40-130 ms of CPU a run, against 0.1 ms)
    flows_settings = settings.flows.model_copy(update={"heartbeat_frequency": None})
    quiet = settings.model_copy(update={"flows": flows_settings})
    with prefect.context.SettingsContext(profile=context.profile, settings=quiet):
        yield
