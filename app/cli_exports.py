"""``rightsgraph exports create|generate|show`` (click + rich): partner reports of closed cycles."""
from __future__ import annotations

import click
from rich.console import Console

from app.cli_errors import use_case_errors
from graph.reciprocal_schema import EXPORT_FORMATS

console = Console(soft_wrap=True)
ACTOR = "cli"


def _print(export: dict) -> None:
    console.print(f"{export['exportId']} {export['format']:<8} {export['partnerCode']:<8} {export['rows'] or 0:>8,} "
                  f"rows  sha256 {export['sha256']}  {export['filename']}")


@click.group("exports")
def exports() -> None:
    """Partner reports (CSV, CWR, DDEX-DSR) of closed royalty cycles."""


@exports.command("create")
@click.option("--cycle", "cycle_id", required=True, help="CYC-… id of a closed cycle")
@click.option("--partner", required=True, help="society code (ASCAP) or participantId of the partner")
@click.option("--format", "fmt", required=True, type=click.Choice(EXPORT_FORMATS), help="report format")
def create(cycle_id: str, partner: str, fmt: str) -> None:
    """Write one partner's report of a cycle into the export directory and record it."""
    from app.services import reciprocal_exports
    with use_case_errors():
        _print(reciprocal_exports.export(cycle_id, partner, fmt, ACTOR))


@exports.command("generate")
@click.option("--cycle", "cycle_id", required=True, help="CYC-… id of a closed cycle")
def generate(cycle_id: str) -> None:
    """Every partner with line items in the cycle gets its report in its reporting standard."""
    from app.services import reciprocal_exports
    with use_case_errors():
        done = reciprocal_exports.generate_reports(cycle_id, ACTOR)
    for export in done:
        _print(export)
    console.print(f"{len(done)} report(s)")


@exports.command("show")
@click.argument("export_id")
def show(export_id: str) -> None:
    """An export's record and where its file is."""
    from app.services import reciprocal_exports
    with use_case_errors(FileNotFoundError):
        path, export = reciprocal_exports.export_path(export_id)
    _print(export)
    console.print(f"generated {export['generatedAt']:%Y-%m-%d %H:%M:%S} by {export['generatedBy']}: {path}")
