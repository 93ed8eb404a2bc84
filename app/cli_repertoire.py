"""``rightsgraph repertoire import FILE --partner CODE --format csv|cwr|ddex-ern [--dry-run]
[--json]`` and ``rightsgraph repertoire sync`` (click + rich): partners' repertoire files in."""
from __future__ import annotations

import sys

import click
import simplejson
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from graph.reciprocal_schema import REPERTOIRE_FORMATS

console = Console(soft_wrap=True)


@click.group()
def repertoire() -> None:
    """Partner societies' repertoire (works, recordings, writers' shares)."""


def _print_log(result: dict, show: int) -> None:
    log = result["log"]
    console.print(f"{result['importId'] or 'dry run'} ({result['partnerCode']}, {result['format']}): "
                  f"{result['status']}{'' if result.get('new', True) else ' (imported before: its log)'}")
    table = Table("", "read", "created", "updated", "unchanged")
    for kind in ("works", "recordings", "writers", "publishers", "performers"):
        table.add_row(kind, f"{log[kind]:,}" if kind in log else "", *(f"{log[s][kind]:,}"
                      for s in ("created", "updated", "unchanged")))
    console.print(table)
    console.print(f"mandates created {log['mandates']:,}; conflicts {len(log['conflicts']):,}; missing ids "
                  f"{len(log['missingIds']):,}; errors {len(log['errors']):,}")
    for title, rows, text in (("conflict", log["conflicts"], lambda c: f"{c['kind']}: {c['title']} — {c['message']}"),
                              ("missing", log["missingIds"], lambda m: f"{m['missing']}: {m['kind']} {m['title']}"),
                              ("error", log["errors"], lambda e: f"{e['field'] or '-'}: {e['message']}")):
        for row in rows[:show]:
            console.print(f"  [yellow]{title} line {row['line']}[/] {text(row)}")
    if result.get("error"):
        console.print(f"[red]failed:[/] {result['error']}")


@repertoire.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--partner", required=True, help="partner society code (ASCAP…) or participantId")
@click.option("--format", "fmt", required=True, type=click.Choice(REPERTOIRE_FORMATS), help="file format")
@click.option("--dry-run", is_flag=True, help="report what would be created/updated; write nothing")
@click.option("--json", "as_json", is_flag=True, help="print the import (with its log) as JSON")
@click.option("--show", default=20, show_default=True, help="conflicts, missing ids and errors listed")
def import_(file: str, partner: str, fmt: str, dry_run: bool, as_json: bool, show: int) -> None:
    """Import a partner's repertoire file: works by ISWC, recordings by ISRC, fuzzy title +
    writers when there is no ISWC, the partner's shares as CLAIMS, mandates of its Active
    agreements. The same file again prints the first import's log and writes nothing. Exit
    code 1 when the import failed or the file held nothing but errors."""
    from app.services import repertoire_import
    from app.services.catalog import UnknownEntity
    from app.services.entities import InvalidInput
    from importers.records import FormatError
    with Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
                  TextColumn("{task.completed:,} records"), TimeElapsedColumn(), console=console,
                  transient=True, disable=as_json) as bar:
        task = bar.add_task(f"importing {file}", total=None)
        try:
            result = repertoire_import.import_repertoire(
                file, partner, fmt, "cli", dry_run=dry_run,
                progress=lambda done, total: bar.update(task, completed=done, total=total))
        except (UnknownEntity, InvalidInput, FormatError) as exc:
            raise click.ClickException(f"{file}: {exc}") from exc
        except Exception as exc:  # the import is marked failed with this error; say so and exit 1
            console.print(f"[red]import failed:[/] {type(exc).__name__}: {exc}")
            sys.exit(1)
    if as_json:
        click.echo(simplejson.dumps(result, default=str, indent=2))
    else:
        _print_log(result, show)
    log = result["log"] or {}
    if result["status"] == "failed" or (log.get("errors") and not (log.get("works") or log.get("recordings"))):
        sys.exit(1)


@repertoire.command("sync")
def sync() -> None:
    """Import every new file of the drop folder (RIGHTSGRAPH_REPERTOIRE_DROP_DIR/<PARTNERCODE>/);
    what the nightly schedule runs. Exit code 1 when a file or folder failed."""
    from app.services import repertoire_import
    results = repertoire_import.sync_drop_folder("cli")
    for r in results:
        console.print(f"{r['partner']}/{r['file'] or ''}: {r['importId'] or '-'} {r['status']}"
                      f"{'' if not r['error'] else ' — ' + r['error']}")
    if not results:
        console.print("no new file")
    if any(r["status"] == "failed" for r in results):
        sys.exit(1)
