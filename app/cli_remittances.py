"""``rightsgraph remittances remit|status|show|list|statement`` (click + rich): paying partner
societies what a closed royalty cycle owes them (issue 7 item 6; app.services.remittances)."""
from __future__ import annotations

from pathlib import Path

import click
import simplejson
from rich.console import Console
from rich.table import Table

from app.cli_errors import use_case_errors
from graph.reciprocal_schema import REMITTANCE_STATUSES as STATUSES

console = Console(soft_wrap=True)


def _print(rem: dict, as_json: bool) -> None:
    if as_json:
        click.echo(simplejson.dumps(rem, default=str, use_decimal=True, indent=2))
        return
    cur = rem["currency"]
    console.print(f"{rem['remittanceId']} {rem['partnerCode']} cycle {rem['cycleId']} ({rem['period']}, "
                  f"{rem['territory']}): [bold]{rem['status']}[/]" + (f", reference {rem['reference']}"
                                                                       if rem["reference"] else ""))
    table = Table("gross", "fee", "net", f"withholding {rem['withholdingTaxPercent']} %", "payable", "remitted")
    remitted = f"{rem['remitted']} {rem['remittedCurrency']} @ {rem['fx']['rate']}" if rem["fx"] else "-"
    table.add_row(*(f"{rem[k]} {cur}" for k in ("gross", "fee", "net", "withholding", "payable")), remitted)
    console.print(table)
    if rem["reason"]:
        console.print(f"  reason: {rem['reason']}")
    console.print(f"  entries: {', '.join(rem['entryIds']) or 'none'}; next: "
                  f"{', '.join(rem['allowedTransitions']) or 'none (final)'}")


@click.group("remittances")
def remittances() -> None:
    """Remittances: a closed cycle's net paid to a partner society."""


@remittances.command("remit")
@click.argument("cycle_id")
@click.option("--partner", required=True, help="society code (ASCAP) or participantId")
@click.option("--withholding", default=None, help="withholding tax % (default: the partner's requirements, else 0)")
@click.option("--fx", "fx_spec", default=None, metavar="TO:RATE[:SOURCE[:DATE]]",
              help="rate into the partner's currency, e.g. USD:0.0851:ECB:2025-04-02")
@click.option("--reference", default=None, help="our invoice / remittance advice reference")
@click.option("--json", "as_json", is_flag=True)
def remit(cycle_id: str, partner: str, withholding: str | None, fx_spec: str | None, reference: str | None,
          as_json: bool) -> None:
    """Create the partner's remittance of a Locked or Invoiced cycle (again: the existing one)."""
    from app.services import remittances as service
    record = {"withholdingTaxPercent": withholding, "reference": reference, "fx": None}
    if fx_spec:
        parts = fx_spec.split(":")
        if not 2 <= len(parts) <= 4:
            raise click.BadParameter("TO:RATE[:SOURCE[:DATE]]", param_hint="--fx")
        record["fx"] = dict(zip(("to", "rate", "source", "date"), parts))
    with use_case_errors():
        rem, created = service.remit(cycle_id, partner, record, "cli")
    if not created and not as_json:
        console.print("[yellow]the cycle already has this partner's remittance:[/]")
    _print(rem, as_json)


@remittances.command("status")
@click.argument("remittance_id")
@click.argument("status", type=click.Choice(STATUSES))
@click.option("--reference", default=None, help="the bank transfer's reference (Sent, Settled)")
@click.option("--reason", default=None, help="why it failed (required for Failed)")
@click.option("--json", "as_json", is_flag=True)
def status(remittance_id: str, status: str, reference: str | None, reason: str | None, as_json: bool) -> None:
    """Move a remittance: Sent, Settled, Failed (--reason), or Pending again after a failure."""
    from app.services import remittances as service
    with use_case_errors():
        _print(service.set_status(remittance_id, status, "cli", reference, reason), as_json)


@remittances.command("show")
@click.argument("remittance_id")
@click.option("--json", "as_json", is_flag=True)
def show(remittance_id: str, as_json: bool) -> None:
    """One remittance: amounts, FX, entries, next statuses."""
    from app.services import remittances as service
    with use_case_errors():
        _print(service.get_remittance(remittance_id), as_json)


@remittances.command("list")
@click.option("--cycle", "cycle_id", default=None)
@click.option("--partner", default=None, help="society code or participantId")
@click.option("--status", default=None, type=click.Choice(STATUSES))
@click.option("--limit", default=50, show_default=True)
def list_(cycle_id: str | None, partner: str | None, status: str | None, limit: int) -> None:
    """Remittances, newest first."""
    from app.services import remittances as service
    rows, total = service.list_remittances(0, limit, cycle_id, partner, status)
    for r in rows:  # one plain line each: greppable, never cut to the terminal's width
        remitted = f", remitted {r['remitted']} {r['remittedCurrency']}" if r["remittedCurrency"] else ""
        console.print(f"{r['remittanceId']} {r['partnerCode']} {r['cycleId']} {r['period']} {r['status']}: payable "
                      f"{r['payable']} {r['currency']}{remitted}")
    console.print(f"{len(rows)} of {total}")


@remittances.command("statement")
@click.argument("remittance_id")
@click.option("--format", "fmt", default="pdf", show_default=True, type=click.Choice(["csv", "pdf"]))
@click.option("-o", "--output", default=None, type=click.Path(dir_okay=False),
              help="file to write (default: the statement's file name in the current directory)")
def statement(remittance_id: str, fmt: str, output: str | None) -> None:
    """Write the remittance statement (CSV or PDF)."""
    from app.services import remittances as service
    with use_case_errors():
        data, filename, _ = service.statement(remittance_id, fmt)
    path = Path(output or filename)
    path.write_bytes(data)
    console.print(f"{path} ({len(data):,} bytes)")
