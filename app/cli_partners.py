"""``rightsgraph partners add|list|show`` and ``rightsgraph partners agreement add|status|show``
(click + rich): partner societies and their reciprocal agreements (issue 7 item 1;
app.services.partners, app.services.reciprocal_agreements)."""
from __future__ import annotations

import datetime as dt
import json

import click
import simplejson
from rich.console import Console
from rich.table import Table

from app.cli_errors import use_case_errors

console = Console(soft_wrap=True)


def _echo_json(value: dict) -> None:
    click.echo(simplejson.dumps(value, default=str, use_decimal=True, indent=2))


def _print_partner(p: dict) -> None:
    state = "active" if p["active"] else "inactive"
    console.print(f"{p['participantId']} [bold]{p['code']}[/] {p['name']} ({p['country']}, {state}): reports "
                  f"{p['reportingStandard']}, admin fee {p['defaultAdminFeePercent']} %, "
                  f"currency {p['currency'] or '-'}, {p['agreements']} agreement(s)")


def _print_agreement(a: dict) -> None:
    until = a["validTo"] or "open"
    excluded = f" minus {', '.join(a['excluded'])}" if a["excluded"] else ""
    m = a["mandates"]
    console.print(f"{a['agreementId']} {a['partnerCode']} [bold]{a['status']}[/] {', '.join(a['territories'])}"
                  f"{excluded} [{a['validFrom']} .. {until}) {'/'.join(a['rightTypes'])}, fee "
                  f"{a['effectiveAdminFeePercent']} %, {a['reportingFrequency']}; mandates active {m['active']:,}, "
                  f"suspended {m['suspended']:,}, superseded {m['superseded']:,}")


@click.group("partners")
def partners() -> None:
    """Partner societies we represent (reciprocal representation)."""


@partners.command("add")
@click.option("--code", required=True, help="society code (ASCAP); a seeded society is reused")
@click.option("--name", required=True)
@click.option("--country", required=True, help="ISO 3166-1 alpha-2")
@click.option("--standard", "reporting_standard", required=True, type=click.Choice(["CWR", "DDEX-DSR", "CSV-Custom"]),
              help="the reports it expects")
@click.option("--admin-fee", required=True, help="default admin fee %, e.g. 15")
@click.option("--contact", default="{}", help='JSON {"name", "email", "phone", "address"}')
@click.option("--remittance", default="{}", help='JSON, e.g. {"currency": "USD", "withholdingTaxPercent": 10}')
@click.option("--inactive", is_flag=True, help="created inactive")
@click.option("--json", "as_json", is_flag=True)
def add(code: str, name: str, country: str, reporting_standard: str, admin_fee: str, contact: str, remittance: str,
        inactive: bool, as_json: bool) -> None:
    """Make a society a partner."""
    from app.services import partners as service
    try:
        record = {"code": code, "name": name, "country": country, "reportingStandard": reporting_standard,
                  "defaultAdminFeePercent": admin_fee, "contact": json.loads(contact), "active": not inactive,
                  "remittanceRequirements": simplejson.loads(remittance, use_decimal=True)}
    except json.JSONDecodeError as exc:
        raise click.BadParameter(f"not JSON: {exc}") from exc
    with use_case_errors():
        partner = service.create_partner(record, "cli")
    _echo_json(partner) if as_json else _print_partner(partner)


@partners.command("list")
@click.option("--active/--inactive", default=None, help="only active or inactive partners")
@click.option("--json", "as_json", is_flag=True)
def list_(active: bool | None, as_json: bool) -> None:
    """Every partner, by participantId."""
    from app.services import partners as service
    rows, _ = service.list_partners(0, 10_000, active=active)
    if as_json:
        _echo_json(rows)
        return
    table = Table("id", "code", "name", "country", "active", "standard", "fee %", "agreements")
    for p in rows:
        table.add_row(p["participantId"], p["code"], p["name"], p["country"], "yes" if p["active"] else "no",
                      p["reportingStandard"], str(p["defaultAdminFeePercent"]), str(p["agreements"]))
    console.print(table)


@partners.command("show")
@click.argument("ref")
@click.option("--json", "as_json", is_flag=True)
def show(ref: str, as_json: bool) -> None:
    """A partner (participantId or code) and its agreements."""
    from app.services import partners as service
    from app.services import reciprocal_agreements
    with use_case_errors():
        partner = service.get_partner(ref)
    agreements, _ = reciprocal_agreements.list_agreements(0, 10_000, partner_ref=partner["code"])
    if as_json:
        _echo_json({**partner, "agreementList": agreements})
        return
    _print_partner(partner)
    for a in agreements:
        _print_agreement(a)


@partners.group("agreement")
def agreement() -> None:
    """Reciprocal agreements with a partner."""


@agreement.command("add")
@click.option("--partner", required=True, help="participantId or society code")
@click.option("--territory", "territories", required=True, multiple=True, help="territory code (repeatable)")
@click.option("--exclude", "excluded", multiple=True, help="excluded territory code (repeatable)")
@click.option("--from", "valid_from", required=True, type=click.DateTime(["%Y-%m-%d"]), help="effective date")
@click.option("--to", "valid_to", default=None, type=click.DateTime(["%Y-%m-%d"]), help="expiry (exclusive)")
@click.option("--admin-fee", default=None, help="admin fee % overriding the partner's default")
@click.option("--right", "right_types", multiple=True, help="work right type (default performance; repeatable)")
@click.option("--frequency", required=True, help="Quarterly | SemiAnnual | Annual | a cron expression")
@click.option("--notes", default=None)
@click.option("--active", is_flag=True, help="create it Active (its mandates are written at once)")
@click.option("--json", "as_json", is_flag=True)
def agreement_add(partner: str, territories: tuple[str, ...], excluded: tuple[str, ...], valid_from: dt.datetime,
                  valid_to: dt.datetime | None, admin_fee: str | None, right_types: tuple[str, ...], frequency: str,
                  notes: str | None, active: bool, as_json: bool) -> None:
    """Create a reciprocal agreement (Draft unless --active)."""
    from app.services import reciprocal_agreements as service
    record = {"partner": partner, "territories": list(territories), "excluded": list(excluded),
              "validFrom": valid_from.date().isoformat(), "validTo": valid_to and valid_to.date().isoformat(),
              "adminFeePercent": admin_fee, "reportingFrequency": frequency, "notes": notes,
              "status": "Active" if active else "Draft"}
    if right_types:
        record["rightTypes"] = list(right_types)
    with use_case_errors():
        created = service.create_agreement(record, "cli")
    _echo_json(created) if as_json else _print_agreement(created)


@agreement.command("status")
@click.argument("agreement_id")
@click.argument("status", type=click.Choice(["Active", "Suspended", "Terminated"]))
@click.option("--on", "on", default=None, type=click.DateTime(["%Y-%m-%d"]), help="termination date (default today)")
@click.option("--json", "as_json", is_flag=True)
def agreement_status(agreement_id: str, status: str, on: dt.datetime | None, as_json: bool) -> None:
    """Activate, suspend or terminate an agreement; its mandates follow."""
    from app.services import reciprocal_agreements as service
    with use_case_errors():
        changed = service.set_status(agreement_id, status, "cli", on=on and on.date())
    _echo_json(changed) if as_json else _print_agreement(changed)


@agreement.command("show")
@click.argument("agreement_id")
@click.option("--json", "as_json", is_flag=True)
def agreement_show(agreement_id: str, as_json: bool) -> None:
    """One agreement with its mandates counted by status."""
    from app.services import reciprocal_agreements as service
    with use_case_errors():
        found = service.get_agreement(agreement_id)
    _echo_json(found) if as_json else _print_agreement(found)


@partners.command("due-cycles")
@click.option("--today", default=None, type=click.DateTime(["%Y-%m-%d"]), help="default: today")
@click.option("--json", "as_json", is_flag=True)
def due_cycles(today: dt.datetime | None, as_json: bool) -> None:
    """The royalty cycles the scheduler would close now (per Active agreement's frequency)."""
    from app.services import reciprocal_agreements as service
    due = service.due_cycles(today.date() if today else dt.date.today())
    if as_json:
        _echo_json(due)
        return
    for d in due:
        console.print(f"{d['agreementId']} {d['partnerCode']} {d['territory']} {d['period']} "
                      f"[{d['periodStart']} .. {d['periodEnd']})")
    if not due:
        console.print("nothing due")
