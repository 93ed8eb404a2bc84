"""``rightsgraph cycles create|close|show|line-items`` (click + rich): royalty cycles of the
partner societies we represent (issue 7 item 4; app.services.cycles)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import click
import simplejson
from rich.console import Console
from rich.table import Table

from app.cli_errors import use_case_errors

console = Console(soft_wrap=True)


def _print_cycle(cycle: dict, as_json: bool) -> None:
    if as_json:
        click.echo(simplejson.dumps(cycle, default=str, use_decimal=True, indent=2))
        return
    fee = "" if cycle["adminFeePercent"] is None else f", admin fee override {cycle['adminFeePercent']} %"
    console.print(f"{cycle['cycleId']} {cycle['territory']} {cycle['period']} [{cycle['periodStart']} .. "
                  f"{cycle['periodEnd']}) {cycle['currency']}{fee}: [bold]{cycle['status']}[/], "
                  f"{cycle['lineItems']} line item(s)")
    totals = cycle["totals"]
    if totals:
        table = Table("partner", "usages", "line items", "gross", "fee", "net", "entry")
        for p in totals["partners"]:
            table.add_row(p["partnerCode"], f"{p['usageCount']:,}", f"{p['lineItems']:,}", str(p["gross"]),
                          str(p["fee"]), str(p["net"]), p["entryId"] or "-")
        table.add_row("total", f"{totals['usageCount']:,}", "", str(totals["gross"]), str(totals["fee"]),
                      str(totals["net"]), "")
        console.print(table)


@click.group("cycles")
def cycles() -> None:
    """Royalty cycles: what partners' repertoire earned in a territory and period."""


@cycles.command("create")
@click.option("--territory", required=True, help="territory code (GH)")
@click.option("--period", default=None, help="2025-Q1 | 2025-H1 | 2025 | 2025-03 | 2025-01-15..2025-04-15")
@click.option("--start", "period_start", default=None, type=click.DateTime(["%Y-%m-%d"]), help="instead of --period")
@click.option("--end", "period_end", default=None, type=click.DateTime(["%Y-%m-%d"]), help="exclusive")
@click.option("--admin-fee", default=None, help="admin fee % overriding the agreements'")
@click.option("--currency", default=None, help="default: the territory's stations' currency")
@click.option("--json", "as_json", is_flag=True)
def create(territory: str, period: str | None, period_start: dt.datetime | None, period_end: dt.datetime | None,
           admin_fee: str | None, currency: str | None, as_json: bool) -> None:
    """Open a cycle."""
    from app.services import cycles as service
    record = {"territory": territory, "period": period, "periodStart": period_start and period_start.date(),
              "periodEnd": period_end and period_end.date(),
              "adminFeePercent": None if admin_fee is None else Decimal(admin_fee), "currency": currency}
    with use_case_errors():
        _print_cycle(service.create_cycle(record, "cli"), as_json)


@cycles.command("close")
@click.argument("cycle_id")
@click.option("--json", "as_json", is_flag=True)
def close(cycle_id: str, as_json: bool) -> None:
    """Close a cycle: line items, ledger, Locked (a closed cycle is shown unchanged)."""
    from app.services import cycles as service
    with use_case_errors():
        _print_cycle(service.close_cycle(cycle_id, "cli"), as_json)


@cycles.command("show")
@click.argument("cycle_id")
@click.option("--json", "as_json", is_flag=True)
def show(cycle_id: str, as_json: bool) -> None:
    """A cycle and its totals per partner."""
    from app.services import cycles as service
    with use_case_errors():
        _print_cycle(service.get_cycle(cycle_id), as_json)


@cycles.command("line-items")
@click.argument("cycle_id")
@click.option("--partner", default=None, help="participantId or society code")
@click.option("--work", "work_id", default=None)
@click.option("--page", default=1, show_default=True)
@click.option("--page-size", default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def line_items(cycle_id: str, partner: str | None, work_id: str | None, page: int, page_size: int,
               as_json: bool) -> None:
    """A page of a cycle's line items."""
    from app.services import cycles as service
    with use_case_errors():
        rows, total = service.line_items(cycle_id, (page - 1) * page_size, page_size, partner, work_id)
    if as_json:
        click.echo(simplejson.dumps({"total": total, "items": rows}, default=str, use_decimal=True, indent=2))
        return
    table = Table("line item", "partner", "work", "recording", "title", "usages", "gross", "fee %", "fee", "net")
    for r in rows:
        table.add_row(r["lineItemId"], r["partnerCode"], r["workId"] or "-", r["recordingId"] or "-",
                      r["title"] or "-", f"{r['usageCount']:,}", str(r["gross"]), str(r["adminFeePercent"]),
                      str(r["fee"]), str(r["net"]))
    console.print(table)
    console.print(f"{len(rows)} of {total} line item(s)")
