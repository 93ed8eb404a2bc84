"""``rightsgraph import playlogs FILE --station …`` (click + rich): a monitoring export in."""
from __future__ import annotations

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from app.money import format_amount

console = Console(soft_wrap=True)


@click.command("playlogs")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--station", default=None, help="stationId, stream id or name (required when the file names none)")
@click.option("--format", "layout", default=None, type=click.Choice(["triplej", "suisa", "csv", "json"]),
              help="play-log layout (default: recognised from the file)")
@click.option("--issues", "show_issues", default=20, show_default=True, help="rejected rows listed")
def import_playlogs(file: str, station: str | None, layout: str | None, show_issues: int) -> None:
    """Import a play log: register it (the same file for the same station again repeats the
    same import), check every row, attribute the plays to the catalog and charge the matched
    ones to the station into the central pool. Nothing is charged twice."""
    from app.services import playlogs
    from app.services.catalog import UnknownEntity
    from importers.records import FormatError
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TextColumn("{task.completed:,} rows"),
                  TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task(f"importing {file}", total=None)
        try:
            result = playlogs.import_file(file, station, layout, progress=lambda n: bar.update(task, completed=n))
        except (UnknownEntity, playlogs.UnknownLayout, FormatError) as exc:
            raise click.ClickException(f"{file}: {exc}") from exc
    found = result["import"]
    console.print(f"{found['importId']} ({found['format']}): {'imported' if result['created'] else 're-processed'}; "
                  f"rows {found['received']:,}, plays {found['accepted']:,} ({result['new']:,} new), rejected "
                  f"{found['rejected']:,} (duplicates {found['duplicates']:,})")
    refused = ", ".join(f"{status} {n:,}" for status, n in sorted(result["refused"].items())) or "none"
    console.print(f"  charged {result['charged']:,} play(s), {format_amount(result['chargedMicro'])}; "
                  f"not charged: {refused}")
    summary = playlogs.get_import(found["importId"])
    for row in sorted(summary["byStatus"], key=lambda r: (r["status"], r["chargeStatus"])):
        console.print(f"  {row['status']:<10} {row['chargeStatus']:<18} {row['plays']:>8,}")
    for issue in playlogs.import_issues(found["importId"], 0, show_issues):
        console.print(f"  [yellow]line {issue['line']}[/] {issue['field'] or '-'}: {issue['message']}")
