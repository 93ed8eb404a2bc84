"""The ``rightsgraph`` command line (click + rich)."""
from __future__ import annotations

import os
import shutil
import sys
import time

import click
import simplejson
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TaskProgressColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from app.money import format_amount
from app.cli_broadcast import import_playlogs
from app.cli_cycles import cycles
from app.cli_exports import exports
from app.cli_explain import alerts, explain
from app.cli_money import ledger, payouts
from app.cli_partners import partners
from app.cli_reallocation import statements, suspense
from app.cli_remittances import remittances
from app.cli_repertoire import repertoire
from app.cli_rollups import money
from app.cli_templates import templates

console = Console(soft_wrap=True)  # long lines stay whole when piped (logs, tests)


def _settings():
    from app.services.db import settings
    return settings()


@click.group()
def main() -> None:
    """Rightsgraph: rights and royalties on a Neo4j graph."""


main.add_command(ledger)  # rightsgraph ledger check
main.add_command(explain)  # rightsgraph explain TRANSACTION_ID
main.add_command(alerts)  # rightsgraph alerts generate
main.add_command(payouts)  # rightsgraph payouts approve|run|confirm
main.add_command(statements)  # rightsgraph statements reprocess
main.add_command(suspense)  # rightsgraph suspense rematch
main.add_command(templates)  # rightsgraph templates add|update|list|show|detect
main.add_command(cycles)  # rightsgraph cycles create|close|show|line-items
main.add_command(exports)  # rightsgraph exports create|generate|show
main.add_command(partners)  # rightsgraph partners add|list|show|due-cycles, partners agreement add|status|show
main.add_command(repertoire)  # rightsgraph repertoire import FILE --partner CODE --format …|sync
main.add_command(remittances)  # rightsgraph remittances remit|status|show|list|statement
main.add_command(money)  # rightsgraph money rebuild-rollups


# -- neo4j -------------------------------------------------------------------------------------

@main.group()
def neo4j() -> None:
    """The project's own local Neo4j (fetched from Maven Central on first start)."""


def _local_server(instance: str | None):
    if instance:
        os.environ["RIGHTSGRAPH_INSTANCE"] = instance
    return _settings().local_server()


_instance_option = click.option("--instance", default=None, help="local instance: default (demo) or test")


@neo4j.command("start")
@_instance_option
def neo4j_start(instance: str | None) -> None:
    """Fetch (first time), configure, start and wait for Bolt. A no-op when running."""
    from graph.server.local import ServerError
    server = _local_server(instance)
    try:
        with console.status(f"starting Neo4j '{server.name}' (first start downloads ~135 MB from Maven Central)"):
            started = server.start()
    except ServerError as exc:
        raise click.ClickException(str(exc)) from exc
    status = server.status()
    console.print(f"Neo4j '{server.name}' {'started' if started else 'already running'} "
                  f"(pid {status['pid']}): {status['bolt']}  browser {status['browser']}")


@neo4j.command("stop")
@_instance_option
def neo4j_stop(instance: str | None) -> None:
    """Stop the local Neo4j gracefully. A no-op when it is not running."""
    server = _local_server(instance)
    console.print(f"Neo4j '{server.name}' {'stopped' if server.stop() else 'was not running'}")


@neo4j.command("status")
@_instance_option
def neo4j_status(instance: str | None) -> None:
    """Print the instance status as JSON; exit 3 when not running (like ``neo4j status``)."""
    status = _local_server(instance).status()
    click.echo(simplejson.dumps(status))
    sys.exit(0 if status["running"] else 3)


# -- db ----------------------------------------------------------------------------------------

@main.group()
def db() -> None:
    """The graph schema."""


@db.command("init")
def db_init() -> None:
    """Install constraints and indexes and seed territories and societies (idempotent)."""
    from app.services.db import driver
    from graph.setup import init_schema
    result = init_schema(driver())
    console.print(f"schema installed; {result['territories']} territories, {result['societies']} societies")


# -- import ------------------------------------------------------------------------------------

@main.group("import")
def import_() -> None:
    """Load catalog, statement and play-log files."""


import_.add_command(import_playlogs)  # rightsgraph import playlogs FILE --station STN-000001


@import_.command("catalog")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def import_catalog(file: str) -> None:
    """Import a catalog file (docs/catalog-format.md). The same file twice is a no-op."""
    from app.services.catalog_import import import_catalog as run_import
    from importers.catalog import CatalogFormatError
    try:
        result = run_import(file)
    except CatalogFormatError as exc:
        raise click.ClickException(f"{file}: {exc}") from exc
    console.print(f"{result.import_id}: {'imported' if result.new else 'already imported (no change)'}")
    for section, counts in result.counts.items():
        console.print(f"  {section:<13} " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    for issue in result.issues:
        console.print(f"  [yellow]skipped[/] {issue.field}: {issue.message}")


def _progress_bar() -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
                    TextColumn("{task.completed:,} lines"), TimeElapsedColumn(), console=console, transient=True)


def _allocate(statement: dict, path: str) -> dict:
    """Process a registered statement behind a progress bar (its total: the file's estimated rows)
    and return its properties: in-process, or — with a broker configured — queued on the Celery
    workers and followed until it ends (Ctrl-C stops following, not the processing)."""
    from app.services import jobs, statement_runs, statements
    sid = statement["statementId"]
    with _progress_bar() as bar:
        task = bar.add_task(f"allocating {sid}", total=statement.get("linesTotal") or statement_runs.estimate_lines(path))
        if _settings().broker_url is None:
            return statements.process(sid, progress=lambda n: bar.update(task, completed=n))
        statement, _ = jobs.process_statement(sid, actor="cli")
        bar.update(task, description=f"allocating {sid} on the Celery workers")
        while statement["status"] in ("registered", "processing"):
            bar.update(task, completed=statement["linesRead"], total=statement.get("linesTotal") or bar.tasks[0].total)
            time.sleep(0.5)
            statement = statements.get(sid)
    return statement


@import_.command("statement")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--source", default=None, help="statement layout (distrokid, tunecore, dsr, prs…); recognised from "
                                             "the file when left out")
@click.option("--period", default=None, help="YYYY-MM, for layouts that state none (prs, publisher, youtube_content_id)")
@click.option("--total", default=None, help="the statement's declared total, checked before allocation")
@click.option("--currency", default=None, help="currency of --total (default: the file's, else the wallet's)")
@click.option("--rate", "rates", multiple=True, metavar="FROM:TO:RATE[:SOURCE[:DATE]]",
              help="an exchange rate into the wallet currency (repeatable), e.g. GBP:USD:1.2712:ECB:2024-06-28")
@click.option("--template", "template_id", default=None, help="read it with this stored mapping template (TPL-…)")
@click.option("--no-process", is_flag=True, help="register only; process later")
@click.option("--force", is_flag=True, help="allocate even though the control totals do not match")
def import_statement(file: str, source: str | None, period: str | None, total: str | None, currency: str | None,
                     rates: tuple[str, ...], template_id: str | None, no_process: bool, force: bool) -> None:
    """Register a statement (sha256: the same file twice returns the first) and allocate it."""
    from app.services import fx, statements
    from app.services.db import settings
    try:
        rate_items = [fx.parse_rate_spec(spec, settings().wallet_currency) for spec in rates]
        statement, created = statements.register(file, os.path.basename(file), source, period=period,
                                                 declared_total=total, rates=rate_items, declared_currency=currency,
                                                 template_id=template_id)
    except (fx.InvalidRates, statements.StatementRejected) as exc:
        raise click.ClickException(f"{file}: {exc}") from exc
    console.print(f"{statement['statementId']}: {'registered' if created else 'already registered (same sha256)'}"
                  f" as {statement['source']}{' (recognised from the file)' if statement.get('sourceDetected') else ''}")
    if not no_process:
        if force:
            statements.force(statement["statementId"])
        statement = _allocate(statement, file)
    _print_statement(statement)
    for check in statement.get("controlChecks") or []:
        console.print(f"  control {check['check']}{' ' + check['currency'] if check['currency'] else ''}: declared "
                      f"{check['declared']}, imported {check['imported']} "
                      f"{'[green]ok' if check['ok'] else '[red]MISMATCH'}")
    if statement["status"] == statements.HELD:
        raise click.ClickException("control totals do not match: nothing was posted (--force to allocate anyway)")


def _print_statement(statement: dict) -> None:
    gross = statement.get("grossMicro")
    console.print(f"  status {statement['status']}; lines read {statement['linesRead']:,}, matched "
                  f"{statement['linesMatched']:,}, unmatched {statement['linesUnmatched']:,}, rejected "
                  f"{statement['linesRejected']:,}; gross "
                  f"{'-' if gross is None else format_amount(gross)} {statement['currency']}")


# -- users -------------------------------------------------------------------------------------

@main.group()
def users() -> None:
    """API users."""


@users.command("create")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(["admin", "finance", "ops", "viewer", "participant", "station"]))
@click.option("--participant", "participant_id", default=None, help="participantId for a participant user")
@click.password_option(envvar="RIGHTSGRAPH_USER_PASSWORD")
def users_create(username: str, role: str, participant_id: str | None, password: str) -> None:
    """Create or replace an API user."""
    from app.services.users import InvalidUser, create_user
    try:
        user = create_user(username, password, role, participant_id)
    except InvalidUser as exc:
        raise click.ClickException(str(exc)) from exc
    console.print(f"user {user['username']} ({user['role']}) saved")


# -- serve / demo ------------------------------------------------------------------------------

@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True)
@click.option("--workers", default=2, show_default=True)
def serve(host: str, port: int, workers: int) -> None:
    """Serve the API with gunicorn (OpenAPI at /api/openapi.json, Swagger UI at /api/docs)."""
    cfg = _settings()
    if cfg.neo4j_uri is None:
        cfg.local_server().start()
    gunicorn = shutil.which("gunicorn") or os.path.join(os.path.dirname(sys.executable), "gunicorn")
    os.execv(gunicorn, [gunicorn, "-w", str(workers), "-b", f"{host}:{port}", "app:create_app()"])


@main.command()
@click.option("--lines", default=2000, show_default=True, help="statement lines to generate")
def demo(lines: int) -> None:
    """The main job: local Neo4j, schema, demo catalog, a DistroKid statement, allocation, summary."""
    from app.services.demo import DEMO_ADMIN, run_demo
    from graph.server.local import ServerError
    try:
        with _progress_bar() as bar:
            task = bar.add_task("allocating the demo statement", total=None)
            result = run_demo(progress=lambda n: bar.update(task, completed=n), lines=lines)
    except ServerError as exc:
        raise click.ClickException(str(exc)) from exc
    st = result.statement
    console.rule("[bold]Rightsgraph demo")
    console.print(f"catalog: {'imported' if result.catalog_new else 'already in the graph'}")
    console.print(f"statement {st['statementId']} ({st['filename']}, DistroKid layout):")
    _print_statement(st)
    table = Table(title="Allocation of this statement", show_lines=False)
    for col, justify in (("account", "left"), ("kind", "left"), ("participant", "left"),
                         ("allocated USD", "right"), ("balance USD", "right")):
        table.add_column(col, justify=justify)
    for row in result.allocation:
        table.add_row(row["accountId"], row["kind"], row["name"] or "-", str(format_amount(row["allocated"])),
                      str(format_amount(row["balance"])))
    console.print(table)
    allocated = sum(r["allocated"] for r in result.allocation)
    wallets = sum(r["allocated"] for r in result.allocation if r["kind"] == "wallet")
    suspense = allocated - wallets
    ok = allocated == st["grossMicro"]
    console.print(f"Σ wallets {format_amount(wallets)} + suspense {format_amount(suspense)} = "
                  f"{format_amount(allocated)} USD; statement gross {format_amount(st['grossMicro'])} USD (exact "
                  f"{st['grossExact']}): {'[green]balanced to the micro-unit' if ok else '[red]MISMATCH'}")
    console.rule(f"Money Hub of {result.hub['participantId']}")
    console.print_json(simplejson.dumps(result.hub, use_decimal=True))
    server = _settings().local_server()
    console.print(f"Neo4j Browser: {server.browser_url} (user neo4j, password {_settings().neo4j_password}); "
                  f"API: `rightsgraph serve`, token: POST /api/auth/token as {DEMO_ADMIN[0]}/{DEMO_ADMIN[1]}")
    if not ok:
        sys.exit(1)


@main.command()
@click.option("--asset", "asset_id", default=None, help="workId or recordingId (default: the whole graph)")
def validate(asset_id: str | None) -> None:
    """Validate ownership splits (100 % ± 0.06 per right type, country and period; publishers ≤ 50 %
    of performance): record data-quality issues, open disputes for conflicts, print the findings."""
    from app.services.validation import ISSUE_LIMIT, AssetNotFound, validate as run_validation
    try:
        with console.status("validating splits") as status:
            summary = run_validation(asset_id, actor="cli",
                                     progress=lambda n: status.update(f"validating splits: {n:,} assets checked"))
    except AssetNotFound as exc:
        raise click.ClickException(f"no work or recording {exc}") from exc
    table = Table(title="Split findings", show_lines=False)
    for col, justify in (("issue", "left"), ("kind", "left"), ("asset", "left"), ("right", "left"),
                         ("country", "left"), ("from", "left"), ("until", "left"), ("total %", "right"),
                         ("owners (%)", "left")):
        table.add_column(col, justify=justify)
    for issue in summary["issues"]:
        w = issue["witness"]
        country = f"{w['country']} (rest of world)" if w["restOfWorld"] else w["country"]
        owners = ", ".join(f"{o['participantId']} {o['share']}{' pub' if o['publisher'] else ''}" for o in w["owners"])
        table.add_row(issue["issueId"], issue["kind"], w["assetId"], w["rightType"], country, w["date"],
                      w["until"] or "-", str(w["total"]), owners or "none")
    if summary["issues"]:
        console.print(table)
    if summary["issuesOmitted"]:
        console.print(f"… and {summary['issuesOmitted']:,} more (first {ISSUE_LIMIT} listed): "
                      "GET /api/quality/issues lists them all")
    counts = ", ".join(f"{kind} {n:,}" for kind, n in summary["findings"].items())
    console.print(f"{summary['assetsChecked']:,} assets checked; findings: {counts}; "
                  f"{summary['resolved']:,} issues resolved; {summary['disputesOpened']} disputes opened"
                  + (f" ({', '.join(summary['disputeIds'])})" if summary["disputeIds"] else ""))


if __name__ == "__main__":
    main()
