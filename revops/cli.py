"""`revops`: the command line. Click parsing and printing only; the work is in `revops.pipeline.steps`."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from contextlib import nullcontext
from datetime import date, datetime
from functools import wraps
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from revops import settings
from revops.errors import RevopsError

# off a terminal (CI logs) a fixed width, so that tables do not wrap identifiers mid-word
console = Console(stderr=False, highlight=False, width=settings.console_width(sys.stdout.isatty()))
err_console = Console(stderr=True, highlight=False, width=settings.console_width(sys.stderr.isatty()))
VERBOSE_OPTION = click.option("-v", "--verbose", is_flag=True, help="Stream dbt's log instead of a progress bar.")

DB_OPTION = click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="REVOPS_DB",
    default=None,
    help="DuckDB warehouse file [env REVOPS_DB; default warehouse/revops.duckdb].",
)

TARGET_OPTION = click.option(
    "--target",
    type=click.Choice(settings.TARGETS),
    default=None,
    help="Where the warehouse is built: duckdb, postgres (REVOPS_PG_*) or spark (REVOPS_SPARK_*); exports still "
    "land in the DuckDB file first [env REVOPS_TARGET; default duckdb].",
)


def friendly_errors(func: Callable) -> Callable:
    """One clear line (and a hint) instead of a traceback; REVOPS_DEBUG=1 shows the traceback."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except RevopsError as exc:
            err_console.print(f"[bold red]error:[/] {exc}", soft_wrap=True)
            if exc.hint:
                err_console.print(f"[dim]hint: {exc.hint}[/]", soft_wrap=True)
            sys.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:
            if settings.debug():
                raise
            err_console.print(f"[bold red]error:[/] unexpected {type(exc).__name__}: {exc}")
            err_console.print("[dim]hint: run again with REVOPS_DEBUG=1 for the traceback and report it[/]")
            sys.exit(2)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="revops-warehouse")
def main() -> None:
    """revops-warehouse: MA, SFA and CS exports in, one source of truth out.

    Typical use: `revops run exports/` (= ingest, build, check), or `revops demo` on generated data.
    """
    settings.disable_telemetry()


@main.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="Output folder.")
@click.option("--accounts", type=click.IntRange(1), default=300, show_default=True, help="Number of companies.")
@click.option("--seed", type=int, default=42, show_default=True, help="Random seed (same seed, same bytes).")
@click.option("--snapshots", type=click.IntRange(1), default=1, show_default=True, help="Weekly full exports.")
@friendly_errors
def generate(out: Path, accounts: int, seed: int, snapshots: int) -> None:
    """Write a sample world of MA / SFA / CS exports with its ground truth in OUT/_truth/."""
    from revops.pipeline import steps

    with console.status(f"generating {accounts:,} accounts × {snapshots} snapshot(s) into {out}"):
        report = steps.generate(out, accounts, seed, snapshots)
    files = report.get("files", {})
    seconds = sum(report.get("timings_seconds", {}).values())
    console.print(
        f"wrote {len(files)} files ({sum(files.values()):,} rows) for {report.get('people', 0):,} people "
        f"to {out} in {seconds:.1f} s; ground truth in {out / '_truth'}"
    )


def _short(label: str) -> str:
    """The last two path parts (or the zip member), enough to find the file."""
    archive, _, member = label.rpartition("!")
    if archive:
        return f"{Path(archive).name}!{member}"
    return str(Path(*Path(label).parts[-2:]))


def _print_ingest(results: list) -> None:
    """One line per export type (files, rows landed, quarantined), then each file needing attention."""
    table = Table(title="ingest", show_lines=False)
    for heading, justify in (("export", "left"), ("files", "right"), ("skipped", "right"), ("rows landed", "right"),
                             ("quarantined", "right")):  # fmt: skip
        table.add_column(heading, justify=justify)
    groups: dict[str, list] = {}
    for r in results:
        if r.status in ("landed", "skipped_duplicate"):
            groups.setdefault(r.source_name or "(already landed)", []).append(r)
    for name, rows in sorted(groups.items()):
        table.add_row(
            name,
            str(sum(r.status == "landed" for r in rows)),
            str(sum(r.status == "skipped_duplicate" for r in rows)),
            f"{sum(r.rows_landed for r in rows):,}",
            f"{sum(r.rows_quarantined for r in rows):,}",
        )
    console.print(table)
    landed = sum(r.rows_landed for r in results if r.status == "landed")
    quarantined = sum(r.rows_quarantined for r in results)
    statuses = ("landed", "skipped_duplicate", "rejected", "ignored", "kept")
    counts = {s: sum(r.status == s for r in results) for s in statuses}
    kept = sum(r.rows_landed for r in results if r.status == "kept")
    console.print(
        f"{counts['landed']} file(s) landed, {counts['skipped_duplicate']} already landed (skipped), "
        f"{counts['rejected']} rejected, {counts['ignored']} ignored (not export files); "
        f"{landed:,} rows landed, {quarantined:,} quarantined (see audit.quarantine)."
        + (
            f" {counts['kept']} side-loaded list(s) no contract knows, {kept:,} record(s), kept as JSON in "
            "audit.unmapped_sideloads."
            if counts["kept"]
            else ""
        )
    )


def do_ingest(
    paths: tuple[Path, ...],
    db: Path | None,
    source: str | None = None,
    export_kind: str | None = None,
    export_date: date | None = None,
    encoding: str | None = None,
    target: str | None = None,
) -> int:
    """`revops ingest`: land the files with a progress line, then report them (and, on PostgreSQL, publish
    them there); the exit code."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from revops.pipeline import steps

    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("landing")
        results = steps.ingest_files(
            paths,
            db,
            source,
            export_kind,
            export_date,
            encoding,
            on_file=lambda label: progress.update(task, description=f"landing {label}"),
        )
    _print_ingest(results)
    _print_ingest_notes(results)
    _print_published(steps.publish_to_target(db, target))
    return steps.ingest_exit_code(results)


def _print_published(publication) -> None:  # a postgres_build.Publication, or None: the target is DuckDB
    if publication is None:
        return
    console.print(
        f"published to {publication.target}: {len(publication.batches)} batch(es), {publication.rows:,} raw row(s) "
        f"({publication.each})"
        + (
            f"; {publication.taken_out} record(s) quarantined after landing taken out there too"
            if publication.taken_out
            else ""
        )
    )


def _print_ingest_notes(results: list) -> None:
    """Each file needing attention: rejected, kept, its export date and encoding, warnings, quarantined rows."""
    for r in results:
        if r.status == "rejected":
            err_console.print(f"[red]rejected:[/] {r.message}", soft_wrap=True)
            continue
        if r.status == "kept":
            console.print(f"[yellow]kept:[/] {_short(r.source_file)}: {r.message}", soft_wrap=True)
        if r.status == "landed":
            console.print(
                f"[dim]{_short(r.source_file)}: export date {r.export_date} (from {r.export_date_origin}), "
                f"{r.encoding}[/]",
                soft_wrap=True,
            )
        for note in r.notes:
            if note.startswith("warning") or "re-send" in note or "formula" in note:
                console.print(f"[yellow]note:[/] {_short(r.source_file)}: {note}", soft_wrap=True)
        if r.rows_quarantined:
            console.print(f"[yellow]quarantined:[/] {_short(r.source_file)}: {r.rows_quarantined:,} row(s)")


def _encoding_name(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from ingest.encodings import canonical

    if value is None:
        return None
    try:
        return canonical(value)
    except ValueError as exc:
        raise click.BadParameter(f"{exc}; try utf-8, cp932, iso-8859-1 or windows-1252") from exc


ENCODING_OPTION = click.option(
    "--encoding",
    callback=_encoding_name,
    help="Text encoding of the files (utf-8, cp932, iso-8859-1, windows-1252 …); default: detected per file.",
)


@main.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@DB_OPTION
@click.option("--source", help="Force the export type, e.g. hubspot.contacts or salesforce.Opportunity.")
@click.option("--export-kind", type=click.Choice(["full", "incremental"]), help="Override the contract's kind.")
@click.option(
    "--export-date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Export date when the path has none (default: the newest record timestamp in the file).",
)
@ENCODING_OPTION
@TARGET_OPTION
@friendly_errors
def ingest_command(
    paths: tuple[Path, ...],
    db: Path | None,
    source: str | None,
    export_kind: str | None,
    export_date,
    encoding,
    target: str | None,
) -> None:
    """Land export files, folders (recursively) and zip archives in raw.<vendor>__<object>.

    Exit status: 0 when every file landed whole, 1 when a file was rejected or rows were quarantined (each
    named above with its reason), 2 for a fault of the tool itself."""
    when = export_date.date() if export_date else None
    sys.exit(do_ingest(paths, db, source, export_kind, when, encoding, target))


def do_build(
    db: Path | None, extra: tuple[str, ...] = (), verbose: bool = False, changes: bool = True, target: str | None = None
) -> int:
    """`revops build`: a progress bar over dbt's events (dbt's log in logs/), or dbt's log with `verbose`;
    then, with `changes`, what changed since the last build (DuckDB: the figures are the DuckDB warehouse's)."""
    from revops.pipeline import steps
    from revops.pipeline.progress import DbtProgress

    progress = DbtProgress(console)
    with progress if not verbose else nullcontext():
        code = steps.build(db, extra, _build_listener(None if verbose else progress), target)
    if not verbose:
        progress.report(code)
    if code == 0 and changes and settings.target(target) == "duckdb":
        _print_changes(db)
    return code


def _build_listener(progress):  # -> steps.BuildListener; progress: a DbtProgress, or None to stream dbt's log
    from revops.pipeline import steps

    def say_resolved(table) -> None:  # a ResolvedTable
        if progress is not None:
            progress.flush()
        console.print(f"identity resolved in the client: {table.name} ({table.rows:,} rows)")

    def say_stage(label: str) -> None:
        if progress is not None:
            progress.restart(label)
        else:
            console.rule(label)

    return steps.BuildListener(
        full_refresh=_say_full_refresh,
        current=_say_current,
        empty_raw=_say_empty,
        published=_say_published,
        event=progress,
        batches_published=_print_published,
        stage=say_stage,
        resolved=say_resolved,
    )


def _say_full_refresh(pending: list[str]) -> None:
    console.print(f"records were quarantined after landing ({', '.join(pending)}): rebuilding in full", soft_wrap=True)


def _say_current(built_at: datetime) -> None:
    console.print(
        f"the warehouse is current: nothing landed and the project is unchanged since the build of "
        f"{built_at:%Y-%m-%d %H:%M:%S}; dbt not started (`revops build -- --full-refresh` rebuilds anyway)",
        soft_wrap=True,
    )


def _say_published(published) -> None:  # a steps.Published
    size = f"{published.size_bytes / 1e6:,.1f} MB in {published.seconds:.1f} s"
    console.print(f"published for readers: {published.path} ({size})", soft_wrap=True)
    if published.note:
        console.print(f"[yellow]note:[/] {published.note}", soft_wrap=True)


def _say_empty() -> None:
    err_console.print(
        "[yellow]warning:[/] the raw tables are empty: nothing was landed, so the marts will be empty; "
        "land exports first with `revops ingest PATH` (or `revops run PATH`)",
        soft_wrap=True,
    )


def _print_changes(db: Path | None) -> None:
    from revops.pipeline import steps

    lines = steps.what_changed(db)
    if lines:
        console.print("[bold]what changed since the last run[/]")
        for line in lines:
            console.print(f"  {line}", soft_wrap=True, markup=False)


@main.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@DB_OPTION
@VERBOSE_OPTION
@TARGET_OPTION
@click.argument("dbt_args", nargs=-1, type=click.UNPROCESSED)
@friendly_errors
def build(db: Path | None, verbose: bool, target: str | None, dbt_args: tuple[str, ...]) -> None:
    """`dbt build` with the project's profiles, without unit tests; extra arguments go to dbt (-- --select x).
    A progress bar over dbt's nodes (dbt's own log in logs/); -v streams dbt's log. On --target postgres or spark:
    the landed batches published there, then dbt and identity resolution in the client, in turn."""
    sys.exit(do_build(db, dbt_args, verbose, target=target))


def do_check(
    db: Path | None, suite: str | None, junit: Path | None, json_path: Path | None, target: str | None = None
) -> int:
    from revops.pipeline import steps
    from revops.quality import NotBuiltError

    try:  # a missing warehouse is refused there, in one line saying what to run
        return steps.check(db, suite, junit, json_path, console, target)
    except NotBuiltError as exc:  # one line, never wrapped: what is missing and the command that fixes it
        err_console.print(f"[bold red]error:[/] {exc}", soft_wrap=True)
        return exc.exit_code


@main.command()
@DB_OPTION
@click.option("--suite", help="Run one suite, or the suites matching a pattern ('landing_*').")
@click.option("--junit", type=click.Path(dir_okay=False, path_type=Path), help="Write JUnit XML here.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), help="Write JSON here.")
@TARGET_OPTION
@friendly_errors
def check(db: Path | None, suite: str | None, junit: Path | None, json_path: Path | None, target: str | None) -> None:
    """Run the data-quality gate; exit 1 when an error-level expectation fails. On --target postgres every suite
    runs inside PostgreSQL (results in its audit.dq_results); on --target spark the landing suites."""
    sys.exit(do_check(db, suite, junit, json_path, target))


@main.command()
@DB_OPTION
@click.option("--batch", "batch_id", type=int, required=True, help="The record's batch (audit.ingest_batches).")
@click.option("--row", "row_number", type=int, required=True, help="The record's row number in its file.")
@click.option("--reason", required=True, help="Why the record must not reach the models.")
@click.option("--column", help="The column at fault, if one.")
@friendly_errors
def quarantine(db: Path | None, batch_id: int, row_number: int, reason: str, column: str | None) -> None:
    """Move one landed record to audit.quarantine with a reason; the next build leaves it out (a full refresh)."""
    from revops.pipeline import steps

    record = steps.quarantine(db, batch_id, row_number, reason, column)
    console.print(
        f"quarantined {record.source_file} row {record.row_number} (batch {record.batch_id}) from "
        f"{record.raw_table}: {record.raw_text[:200]}",
        soft_wrap=True,
    )
    console.print("the next `revops build` rebuilds in full, without it")


def do_run(
    paths: tuple[Path, ...],
    db: Path | None,
    encoding: str | None = None,
    verbose: bool = False,
    target: str | None = None,
) -> int:
    """ingest, build, check in order. A rejected file or a quarantined row (ingest exit 1) is reported and
    the run goes on with what landed; a build or check failure stops it with its exit code."""
    from revops.pipeline import steps

    stages: dict[str, Callable[[], int]] = {
        "ingest": lambda: do_ingest(paths, db, encoding=encoding, target=target),
        "build": lambda: do_build(db, verbose=verbose, changes=False, target=target),
        "check": lambda: do_check(db, None, None, None, target),
    }
    for name in steps.RUN_STAGES:
        console.rule(f"[bold]{name}")
        code = stages[name]()
        verdict = steps.stage_verdict(name, code)
        if verdict == "partial":
            err_console.print("[yellow]some files or rows were not landed (see above); building with the rest[/]")
            continue
        if verdict == "stop":
            err_console.print(f"[bold red]error:[/] stage '{name}' failed (exit {code}); later stages not run")
            return code
    return 0


def _print_summary(db: Path | None) -> None:
    from revops.pipeline import steps

    summary = steps.summary(db)
    table = Table(title="revops-warehouse summary", show_header=False)
    table.add_column("what")
    table.add_column("value", justify="right")
    for label, value in summary.figures.items():
        table.add_row(label, value)
    console.print(table)
    _print_changes(db)
    console.print(f"warehouse: {summary.warehouse}")
    console.print(f"BI tools:  {summary.published} (the last finished build; open it read-only)", soft_wrap=True)
    console.print(f"reports:   {summary.reports}")
    console.print(
        f"query it:  duckdb -readonly {summary.published} -c 'select * from marts.account_360 limit 10'",
        soft_wrap=True,
    )


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@DB_OPTION
@ENCODING_OPTION
@VERBOSE_OPTION
@TARGET_OPTION
@friendly_errors
def run(paths: tuple[Path, ...], db: Path | None, encoding: str | None, verbose: bool, target: str | None) -> None:
    """Ingest PATHS, build the warehouse, run the checks; -v streams dbt's log instead of a progress bar."""
    code = do_run(paths, db, encoding, verbose, target)
    if code == 0:
        chosen = settings.target(target)
        if chosen == "duckdb":
            _print_summary(db)
        elif chosen == "postgres":
            console.print(f"warehouse: PostgreSQL {settings.postgres_location()}, schema marts", soft_wrap=True)
        else:
            console.print(f"warehouse: Spark, folder {settings.spark_dir()}, schema marts", soft_wrap=True)
    sys.exit(code)


@main.command()
@DB_OPTION
@click.option("--accounts", type=click.IntRange(1), default=300, show_default=True)
@click.option("--seed", type=int, default=42, show_default=True)
@click.option("--snapshots", type=click.IntRange(1), default=3, show_default=True)
@friendly_errors
def demo(db: Path | None, accounts: int, seed: int, snapshots: int) -> None:
    """Generate a sample world into data/demo/ and `run` it."""
    from revops.pipeline import steps

    out = steps.demo_dir()
    with console.status(f"generating a sample world of {accounts} accounts in {out}"):
        steps.generate(out, accounts, seed, snapshots)
    code = do_run((out,), db)
    if code == 0:
        _print_summary(db)
        readable = None if settings.target() != "spark" else "duckdb"  # no reader of Spark's marts: the DuckDB file
        console.print(f"open the report: {steps.report(db, target=readable)}", soft_wrap=True)
    sys.exit(code)


@main.command()
@DB_OPTION
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="HTML file [default reports/revops-report.html]."
)
@click.option("--lang", type=click.Choice(["en", "ja"]), default="en", show_default=True, help="Label language.")
@TARGET_OPTION
@friendly_errors
def report(db: Path | None, out: Path | None, lang: str, target: str | None) -> None:
    """Write one static HTML report of the marts (opens offline): KPIs, funnel, ARR, health, quality, identity.
    Reads the DuckDB file, or PostgreSQL's marts on --target postgres."""
    from revops.pipeline import steps

    console.print(f"report: {steps.report(db, out, lang, target)}", soft_wrap=True)


@main.command("export")
@click.argument("name")
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), help="Default: the --out suffix, else csv.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Output file [default: ./NAME.FORMAT].")
@click.option("--where", help="A SQL predicate over the export's columns, e.g. \"churn_risk = 'high'\" (read-only).")
@click.option("--lang", type=click.Choice(["en", "ja"]), default="en", show_default=True, help="Column labels.")
@TARGET_OPTION
@friendly_errors
def export_command(
    name: str, db: Path | None, fmt: str | None, out: Path | None, where: str | None, lang: str, target: str | None
) -> None:
    """NAME: any mart (marts schema), or a list: at-risk-renewals, duplicates, conflicts."""
    from revops.pipeline import steps

    done = steps.export(db, name, fmt, out, where, lang, target)
    console.print(f"wrote {done.rows:,} row(s) of {name} to {done.path}", soft_wrap=True)


@main.command()
@DB_OPTION
@click.option(
    "--parquet",
    "parquet_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write every mart as DIR/<table>.parquet, with DIR/manifest.json (tables, rows, columns), instead.",
)
@friendly_errors
def publish(db: Path | None, parquet_dir: Path | None) -> None:
    """Publish the warehouse for BI tools now (build and run do it after each build); --parquet DIR writes the
    marts of the published copy as Parquet files, each replaced in one step."""
    from revops.pipeline import steps

    if parquet_dir is None:
        done = steps.publish_warehouse(db)
        how = "converted to the readable storage format" if done.converted else "copied"
        console.print(f"published {done.path} ({done.size_bytes / 1e6:,.1f} MB, {how} in {done.seconds:.1f} s)")
        if done.note:
            console.print(f"[yellow]note:[/] {done.note}", soft_wrap=True)
        return
    tables = steps.publish_parquet(db, parquet_dir)
    rows = sum(t.rows for t in tables)
    console.print(f"wrote {len(tables)} mart(s), {rows:,} rows, as Parquet to {parquet_dir} (manifest.json)")


@main.group()
def explain() -> None:
    """Show the source records behind an account or a person, with the rule and evidence for each (--target
    postgres reads PostgreSQL's marts)."""


@explain.command("account")
@click.argument("query")
@DB_OPTION
@TARGET_OPTION
@friendly_errors
def explain_account_command(query: str, db: Path | None, target: str | None) -> None:
    """QUERY: an account_id, a source record id, part of a name, a domain or a 法人番号."""
    from revops.pipeline import steps

    sys.exit(steps.explain("account", query, db, console, target))


@explain.command("person")
@click.argument("email")
@DB_OPTION
@TARGET_OPTION
@friendly_errors
def explain_person_command(email: str, db: Path | None, target: str | None) -> None:
    """EMAIL (or a person_id or source record id)."""
    from revops.pipeline import steps

    sys.exit(steps.explain("person", email, db, console, target))


@main.command()
@click.option(
    "--truth",
    "truth_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    required=True,
    help="A folder written by `revops generate` (holding _truth/).",
)
@DB_OPTION
@TARGET_OPTION
@friendly_errors
def evaluate(truth_dir: Path, db: Path | None, target: str | None) -> None:
    """Pairwise precision, recall and F1 of the account and person maps against a generated world's truth (the
    maps of the DuckDB file, or PostgreSQL's on --target postgres)."""
    from revops.pipeline import steps

    scores = steps.evaluate(truth_dir, db, target)
    table = Table(title="identity resolution vs truth (pairwise)")
    for heading in ("entity", "records", "true entities", "resolved entities", "precision", "recall", "F1"):
        table.add_column(heading, justify="right")
    for s in scores:
        table.add_row(
            s.entity,
            f"{s.records:,}",
            f"{s.true_entities:,}",
            f"{s.predicted_entities:,}",
            f"{s.precision:.4f}",
            f"{s.recall:.4f}",
            f"{s.f1:.4f}",
        )
    console.print(table)


def entrypoint() -> None:
    """The `revops` console script: run the command, then exit without interpreter teardown.

    DuckDB's Python module (built with nanobind) prints pages of "leaked instance" notices at teardown
    when a library it was handed to (Great Expectations' SQLAlchemy caches) still holds DuckDB objects,
    burying the command's summary. Every file and connection is closed by the time a command returns, so
    the process leaves with `os._exit` once its output is flushed.
    """
    try:
        main()
        code: int = 0
    except SystemExit as exc:
        if exc.code is None or isinstance(exc.code, int):
            code = exc.code or 0
        else:
            err_console.print(str(exc.code))
            code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
