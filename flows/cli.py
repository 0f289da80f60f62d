"""The `laborstats` command line (see CONTRACT.md for the interface it keeps)."""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from extractors.batch import parse_files
from extractors.sources import UnknownSourceError, names
from flows.cli_errors import ErrorReportingGroup, move_debug_flag_first, set_debug
from flows.fact_filters import check_fact_filters
from flows.output import plural, render, render_records
from transforms.normalize import ValidationError, fact_records, frame_fact_records, validate_frame
from transforms.vocabulary import FACT_COLUMNS
from warehouse.connection import WarehouseError, warehouse_path
from warehouse.diff import DiffError, release_diff, typed_values
from warehouse.export import export_parquet
from warehouse.identity import fact_identity
from warehouse.query import QueryError, query_rows, releases

app = typer.Typer(
    help="Keep the labor figures that career guides quote current.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=ErrorReportingGroup,  # every command's errors become one line (see flows/cli_errors.py)
)


@app.callback()
def _global_options(
    debug: Annotated[
        bool, typer.Option("--debug", help="show the traceback of an error (also: LABORSTATS_DEBUG=1)")
    ] = False,
) -> None:
    set_debug(debug)


WarehouseOption = Annotated[
    Path | None,
    typer.Option("--warehouse", help="DuckDB file (default: $LABORSTATS_WAREHOUSE or data/warehouse.duckdb)"),
]


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


@app.command()
def refresh(
    config: Annotated[Path | None, typer.Option(help="laborstats.toml to use")] = None,
    warehouse: WarehouseOption = None,
    sources: Annotated[
        str | None, typer.Option(help=f"comma-separated sources: {', '.join(names())}")
    ] = None,
    occupation: Annotated[
        list[str] | None, typer.Option(help="slug, SOC code or handbook path; repeatable")
    ] = None,
    replay: Annotated[Path | None, typer.Option(help="answer from a recorded folder")] = None,
    record: Annotated[Path | None, typer.Option(help="record responses into a folder")] = None,
    replay_archive: Annotated[
        Path | None, typer.Option(help="answer from a warehouse's raw archive (latest document per URL)")
    ] = None,
    base_url: Annotated[
        list[str] | None, typer.Option(help="SOURCE=URL: send a host's requests elsewhere")
    ] = None,
    all_occupations: Annotated[
        bool, typer.Option("--all-occupations", help="every occupation page the handbook's A-Z index links")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", help="also show Prefect's own log (task runs, server notices)")
    ] = False,
) -> None:
    """Fetch, archive, parse, normalise and load one new release (Prefect flow `refresh`).

    Options are checked before Prefect starts; Ctrl-C stops the run and says whether a release was written.
    """
    from flows.cli_errors import debug_enabled
    from flows.refresh_checks import RefreshOptions, check_refresh_options
    from flows.refresh_supervisor import run_refresh_supervised

    options = RefreshOptions(
        sources=[s.strip() for s in sources.split(",") if s.strip()] if sources else None,
        occupations=occupation or None,
        replay=str(replay) if replay else None,
        record=str(record) if record else None,
        base_urls=base_url or None,
        warehouse=str(warehouse_path(warehouse)),
        config=str(config) if config else None,
        replay_archive=str(replay_archive) if replay_archive else None,
        all_occupations=all_occupations,
    )
    check_refresh_options(options)  # a mistake is one line (flows/cli_errors.py), before Prefect starts
    code = run_refresh_supervised(
        options, lambda text, err: typer.echo(text, err=err), verbose=verbose, debug=debug_enabled()
    )
    raise typer.Exit(code)


@app.command()
def serve(
    cron: Annotated[str, typer.Option(help="schedule, a cron expression in UTC")] = "0 6 * * 1",
    name: Annotated[str, typer.Option(help="deployment name")] = "laborstats-refresh",
) -> None:
    """Serve the scheduled refresh deployment to the configured Prefect API (blocks; Ctrl-C stops)."""
    from flows.deploy import refresh_deployment

    try:
        deployment = refresh_deployment(name, cron)
    except ValueError as exc:
        raise _fail(f"--cron {cron!r}: {exc}") from None
    from prefect import serve as prefect_serve

    typer.echo(f"serving deployment 'refresh/{name}' on schedule '{cron}' (UTC)", err=True)
    prefect_serve(deployment)


@app.command("releases")
def releases_command(
    warehouse: WarehouseOption = None,
    format: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """The release log."""
    if format not in ("table", "json"):
        raise _fail(f"--format {format!r}: choose table or json")
    try:
        frame = releases(warehouse_path(warehouse))
    except (WarehouseError, QueryError) as exc:
        raise _fail(str(exc)) from None
    render(frame, format)


@app.command()
def query(
    sql: Annotated[str, typer.Argument(help="SQL to run on a read-only connection")],
    warehouse: WarehouseOption = None,
    format: Annotated[str, typer.Option("--format", help="table, csv or json")] = "table",
) -> None:
    """Run one SQL statement on a read-only connection: writes to the warehouse are refused;
    `COPY (SELECT ..) TO 'file'` is allowed and writes that file."""
    if format not in ("table", "csv", "json"):
        raise _fail(f"--format {format!r}: choose table, csv or json")
    result = query_rows(warehouse_path(warehouse), sql)
    render_records(result.records(), result.columns, format)


@app.command()
def diff(
    from_release: Annotated[int | None, typer.Argument(metavar="[FROM]", help="older release")] = None,
    to_release: Annotated[int | None, typer.Argument(metavar="[TO]", help="newer release")] = None,
    metric: Annotated[str | None, typer.Option(help="only this metric")] = None,
    soc: Annotated[str | None, typer.Option(help="only this SOC code")] = None,
    source: Annotated[str | None, typer.Option(help="only this source")] = None,
    warehouse: WarehouseOption = None,
    format: Annotated[str, typer.Option("--format", help="table, json, csv or markdown")] = "table",
) -> None:
    """What changed between two releases (default: the one before the latest vs the latest)."""
    if format not in ("table", "json", "csv", "markdown"):
        raise _fail(f"--format {format!r}: choose table, json, csv or markdown")
    check_fact_filters(metric, soc, source)
    try:
        a, b, frame = release_diff(warehouse_path(warehouse), from_release, to_release, metric, soc, source)
    except (WarehouseError, DiffError, QueryError) as exc:
        raise _fail(str(exc)) from None
    if format == "table":
        typer.echo(f"release {a} -> {b}: {plural(len(frame), 'change')}", err=True)
    render(typed_values(frame), format)


@app.command()
def show(
    occupation: Annotated[str, typer.Argument(help="SOC code (31-9092), slug (medical-assistants) or title")],
    metric: Annotated[str | None, typer.Option(help="only this metric")] = None,
    history: Annotated[
        bool, typer.Option("--history", help="also each figure's past values by release")
    ] = False,
    warehouse: WarehouseOption = None,
    config: Annotated[Path | None, typer.Option(help="laborstats.toml (its tracked slugs)")] = None,
    format: Annotated[str, typer.Option("--format", help="table, json or csv")] = "table",
) -> None:
    """Every current figure for an occupation, from every source: period, value, release, source URL,
    the document's sha256 and when it was last confirmed."""
    from flows.config import load_config
    from flows.occupation_report import render_occupation
    from warehouse.occupation_figures import occupation_figures

    if format not in ("table", "json", "csv"):
        raise _fail(f"--format {format!r}: choose table, json or csv")
    key = occupation.strip().strip("/").removesuffix(".htm")
    tracked = next((o for o in load_config(config).occupations if key in (o.slug, o.ooh_path)), None)
    figures = occupation_figures(
        warehouse_path(warehouse), occupation, tracked.soc_codes if tracked else (), metric, history
    )
    render_occupation(figures, format)


@app.command()
def export(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="folder for the Parquet files")],
    warehouse: WarehouseOption = None,
) -> None:
    """Write facts, facts_history, releases and documents as Parquet files."""
    if folder.exists() and not folder.is_dir():
        raise _fail(f"{folder}: exists and is not a folder; give a folder for the Parquet files")
    try:
        written = export_parquet(warehouse_path(warehouse), folder)
    except (WarehouseError, QueryError) as exc:
        raise _fail(str(exc)) from None
    for table, rows in written.items():
        typer.echo(f"{folder / (table + '.parquet')}: {plural(rows, 'row')}")


@app.command()
def parse(
    source: Annotated[str, typer.Argument(help=f"one of: {', '.join(names())}")],
    files: Annotated[list[Path], typer.Argument(help="saved documents")],
    format: Annotated[str, typer.Option("--format", help="jsonl or csv")] = "jsonl",
) -> None:
    """Extract facts from saved documents; touches neither the warehouse nor the network."""
    if format not in ("jsonl", "csv"):
        raise _fail(f"--format {format!r}: choose jsonl or csv")
    failed = 0
    rows = []
    try:
        for outcome in parse_files(source, [str(path) for path in files]):
            if outcome.result is None:
                failed += 1
                typer.echo(f"error: {outcome.error}", err=True)
                continue
            try:  # validated per file, so one file's bad fact fails that file, not the run
                if outcome.result.frame is not None:
                    rows.extend(frame_fact_records(outcome.result.frame, outcome.document))
                else:
                    rows.extend(
                        fact_records(
                            [(outcome.document, outcome.result.facts)], fact_identity, per_document=True
                        )
                    )
            except ValidationError as exc:
                failed += 1
                typer.echo(f"error: {exc}", err=True)
                continue
            for warning in outcome.result.warnings:
                typer.echo(f"warning: {warning}", err=True)
    except UnknownSourceError as exc:
        raise _fail(str(exc)) from None
    render_records(rows, FACT_COLUMNS, format)
    if failed:
        typer.echo(f"{failed} of {len(files)} files failed", err=True)
        raise typer.Exit(1)


@app.command()
def figures(
    claims: Annotated[
        Path | None,
        typer.Option(help="claims TOML (default examples/claims/medical-administrative-assistant.toml)"),
    ] = None,
    format: Annotated[str, typer.Option("--format", help="table, markdown, html or json")] = "table",
    warehouse: WarehouseOption = None,
    fail_on_outdated: Annotated[bool, typer.Option(help="exit 4 when any figure is outdated")] = False,
    output: Annotated[Path | None, typer.Option(help="write the report to FILE instead of stdout")] = None,
) -> None:
    """The guide's figures against the warehouse: printed value, current value, status, source."""
    from flows.figures_report import FORMATS, build_figures, default_claims_path, render_figures
    from transforms.claims import ClaimsError

    if format not in FORMATS:
        raise _fail(f"--format {format!r}: choose {', '.join(FORMATS)}")
    try:
        rows, context = build_figures(claims or default_claims_path(), warehouse_path(warehouse))
        text = render_figures(rows, context, format)
        if output:
            output.write_text(text, encoding="utf-8")
    except (ClaimsError, WarehouseError, QueryError) as exc:
        raise _fail(str(exc)) from None
    except OSError as exc:
        raise _fail(f"{output}: cannot write report: {exc.strerror or exc}") from None
    if output:
        typer.echo(f"{output}: {len(rows)} figures", err=True)
    else:
        typer.echo(text, nl=False)
    outdated = [row.claim for row in rows if row.status == "outdated"]
    if fail_on_outdated and outdated:
        typer.echo(f"{len(outdated)} figures outdated: {', '.join(outdated)}", err=True)
        raise typer.Exit(4)


@app.command()
def audit(
    inputs: Annotated[list[str], typer.Argument(metavar="PATH|URL..", help="guides: text, Markdown or HTML")],
    format: Annotated[str, typer.Option("--format", help="table, json, markdown or html")] = "table",
    rewrite: Annotated[
        Path | None,
        typer.Option(help="write the text with outdated figures updated (a folder for several inputs)"),
    ] = None,
    claims: Annotated[Path | None, typer.Option(help="write a claims file for `figures`")] = None,
    fail_on_outdated: Annotated[bool, typer.Option(help="exit 4 when any figure is outdated")] = False,
    warehouse: WarehouseOption = None,
    output: Annotated[Path | None, typer.Option(help="write the report to FILE instead of stdout")] = None,
    kind: Annotated[
        str | None, typer.Option(help="text, markdown or html (default: from the name, else sniffed)")
    ] = None,
    base_url: Annotated[
        list[str] | None, typer.Option(help="SOURCE=URL: send a host's requests elsewhere")
    ] = None,
    config: Annotated[Path | None, typer.Option(help="laborstats.toml (fetch settings for URLs)")] = None,
) -> None:
    """Find every labor figure in guides, map each to a series, and say which are current or outdated."""
    from extractors.http.urls import UrlError, parse_base_urls
    from extractors.sources import hosts
    from flows.audit import audit_inputs, rewrite_targets, rewritten, write_claims
    from flows.audit_report import FORMATS, all_rows, render_audit
    from flows.config import ConfigError, load_config

    if format not in FORMATS:
        raise _fail(f"--format {format!r}: choose {', '.join(FORMATS)}")
    if kind not in (None, "text", "markdown", "html"):
        raise _fail(f"--kind {kind!r}: choose text, markdown or html")
    path = warehouse_path(warehouse)
    try:
        settings = load_config(config).fetch if any("://" in i for i in inputs) else None
        results = audit_inputs(
            inputs, path, base_urls=parse_base_urls(base_url, hosts()), settings=settings, kind=kind
        )
    except (WarehouseError, QueryError, ConfigError, UrlError) as exc:
        raise _fail(str(exc)) from None
    for result in results:
        if result.error:
            typer.echo(f"error: {result.error}", err=True)
    report = render_audit(results, format, str(path))
    try:
        if output:
            output.write_text(report, encoding="utf-8")
            typer.echo(f"{output}: {len(all_rows(results))} figures", err=True)
        else:
            typer.echo(report, nl=False)
        if rewrite:
            targets = rewrite_targets(results, rewrite)
            if len(results) > 1:
                rewrite.mkdir(parents=True, exist_ok=True)
            for result in results:
                if result.name not in targets:
                    continue
                changed = rewritten(result)
                targets[result.name].write_text(changed.text, encoding="utf-8")
                typer.echo(f"{targets[result.name]}: {len(changed.changes)} changes", err=True)
                for change in changed.changes:
                    typer.echo(f"  @{change.start}: {change.old} -> {change.new} ({change.why})", err=True)
                for reason in changed.skipped:
                    typer.echo(f"  left: {reason}", err=True)
        if claims:
            count = write_claims(results, claims)
            typer.echo(f"{claims}: {count} claims", err=True)
    except OSError as exc:
        raise _fail(f"{exc.filename or output}: cannot write: {exc.strerror or exc}") from None
    if any(result.error for result in results):
        raise typer.Exit(1)
    outdated = [row for row in all_rows(results) if row.status == "outdated"]
    if fail_on_outdated and outdated:
        typer.echo(f"{len(outdated)} figures outdated", err=True)
        raise typer.Exit(4)


@app.command()
def check(
    fail_on_disagreement: Annotated[
        bool, typer.Option(help="exit 5 when two BLS programs disagree beyond their rounding")
    ] = False,
    format: Annotated[str, typer.Option("--format", help="table or json")] = "table",
    warehouse: WarehouseOption = None,
) -> None:
    """Figures on which two BLS programs disagree (same occupation, metric and period), beyond their
    rounding: the handbook against the projections workbook and the OEWS files."""
    import pandas as pd

    from transforms.crosscheck import COMPARED, disagreements, judge
    from warehouse.crosscheck import stated_twice

    if format not in ("table", "json"):
        raise _fail(f"--format {format!r}: choose table or json")
    try:
        verdicts = judge(stated_twice(warehouse_path(warehouse), list(COMPARED)))
    except (WarehouseError, QueryError) as exc:
        raise _fail(str(exc)) from None
    found = disagreements(verdicts)
    columns = ["soc_code", "occupation", "metric", "area", "period", "unit", "source_a", "value_a",
               "source_b", "value_b", "difference", "tolerance", "url_a", "url_b"]  # fmt: skip
    rows = [
        {
            **{c: getattr(v.pair, c) for c in columns if hasattr(v.pair, c)},
            "difference": round(v.difference, 6),
            "tolerance": round(v.tolerance, 6),
        }
        for v in found
    ]
    typer.echo(f"{len(verdicts)} figures stated by two programs; {len(found)} disagree", err=True)
    render(pd.DataFrame(rows, columns=columns), format)
    if fail_on_disagreement and found:
        raise typer.Exit(5)


server_app = typer.Typer(
    help="A local Prefect server in the background, which refreshes use instead of starting a temporary one.",
    no_args_is_help=True,
)
app.add_typer(server_app, name="server")


@server_app.command("start")
def server_start(
    port: Annotated[
        int | None, typer.Option(help="port on 127.0.0.1 (default 4200, else a free one)")
    ] = None,
) -> None:
    """Start a Prefect server on 127.0.0.1 in the background (its API and UI); returns once it answers."""
    from flows.local_server import ServerError, start

    typer.echo("starting a Prefect server (about 15 s)", err=True)
    try:
        state, started = start(port)
    except ServerError as exc:
        raise _fail(str(exc)) from None
    what = "started" if started else "already running"
    typer.echo(f"Prefect server {what} at {state.url} (pid {state.pid}); UI {state.url.removesuffix('/api')}")
    typer.echo("refreshes now use it; `laborstats server stop` ends it", err=True)


@server_app.command("status")
def server_status() -> None:
    """Whether a local Prefect server runs, and where (exit 0 when it runs, 1 when not)."""
    from flows.local_server import healthy, read_state, state_path

    configured = os.environ.get("PREFECT_API_URL")
    if configured:
        answer = "answers" if healthy(configured) else "does not answer"
        typer.echo(f"PREFECT_API_URL names {configured}, which {answer}; refreshes use it", err=True)
    state = read_state()
    if state is None:
        typer.echo("Prefect server not running (start one with `laborstats server start`)")
        raise typer.Exit(1)
    answer = "running" if healthy(state.url) else "started but not answering"
    typer.echo(f"Prefect server {answer} at {state.url} (pid {state.pid}); state file {state_path()}")
    raise typer.Exit(0 if answer == "running" else 1)


@server_app.command("stop")
def server_stop() -> None:
    """End the Prefect server that `laborstats server start` started."""
    from flows.local_server import stop

    state = stop()
    if state is None:
        typer.echo("no Prefect server was running")
        return
    typer.echo(f"stopped the Prefect server at {state.url} (pid {state.pid})")


archive_app = typer.Typer(help="The raw archive of documents.", no_args_is_help=True)
app.add_typer(archive_app, name="archive")


@archive_app.command("add")
def archive_add(
    url: Annotated[str, typer.Argument(help="the URL the document was saved from")],
    file: Annotated[Path, typer.Argument(help="the saved page (e.g. 'Save page as' in a browser)")],
    source: Annotated[str | None, typer.Option(help="the source (default: from the URL)")] = None,
    warehouse: WarehouseOption = None,
    config: Annotated[Path | None, typer.Option(help="laborstats.toml to use")] = None,
) -> None:
    """Put a page a person saved (for a site that blocks scripts) into the raw archive, marked as added by
    hand; a refresh whose fetch of URL is blocked then reads it."""
    from extractors.http.archive import RawArchive
    from extractors.manual import ManualDocumentError, prepare, source_for
    from flows.config import ConfigError, load_config
    from warehouse.manual import add_manual_document

    try:
        body = file.read_bytes()
    except OSError as exc:
        raise _fail(f"{file}: cannot read: {exc.strerror or exc}") from None
    try:
        chosen = source or source_for(url, load_config(config).urls)
        if chosen is None:
            raise _fail(f"{url}: no source reads this URL; name one with --source")
        document = prepare(url, str(file), body, chosen)
        if document.result.frame is not None:
            validate_frame(document.result.frame, url)
        else:
            fact_records([(url, document.result.facts)], fact_identity)
    except (ConfigError, ManualDocumentError, UnknownSourceError, ValidationError) as exc:
        raise _fail(str(exc)) from None
    path = warehouse_path(warehouse)
    sha256 = RawArchive(path.parent / "raw").put(body)
    try:
        added = add_manual_document(
            path,
            url=url,
            sha256=sha256,
            added_at=datetime.now(UTC),
            content_type=document.content_type,
            size=len(body),
            source=chosen,
            published=document.result.published,
        )
    except WarehouseError as exc:
        raise _fail(str(exc)) from None
    what = "added" if added else "already archived"
    typer.echo(
        f"{what}: {url} ({chosen}, {document.result.fact_count} facts, sha256 {sha256}); a refresh whose "
        "fetch of it is blocked reads this copy"
    )


def _prefect_defaults() -> None:
    """Prefect's ephemeral server needs ~15 s to start on a 2-core machine, close to its default 20 s
    limit; allow more. Analytics would only fail on a closed network. Users' own settings win."""
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


def main() -> None:
    _prefect_defaults()
    sys.argv = move_debug_flag_first(sys.argv)
    app()


if __name__ == "__main__":
    sys.exit(main())
